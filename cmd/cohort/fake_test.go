package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// fakeStacks stands in for the Pulumi CLI: it keeps each stack's config and outputs in memory,
// records every call in order, fails the operations it is told to, and measures how many
// long-running operations (preview, up, destroy) overlap.
type fakeStacks struct {
	mu     sync.Mutex
	stacks map[string]*fakeStack
	// events are "start <op> <stack>" and "end <op> <stack>", in the order they happened.
	events []string
	// failures maps "<op> <stack>" to the error that operation returns until removed.
	failures map[string]string
	// delay is how long each long-running operation takes, so that concurrent ones overlap.
	delay       time.Duration
	inFlight    int
	maxInFlight int
}

type fakeStack struct {
	config map[string]any
	// secrets are kept apart, as a stack file keeps them encrypted.
	secrets  map[string]string
	deployed bool
}

func newFake() *fakeStacks {
	return &fakeStacks{stacks: map[string]*fakeStack{}, failures: map[string]string{}, delay: 5 * time.Millisecond}
}

// withStack adds an existing stack with its config, deployed or not.
func (f *fakeStacks) withStack(name string, cfg map[string]any, deployed bool) *fakeStacks {
	f.stacks[name] = &fakeStack{config: cfg, deployed: deployed}
	return f
}

func (f *fakeStacks) failOn(op, stack, message string) { f.failures[op+" "+stack] = message }

func (f *fakeStacks) begin(op, stack string, long bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, "start "+op+" "+stack)
	if long {
		f.inFlight++
		f.maxInFlight = max(f.maxInFlight, f.inFlight)
	}
	if msg, ok := f.failures[op+" "+stack]; ok {
		return errors.New(msg)
	}
	return nil
}

func (f *fakeStacks) end(op, stack string, long bool) {
	if long {
		time.Sleep(f.delay)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, "end "+op+" "+stack)
	if long {
		f.inFlight--
	}
}

func (f *fakeStacks) List(context.Context) ([]string, error) {
	if err := f.begin("list", "", false); err != nil {
		return nil, err
	}
	defer f.end("list", "", false)
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.stacks)), nil
}

func (f *fakeStacks) get(stack string) (*fakeStack, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.stacks[stack]
	if !ok {
		return nil, fmt.Errorf("no stack named %q found", stack)
	}
	return s, nil
}

// Config renders values as the CLI hands them to programs: objects as JSON text.
func (f *fakeStacks) Config(_ context.Context, stack string) (map[string]string, error) {
	if err := f.begin("config", stack, false); err != nil {
		return nil, err
	}
	defer f.end("config", stack, false)
	s, err := f.get(stack)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range s.config {
		if text, ok := v.(string); ok {
			out[k] = text
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		out[k] = string(raw)
	}
	return out, nil
}

func (f *fakeStacks) Ensure(_ context.Context, stack string, cfg map[string]any, secrets map[string]string) error {
	if err := f.begin("ensure", stack, false); err != nil {
		return err
	}
	defer f.end("ensure", stack, false)
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.stacks[stack]
	if !ok {
		s = &fakeStack{config: map[string]any{}}
		f.stacks[stack] = s
	}
	// Through JSON, as a stack file would keep it: the fake must not share maps with the caller.
	raw, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	var copied map[string]any
	if err := json.Unmarshal(raw, &copied); err != nil {
		return err
	}
	maps.Copy(s.config, copied)
	if len(secrets) > 0 && s.secrets == nil {
		s.secrets = map[string]string{}
	}
	maps.Copy(s.secrets, secrets)
	return nil
}

func (f *fakeStacks) Preview(_ context.Context, stack string) (map[string]int, error) {
	err := f.begin("preview", stack, true)
	defer f.end("preview", stack, true)
	if err != nil {
		return nil, err
	}
	s, err := f.get(stack)
	if err != nil {
		return nil, err
	}
	if s.deployed {
		return map[string]int{"same": 40, "update": 1}, nil
	}
	return map[string]int{"create": 41}, nil
}

func (f *fakeStacks) Up(_ context.Context, stack string) (Outputs, error) {
	err := f.begin("up", stack, true)
	defer f.end("up", stack, true)
	if err != nil {
		return nil, err
	}
	s, err := f.get(stack)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	s.deployed = true
	f.mu.Unlock()
	return f.outputs(stack, s), nil
}

// outputs are what the program would export: a learner's invoke URL and every stack's cost,
// lower while paused.
func (f *fakeStacks) outputs(stack string, s *fakeStack) Outputs {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !s.deployed {
		return Outputs{}
	}
	paused, _ := s.config[pausedKey].(bool)
	if s.config[shapeKey] != learnerShape {
		cost := 1.25
		if paused {
			cost = 0.05
		}
		return Outputs{hourlyCostOutput: cost}
	}
	cost := 0.12
	if paused {
		cost = 0.01
	}
	return Outputs{invokeURLOutput: "https://" + stack + ".execute-api.us-east-1.amazonaws.com/dev", hourlyCostOutput: cost}
}

func (f *fakeStacks) Outputs(_ context.Context, stack string) (Outputs, error) {
	if err := f.begin("outputs", stack, false); err != nil {
		return nil, err
	}
	defer f.end("outputs", stack, false)
	s, err := f.get(stack)
	if err != nil {
		return nil, err
	}
	return f.outputs(stack, s), nil
}

func (f *fakeStacks) Destroy(_ context.Context, stack string) error {
	err := f.begin("destroy", stack, true)
	defer f.end("destroy", stack, true)
	if err != nil {
		return err
	}
	s, err := f.get(stack)
	if err != nil {
		return err
	}
	f.mu.Lock()
	s.deployed = false
	f.mu.Unlock()
	return nil
}

func (f *fakeStacks) Remove(_ context.Context, stack string) error {
	if err := f.begin("remove", stack, false); err != nil {
		return err
	}
	defer f.end("remove", stack, false)
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.stacks[stack]
	switch {
	case !ok:
		return fmt.Errorf("no stack named %q found", stack)
	case s.deployed:
		return fmt.Errorf("stack %q still has resources", stack)
	}
	delete(f.stacks, stack)
	return nil
}

// index is the position of the first event with this text, or -1.
func (f *fakeStacks) index(event string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Index(f.events, event)
}

// eventsOf lists the events whose text has the prefix, in order.
func (f *fakeStacks) eventsOf(prefix string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, e := range f.events {
		if strings.HasPrefix(e, prefix) {
			out = append(out, e)
		}
	}
	return out
}

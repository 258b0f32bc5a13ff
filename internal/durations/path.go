package durations

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
)

// Step is one resource on a chain, with the time its own create or delete takes.
type Step struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Seconds int    `json:"seconds"`
}

// Path is a chain of resources each waiting for the previous one, and its total.
type Path struct {
	Seconds int    `json:"seconds"`
	Chain   []Step `json:"chain"`
}

// Destroy is the teardown estimate two ways: as the engine schedules it, one dependency
// level after another, and as the longest chain of deletes that truly wait on each other.
// The gap between them is time spent waiting for the slowest member of a level.
type Destroy struct {
	ByLevelsSeconds int `json:"byLevelsSeconds"`
	// Levels holds the slowest member of each level, in the order the engine deletes them.
	Levels       []Step `json:"levels"`
	LongestChain Path   `json:"longestChain"`
}

// Estimate is how long a new stack's `pulumi up` and its `pulumi destroy` take.
type Estimate struct {
	Up      Path    `json:"up"`
	Destroy Destroy `json:"destroy"`
	// Defaulted lists the types the table does not know, timed with DefaultTypical.
	Defaulted []string `json:"defaulted"`
}

type node struct {
	r      sim.Resource
	typ    Typical
	deps   []int // what must exist before this resource is created (and outlive it on delete)
	parent int   // -1 when the parent is not in the plan
}

// Estimate computes the estimate for the plan's resources.
//
// up: a resource starts once every dependency is created. A dependency on a component is a
// dependency on all of the component's descendants: the Go SDK expands it that way since
// v3.10.1 ("Depending on a component now depends on the transitive closure of its child
// resources", pulumi/pulumi#7732), and the recorded dependencies of this plan come from the
// same SDK. A child also waits for a custom parent, since its registration needs the
// parent's URN, which the SDK resolves only once the parent is created.
//
// destroy: the engine partitions the condemned resources into antichains, deleting one
// after another, each in parallel and waiting for all of it before the next ("Process
// deletions conservatively in parallel", pulumi/pulumi#1963; the antichain logs in
// pulumi/pulumi#7780). A resource is deleted after everything that depends on it and after
// its children. The docs corpus holds no Pulumi documentation page describing this; the
// pull request is the source. A resource with deletedWith or retainOnDelete costs nothing:
// the engine makes no delete call for it.
func Compute(resources []sim.Resource) Estimate {
	nodes, defaulted := build(resources)
	return Estimate{
		Up:        upPath(nodes),
		Destroy:   destroy(nodes),
		Defaulted: defaulted,
	}
}

func build(resources []sim.Resource) ([]node, []string) {
	index := map[string]int{}
	for i, r := range resources {
		index[r.URN] = i
	}
	children := map[string][]string{}
	for _, r := range resources {
		if r.Parent != "" {
			children[r.Parent] = append(children[r.Parent], r.URN)
		}
	}
	var descendants func(urn string, into map[string]bool)
	descendants = func(urn string, into map[string]bool) {
		for _, c := range children[urn] {
			if !into[c] {
				into[c] = true
				descendants(c, into)
			}
		}
	}
	missing := map[string]bool{}
	nodes := make([]node, len(resources))
	for i, r := range resources {
		t, known := For(r.Type, r.Custom)
		if !known {
			missing[r.Type] = true
		}
		if r.RetainOnDelete || r.DeletedWith != "" {
			t.Delete = 0
		}
		set := map[string]bool{}
		add := func(urn string) {
			j, ok := index[urn]
			if !ok || urn == r.URN {
				return
			}
			set[urn] = true
			if !resources[j].Custom {
				descendants(urn, set)
			}
		}
		for _, d := range r.Dependencies {
			add(d)
		}
		for _, ds := range r.PropertyDependencies {
			for _, d := range ds {
				add(d)
			}
		}
		delete(set, r.URN)
		deps := make([]int, 0, len(set))
		for urn := range set {
			deps = append(deps, index[urn])
		}
		sort.Ints(deps)
		parent := -1
		if j, ok := index[r.Parent]; ok {
			parent = j
		}
		nodes[i] = node{r: r, typ: t, deps: deps, parent: parent}
	}
	defaulted := make([]string, 0, len(missing))
	for t := range missing {
		defaulted = append(defaulted, t)
	}
	sort.Strings(defaulted)
	return nodes, defaulted
}

// upPath is the longest create chain: finish(r) = max(finish(before r)) + create(r).
func upPath(nodes []node) Path {
	before := func(i int) []int {
		b := nodes[i].deps
		if p := nodes[i].parent; p >= 0 && nodes[p].r.Custom {
			b = append(append([]int(nil), b...), p)
		}
		return b
	}
	cost := func(i int) time.Duration { return nodes[i].typ.Create }
	return longest(nodes, before, cost)
}

// deleteBefore lists, for each resource, what the engine deletes before it: its dependents
// and its children.
func deleteBefore(nodes []node) [][]int {
	out := make([][]int, len(nodes))
	for i, n := range nodes {
		for _, d := range n.deps {
			out[d] = append(out[d], i)
		}
		if n.parent >= 0 {
			out[n.parent] = append(out[n.parent], i)
		}
	}
	return out
}

// deleteLevels places each resource in the engine's deletion levels: level(r) = 0 when
// nothing is deleted before r, else 1 + the highest level before it. It returns the levels
// and the highest one.
func deleteLevels(nodes []node, before [][]int) ([]int, int) {
	level := make([]int, len(nodes))
	state := make([]int8, len(nodes))
	var visit func(i int) int
	visit = func(i int) int {
		switch state[i] {
		case 2:
			return level[i]
		case 1:
			return 0 // a cycle cannot come from a Pulumi program; stop rather than loop
		}
		state[i] = 1
		for _, b := range before[i] {
			level[i] = max(level[i], visit(b)+1)
		}
		state[i] = 2
		return level[i]
	}
	top := 0
	for i := range nodes {
		top = max(top, visit(i))
	}
	return level, top
}

// Held is one resource's place in the engine's deletion levels.
type Held struct {
	Resource sim.Resource
	// Level is the resource's deletion level, 0 for the first the engine deletes.
	Level int
	// Seconds is how long its own delete takes.
	Seconds int
	// By are the custom resources one level earlier that the engine deletes before this one:
	// the edges that decide when its delete starts. Empty at level 0.
	By []sim.Resource
}

// DeleteLevels says, for each custom resource of the plan, in which level the engine deletes
// it and which dependents or children hold it there (Compute explains the engine's levels).
func DeleteLevels(resources []sim.Resource) []Held {
	nodes, _ := build(resources)
	before := deleteBefore(nodes)
	level, _ := deleteLevels(nodes, before)
	var out []Held
	for i, n := range nodes {
		if !n.r.Custom {
			continue
		}
		h := Held{Resource: n.r, Level: level[i], Seconds: seconds(n.typ.Delete)}
		for _, b := range before[i] {
			if level[b] == level[i]-1 && nodes[b].r.Custom {
				h.By = append(h.By, nodes[b].r)
			}
		}
		out = append(out, h)
	}
	return out
}

func destroy(nodes []node) Destroy {
	before := deleteBefore(nodes)
	cost := func(i int) time.Duration { return nodes[i].typ.Delete }
	level, top := deleteLevels(nodes, before)
	slowest := make([]int, top+1)
	for l := range slowest {
		slowest[l] = -1
	}
	for i := range nodes {
		l := level[i]
		if slowest[l] < 0 || cost(i) > cost(slowest[l]) {
			slowest[l] = i
		}
	}
	var d Destroy
	var total time.Duration
	for _, i := range slowest {
		total += cost(i)
		if cost(i) > 0 && nodes[i].r.Custom {
			d.Levels = append(d.Levels, step(nodes[i], cost(i)))
		}
	}
	d.ByLevelsSeconds = seconds(total)
	d.LongestChain = longest(nodes, func(i int) []int { return before[i] }, cost)
	return d
}

// longest is the longest weighted path where each resource starts once all of before(i)
// are done; ties go to the earlier resource in plan order, so the chain is stable.
func longest(nodes []node, before func(int) []int, cost func(int) time.Duration) Path {
	finish := make([]time.Duration, len(nodes))
	prev := make([]int, len(nodes))
	state := make([]int8, len(nodes))
	var visit func(i int) time.Duration
	visit = func(i int) time.Duration {
		switch state[i] {
		case 2:
			return finish[i]
		case 1:
			return 0
		}
		state[i] = 1
		prev[i] = -1
		bs := append([]int(nil), before(i)...)
		sort.Ints(bs)
		var start time.Duration
		for _, b := range bs {
			if f := visit(b); prev[i] < 0 || f > start {
				start, prev[i] = f, b
			}
		}
		finish[i] = start + cost(i)
		state[i] = 2
		return finish[i]
	}
	end := -1
	for i := range nodes {
		if f := visit(i); end < 0 || f > finish[end] {
			end = i
		}
	}
	if end < 0 {
		return Path{Chain: []Step{}}
	}
	var chain []Step
	for i := end; i >= 0; i = prev[i] {
		if nodes[i].r.Custom {
			chain = append(chain, step(nodes[i], cost(i)))
		}
	}
	for l, r := 0, len(chain)-1; l < r; l, r = l+1, r-1 {
		chain[l], chain[r] = chain[r], chain[l]
	}
	if chain == nil {
		chain = []Step{}
	}
	return Path{Seconds: seconds(finish[end]), Chain: chain}
}

func step(n node, d time.Duration) Step {
	return Step{Name: n.r.Name, Type: n.r.Type, Seconds: seconds(d)}
}

func seconds(d time.Duration) int { return int(d / time.Second) }

// Format writes a number of seconds the way a person reads a wait: 25m, 40s, 15m30s.
func Format(s int) string {
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s%60 == 0:
		return fmt.Sprintf("%dm", s/60)
	}
	return fmt.Sprintf("%dm%02ds", s/60, s%60)
}

// String writes a chain as `VPC -> broker security group -> MSK cluster 25m`: each name, and
// its own time when that is a minute or more (the short steps would only be noise).
func (p Path) String() string {
	parts := make([]string, len(p.Chain))
	for i, s := range p.Chain {
		parts[i] = s.Name
		if s.Seconds >= 60 {
			parts[i] += " " + Format(s.Seconds)
		}
	}
	return strings.Join(parts, " -> ")
}

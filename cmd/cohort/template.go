package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cliusage"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/cohort"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"gopkg.in/yaml.v3"
)

// The learner stack settings cmd/cohort writes (the cohort contract of issue 16).
const (
	shapeKey     = stacks.Project + ":" + stacks.ShapeKey
	cohortKey    = stacks.Project + ":cohort"
	identityKey  = stacks.Project + ":identity"
	pausedKey    = stacks.Project + ":" + stacks.PausedKey
	learnerShape = stacks.ShapeLearner
)

// readTemplate reads a learner template, a Pulumi.<stack>.yaml, into its top-level settings by
// full key, with YAML's types (dates as the text they were written as).
func readTemplate(path string) (map[string]any, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, cliusage.Errorf("--learner-template: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, cliusage.Errorf("--learner-template %s: %w", path, err)
	}
	datesAsText(&doc)
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := doc.Decode(&file); err != nil {
		return nil, cliusage.Errorf("--learner-template %s: %w", path, err)
	}
	cfg := map[string]any{}
	var secrets []string
	for key, value := range file.Config {
		full := key
		if !strings.Contains(key, ":") {
			full = stacks.Project + ":" + key
		}
		if m, ok := value.(map[string]any); ok && len(m) == 1 && m["secure"] != nil {
			secrets = append(secrets, full)
			continue
		}
		cfg[full] = value
	}
	if len(secrets) > 0 {
		// A secure value is encrypted with the template stack's own key, which no learner
		// stack can decrypt.
		slices.Sort(secrets)
		return nil, cliusage.Errorf("--learner-template %s holds the secrets %s, encrypted for its own stack only: "+
			"remove them from the template and give each with --secret <key>=<environment variable>, "+
			"which sets it on every learner stack", path, strings.Join(secrets, ", "))
	}
	return cfg, nil
}

// datesAsText keeps unquoted dates (expiresAt: 2026-12-31) as the text they were written as.
func datesAsText(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!timestamp" {
		n.Tag = "!!str"
	}
	for _, c := range n.Content {
		datesAsText(c)
	}
}

// learnerConfig is the settings of one learner's stack: the template's, then the learner's own.
func learnerConfig(template map[string]any, l cohort.Learner, platform string, port int, paused bool) map[string]any {
	cfg := deepCopy(template)
	identity := object(cfg, identityKey)
	identity["userId"] = l.UserID
	identity["owner"] = l.Email
	if l.Expiry != "" {
		identity["expiresAt"] = l.Expiry
	}
	c := object(cfg, cohortKey)
	c["platformStack"] = platform
	c["proxyPort"] = port
	cfg[shapeKey] = learnerShape
	cfg[pausedKey] = paused
	return cfg
}

// object returns cfg[key] as a map, making one when the template has none.
func object(cfg map[string]any, key string) map[string]any {
	m, ok := cfg[key].(map[string]any)
	if !ok {
		m = map[string]any{}
		cfg[key] = m
	}
	return m
}

func deepCopy(m map[string]any) map[string]any {
	out := maps.Clone(m)
	for k, v := range out {
		switch t := v.(type) {
		case map[string]any:
			out[k] = deepCopy(t)
		case []any:
			list := slices.Clone(t)
			for i, e := range list {
				if em, ok := e.(map[string]any); ok {
					list[i] = deepCopy(em)
				}
			}
			out[k] = list
		}
	}
	return out
}

// learnerState is what a learner stack's configuration says about it.
type learnerState struct {
	platform string
	port     int
	paused   bool
	learner  bool
}

// readLearnerState reads the cohort settings from a stack's configuration (objects as JSON text).
func readLearnerState(cfg map[string]string) learnerState {
	var s learnerState
	s.learner = cfg[shapeKey] == learnerShape
	s.paused = cfg[pausedKey] == "true"
	var c struct {
		PlatformStack string `json:"platformStack"`
		ProxyPort     any    `json:"proxyPort"`
	}
	if json.Unmarshal([]byte(cfg[cohortKey]), &c) == nil {
		s.platform = c.PlatformStack
		switch p := c.ProxyPort.(type) {
		case float64:
			s.port = int(p)
		case string:
			fmt.Sscan(p, &s.port)
		}
	}
	return s
}

// checkLearnerConfigs validates every learner's stack configuration as the program will, before
// any stack is touched: a name the stack name makes too long, or a template setting a learner
// stack refuses, is reported for every learner at once. Secrets are left to `pulumi up`, which
// names them (they come from --secret or the learners' own stacks).
func (r *cohortRun) checkLearnerConfigs(now time.Time) error {
	var problems []string
	for _, l := range r.learners {
		stack := r.learnerStack(l.UserID)
		cfg := learnerConfig(r.template, l, r.platform, stacks.MinCohortProxyPort, false)
		values := map[string]string{}
		for key, v := range cfg {
			if text, ok := v.(string); ok {
				values[key] = text
				continue
			}
			raw, err := json.Marshal(v)
			if err != nil {
				return cliusage.Errorf("--learner-template: %s: %w", key, err)
			}
			values[key] = string(raw)
		}
		_, err := stacks.Parse(stack, func(key string) (string, bool) { v, ok := values[key]; return v, ok },
			stacks.WithNow(func() time.Time { return now }))
		var ps stacks.Problems
		if !errors.As(err, &ps) {
			continue
		}
		for _, p := range ps {
			if !slices.Contains(stacks.SecretKeys, p.Key) {
				problems = append(problems, fmt.Sprintf("  - %s (stack %s): %s", l.UserID, stack, p))
			}
		}
	}
	if len(problems) > 0 {
		return cliusage.Errorf("the learners' stack configurations (--learner-template with each roster line) would be refused; nothing was changed:\n%s",
			strings.Join(problems, "\n"))
	}
	return nil
}

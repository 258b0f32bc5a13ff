package main

import "context"

// Stacks is everything cmd/cohort asks of Pulumi, one stack at a time. The real one drives the
// Pulumi CLI through the Automation API (autoStacks); the tests use a fake, since the CLI is not
// available there. Stack names are as `pulumi stack` takes them.
type Stacks interface {
	// List names the project's stacks.
	List(ctx context.Context) ([]string, error)
	// Config returns a stack's configuration as the program reads it: full keys
	// ("pinterest-pipeline:cohort"), objects as JSON text.
	Config(ctx context.Context, stack string) (map[string]string, error)
	// Ensure creates the stack when it does not exist, then sets the given top-level keys (full
	// keys; values are strings, numbers, booleans, or maps and lists of them), each replacing
	// that key's whole value, and the secrets (full key to plaintext), encrypted by the stack's
	// secrets provider. It leaves the stack's other keys alone.
	Ensure(ctx context.Context, stack string, config map[string]any, secrets map[string]string) error
	// Preview counts the changes an update would make, by operation ("create", "update", ...).
	Preview(ctx context.Context, stack string) (map[string]int, error)
	// Up updates the stack and returns its outputs.
	Up(ctx context.Context, stack string) (Outputs, error)
	// Outputs returns the outputs of the stack's last update.
	Outputs(ctx context.Context, stack string) (Outputs, error)
	// Destroy deletes every resource of the stack and keeps the stack, with its history.
	Destroy(ctx context.Context, stack string) error
	// Remove deletes an empty stack and its configuration file.
	Remove(ctx context.Context, stack string) error
}

// Outputs are a stack's outputs as plain values (JSON numbers as float64).
type Outputs map[string]any

// Package stackoutput reads a deployed stack's outputs with the Pulumi CLI, so that the
// emulator and the verifier work with no flags right after `pulumi up`.
package stackoutput

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ErrNoPulumi is returned when the pulumi CLI is not on PATH.
var ErrNoPulumi = errors.New("the pulumi CLI is not on PATH (install it from https://www.pulumi.com/docs/install/)")

// Outputs are the stack outputs the emulator and verifier use (see program.Pipeline.Outputs).
type Outputs struct {
	UserID     string `json:"userId"`
	Region     string `json:"region"`
	InvokeURL  string `json:"invokeUrl"`
	BucketName string `json:"bucketName"`
	// APIKey is set only when the stack requires a key and secrets were shown.
	APIKey string `json:"apiKey"`
}

// Command runs a program and returns its standard output; tests replace it.
type Command func(ctx context.Context, name string, args ...string) ([]byte, error)

// Exec runs name from PATH, reporting ErrNoPulumi when the pulumi CLI is missing and the
// CLI's own message when it fails (no stack selected, not logged in, …).
func Exec(ctx context.Context, name string, args ...string) ([]byte, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return nil, ErrNoPulumi
	}
	out, err := exec.CommandContext(ctx, path, args...).Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
			return nil, fmt.Errorf("%s %s: %s: %w", name, strings.Join(args, " "), strings.TrimSpace(string(exitErr.Stderr)), err)
		}
		return nil, fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return out, nil
}

// Read runs `pulumi stack output --json` for stack (the selected stack when empty) in dir
// (the current directory when empty). showSecrets adds --show-secrets, for the API key.
func Read(ctx context.Context, run Command, stack, dir string, showSecrets bool) (Outputs, error) {
	args := []string{"stack", "output", "--json"}
	if showSecrets {
		args = append(args, "--show-secrets")
	}
	if stack != "" {
		args = append(args, "--stack", stack)
	}
	if dir != "" {
		args = append(args, "--cwd", dir)
	}
	out, err := run(ctx, "pulumi", args...)
	if err != nil {
		return Outputs{}, fmt.Errorf("reading stack outputs: %w", err)
	}
	return Parse(out)
}

// Parse reads the JSON `pulumi stack output --json` prints. Outputs that are not strings
// (maps, lists) are ignored; a secret not shown reads as "[secret]" and is dropped.
func Parse(data []byte) (Outputs, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Outputs{}, fmt.Errorf("parsing stack outputs: %w", err)
	}
	str := func(key string) string {
		var s string
		if json.Unmarshal(raw[key], &s) != nil || s == "[secret]" {
			return ""
		}
		return s
	}
	return Outputs{
		UserID:     str("userId"),
		Region:     str("region"),
		InvokeURL:  str("invokeUrl"),
		BucketName: str("bucketName"),
		APIKey:     str("apiKey"),
	}, nil
}

// Package cliusage marks command-line mistakes (a bad flag, a missing or malformed file the
// flags name) apart from failures of the work itself, so that every command exits 2 for them.
package cliusage

import (
	"errors"
	"fmt"
)

// Error is a usage error; its message names the flag or file and the fix.
type Error struct{ Err error }

func (e Error) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e Error) Unwrap() error { return e.Err }

// Wrap marks err as a usage error; nil stays nil.
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	return Error{err}
}

// Errorf is fmt.Errorf for usage errors.
func Errorf(format string, args ...any) error { return Error{fmt.Errorf(format, args...)} }

// Is reports whether err, or an error it wraps, is a usage error.
func Is(err error) bool {
	var u Error
	return errors.As(err, &u)
}

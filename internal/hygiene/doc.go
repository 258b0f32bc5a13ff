// Package hygiene holds the checks on what the repository tracks: no build output, log or
// binary is committed, and what the documented commands leave behind is ignored.
package hygiene

// Package stacks is the typed configuration of one stack: a section per concern with defaults
// in Go, loaded from the structured config objects of Pulumi.<stack>.yaml and validated as a
// whole, and the naming rules the course's permission model relies on.
package stacks

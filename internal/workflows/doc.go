// Package workflows holds the tests of the GitHub workflows (.github/workflows) and of the
// scripts they run (.github/scripts): they read the workflow files as YAML and assert what
// GitHub and AWS need of them (step order, session lengths, concurrency groups, pinned
// versions), and run the scripts against stand-in pulumi, aws and gh commands.
package workflows

package preflight

// Exit codes, with cmd/plan's meaning: 1 when the stack cannot be deployed as it is (here: a
// check failed, or the configuration is invalid), 2 for a bad command line or stack name.
// Kept in this one place so that they move as one into a shared package.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

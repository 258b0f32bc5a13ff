package cliusage

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUsageErrorsAreRecognisedThroughWrapping(t *testing.T) {
	t.Parallel()
	base := errors.New("--count must be positive")
	wrapped := fmt.Errorf("emulate: %w", Wrap(base))
	assert.True(t, Is(wrapped))
	assert.ErrorIs(t, wrapped, base, "the cause stays reachable")
	assert.Equal(t, "emulate: --count must be positive", wrapped.Error())
	assert.False(t, Is(errors.New("the API answered 503")), "a failure of the work is not a usage error")
	assert.NoError(t, Wrap(nil))
	assert.True(t, Is(Errorf("--stage %q: use letters", "a b")))
}

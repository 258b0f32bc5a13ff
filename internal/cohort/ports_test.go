package cohort

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssignPorts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ids  []string
		held map[string]int
		want map[string]int
	}{
		{"a new cohort counts up from the first port", []string{"c", "a", "b"}, nil,
			map[string]int{"c": 8100, "a": 8101, "b": 8102}},
		{"learners keep their ports; a new one takes the lowest free", []string{"a", "b", "new"},
			map[string]int{"a": 8101, "b": 8100},
			map[string]int{"a": 8101, "b": 8100, "new": 8102}},
		{"a gap left by a destroyed learner is reused", []string{"a", "c", "new"},
			map[string]int{"a": 8100, "c": 8102},
			map[string]int{"a": 8100, "c": 8102, "new": 8101}},
		{"a stack off the roster keeps its port reserved", []string{"a", "new"},
			map[string]int{"a": 8100, "gone": 8101},
			map[string]int{"a": 8100, "new": 8102}},
		{"two stacks holding one port: the first in roster order keeps it", []string{"b", "a"},
			map[string]int{"a": 8100, "b": 8100},
			map[string]int{"b": 8100, "a": 8101}},
		{"a held port out of range is replaced", []string{"a"},
			map[string]int{"a": 9000},
			map[string]int{"a": 8100}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := AssignPorts(tc.ids, tc.held)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestAssignPortsFailsBeyondTheListenerQuota(t *testing.T) {
	t.Parallel()
	ids := make([]string, MaxLearners)
	for i := range ids {
		ids[i] = fmt.Sprintf("learner%d", i)
	}
	got, err := AssignPorts(ids, nil)
	require.NoError(t, err)
	require.Len(t, got, MaxLearners)
	assert.Equal(t, MinProxyPort+MaxLearners-1, got[ids[MaxLearners-1]])

	// One stack off the roster still holds a listener, so the roster is one too many.
	_, err = AssignPorts(ids, map[string]int{"left": MaxProxyPort})
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("would carry %d learner listeners (%d on the roster, 1 held by learner stacks off it)", MaxLearners+1, MaxLearners))
	assert.Contains(t, err.Error(), "destroy the stacks of learners who left")
}

// The 50-listener quota is AWS's; the port range is cut to it, so every port in it can be used.
func TestTheListenerQuotaFitsThePortRange(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 50, MaxLearners)
	assert.Equal(t, MaxLearners, MaxProxyPort-MinProxyPort+1)
}

package components

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPausedBodyIsJSONThatSaysHowToResume(t *testing.T) {
	t.Parallel()
	body, err := PausedBody(PausedAPI{Stack: "dev", Resume: "pulumi config set paused false --stack dev && pulumi up --stack dev"})
	require.NoError(t, err)
	var answer map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &answer))
	assert.Equal(t, true, answer["paused"])
	assert.Equal(t, "dev", answer["stack"])
	assert.Equal(t, "pulumi config set paused false --stack dev && pulumi up --stack dev", answer["resume"], "& is not HTML-escaped")
	assert.Contains(t, answer["message"], "The pipeline stack dev is paused")
	assert.NotRegexp(t, `[$#\\]`, body, "the body is a VTL template: no references or directives")
}

func TestPausedAPIRefusesWhatTheTemplateWouldInterpret(t *testing.T) {
	t.Parallel()
	for _, p := range []PausedAPI{{Stack: "dev"}, {Stack: "$dev", Resume: "x"}, {Stack: "dev", Resume: "#set"}} {
		assert.Error(t, p.validate(), "%+v", p)
	}
	assert.NoError(t, PausedAPI{Stack: "learner-1", Resume: "pulumi up"}.validate())
}

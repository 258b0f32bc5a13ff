package durations

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
)

// Types from the table with distinct create and delete times, so each case's expected
// totals are sums a reader can check by hand.
const (
	msk       = "aws:msk/cluster:Cluster"            // 25m / 15m
	connector = "aws:mskconnect/connector:Connector" // 8m / 5m
	mwaa      = "aws:mwaa/environment:Environment"   // 25m / 20m
	nat       = "aws:ec2/natGateway:NatGateway"      // 2m / 1m
	instance  = "aws:ec2/instance:Instance"          // 1m / 1m
	component = "test:index:Component"
)

type res struct {
	name, typ, parent string
	deps              []string
}

func plan(rs ...res) []sim.Resource {
	urn := func(n string) string {
		if n == "" {
			return ""
		}
		return "urn:" + n
	}
	out := make([]sim.Resource, len(rs))
	for i, r := range rs {
		deps := make([]string, len(r.deps))
		for j, d := range r.deps {
			deps[j] = urn(d)
		}
		out[i] = sim.Resource{URN: urn(r.name), Name: r.name, Type: r.typ, Parent: urn(r.parent),
			Custom: r.typ != component, Dependencies: deps}
	}
	return out
}

func names(p Path) []string {
	out := make([]string, len(p.Chain))
	for i, s := range p.Chain {
		out[i] = s.Name
	}
	return out
}

func TestCompute(t *testing.T) {
	cases := []struct {
		name        string
		plan        []sim.Resource
		up          int
		upChain     []string
		byLevels    int
		delete      int
		deleteChain []string
	}{
		{
			name:        "chain",
			plan:        plan(res{"a", nat, "", nil}, res{"b", msk, "", []string{"a"}}, res{"c", connector, "", []string{"b"}}),
			up:          (2 + 25 + 8) * 60,
			upChain:     []string{"a", "b", "c"},
			byLevels:    (5 + 15 + 1) * 60,
			delete:      (5 + 15 + 1) * 60,
			deleteChain: []string{"c", "b", "a"},
		},
		{
			// a feeds b and c, both feed d: the slower branch (msk) is the critical one.
			name: "diamond",
			plan: plan(res{"a", nat, "", nil}, res{"b", instance, "", []string{"a"}}, res{"c", msk, "", []string{"a"}},
				res{"d", connector, "", []string{"b", "c"}}),
			up:          (2 + 25 + 8) * 60,
			upChain:     []string{"a", "c", "d"},
			byLevels:    (5 + 15 + 1) * 60,
			delete:      (5 + 15 + 1) * 60,
			deleteChain: []string{"d", "c", "a"},
		},
		{
			// x depends on the component only; it still waits for the component's slow child.
			name: "component children",
			plan: plan(res{"comp", component, "", nil}, res{"slow", mwaa, "comp", nil}, res{"fast", instance, "comp", nil},
				res{"x", connector, "", []string{"comp"}}),
			up:          (25 + 8) * 60,
			upChain:     []string{"slow", "x"},
			byLevels:    (5 + 20) * 60,
			delete:      (5 + 20) * 60,
			deleteChain: []string{"x", "slow"},
		},
		{
			// Two independent pairs: a slow delete (mwaa) with nothing after it, and a quick one
			// (instance) ahead of the msk cluster. Levels put mwaa and instance in level 0 and
			// msk in level 1, so the engine waits 20m + 15m where the longest chain is 20m.
			name:        "destroy levels",
			plan:        plan(res{"m", msk, "", nil}, res{"i", instance, "", []string{"m"}}, res{"w", mwaa, "", nil}),
			up:          (25 + 1) * 60,
			upChain:     []string{"m", "i"},
			byLevels:    (20 + 15) * 60,
			delete:      20 * 60,
			deleteChain: []string{"w"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Compute(c.plan)
			assert.Equal(t, c.up, e.Up.Seconds, "up")
			assert.Equal(t, c.upChain, names(e.Up), "up chain")
			assert.Equal(t, c.byLevels, e.Destroy.ByLevelsSeconds, "destroy by levels")
			assert.Equal(t, c.delete, e.Destroy.LongestChain.Seconds, "longest delete chain")
			assert.Equal(t, c.deleteChain, names(e.Destroy.LongestChain), "delete chain")
		})
	}
}

func TestRetainedAndDeletedWithCostNothingToDestroy(t *testing.T) {
	p := plan(res{"m", msk, "", nil}, res{"w", mwaa, "", nil})
	p[0].RetainOnDelete = true
	p[1].DeletedWith = "urn:m"
	e := Compute(p)
	assert.Equal(t, 0, e.Destroy.ByLevelsSeconds)
	assert.Equal(t, 25*60, e.Up.Seconds, "up is unaffected")
}

func TestUnknownTypesGetTheNamedDefault(t *testing.T) {
	e := Compute(plan(res{"r", "aws:iam/role:Role", "", nil}, res{"c", component, "", nil}))
	require.Equal(t, []string{"aws:iam/role:Role"}, e.Defaulted)
	assert.Equal(t, int(DefaultTypical.Create.Seconds()), e.Up.Seconds)
}

func TestChainString(t *testing.T) {
	e := Compute(plan(res{"vpc", "aws:ec2/vpc:Vpc", "", nil}, res{"cluster", msk, "", []string{"vpc"}},
		res{"sink", connector, "", []string{"cluster"}}))
	assert.Equal(t, "vpc -> cluster 25m -> sink 8m", e.Up.String())
	assert.Equal(t, "33m05s", Format(e.Up.Seconds))
}

func TestDeleteLevelsNameWhatHoldsEachResource(t *testing.T) {
	// m is held by i (a direct dependent) and by the component's child k, which x's dependency
	// on the component reaches; w has nothing after it.
	p := plan(res{"m", msk, "", nil}, res{"i", instance, "", []string{"m"}}, res{"w", mwaa, "", nil},
		res{"comp", component, "", nil}, res{"k", nat, "comp", []string{"m"}}, res{"x", connector, "", []string{"comp"}})
	levels := DeleteLevels(p)
	require.Len(t, levels, 5, "one entry per custom resource")
	byName := map[string]Held{}
	for _, h := range levels {
		byName[h.Resource.Name] = h
	}
	heldBy := func(name string) []string {
		var out []string
		for _, r := range byName[name].By {
			out = append(out, r.Name)
		}
		return out
	}
	assert.Equal(t, 0, byName["w"].Level)
	assert.Empty(t, heldBy("w"))
	assert.Equal(t, 20*60, byName["w"].Seconds)
	assert.Equal(t, 1, byName["k"].Level, "after x, which depends on its component")
	assert.Equal(t, []string{"x"}, heldBy("k"))
	assert.Equal(t, 2, byName["m"].Level)
	assert.Equal(t, []string{"k"}, heldBy("m"), "i is at level 0, so only k holds m at level 2")
}

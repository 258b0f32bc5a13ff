package program

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/emulate"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// methodRoutes lists every API Gateway method of the plan as "METHOD /path", the path rebuilt
// from the resources' path parts through their parentId dependencies.
func methodRoutes(t *testing.T, plan *sim.Plan) map[string]sim.Resource {
	t.Helper()
	pathOf := func(urn string) string {
		var parts []string
		for {
			r, ok := plan.ByURN(urn)
			require.True(t, ok, "unknown resource %s", urn)
			if r.Type != "aws:apigateway/resource:Resource" {
				break // the REST API itself: its root resource
			}
			parts = append([]string{r.Inputs["pathPart"].(string)}, parts...)
			parents := r.PropertyDependencies["parentId"]
			require.Len(t, parents, 1, "%s has one parent", r.Name)
			urn = parents[0]
		}
		return "/" + strings.Join(parts, "/")
	}
	routes := map[string]sim.Resource{}
	for _, m := range plan.ByType("aws:apigateway/method:Method") {
		res := m.PropertyDependencies["resourceId"]
		require.Len(t, res, 1, "%s is on one resource", m.Name)
		routes[m.Inputs["httpMethod"].(string)+" "+pathOf(res[0])] = m
	}
	return routes
}

// Nothing reachable through the API may do more than produce to the stack's own topics, besides
// the course's Kinesis stream methods; in particular no catch-all route to the REST proxy.
func TestTheAPIOffersOnlyTheProducerAndStreamRoutes(t *testing.T) {
	t.Parallel()
	for stack, user := range map[string]string{"dev": "0affd9571f39", "prod": "pinterestprod"} {
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		routes := methodRoutes(t, plan)
		got := make([]string, 0, len(routes))
		for r := range routes {
			got = append(got, r)
		}
		slices.Sort(got)
		assert.Equal(t, []string{
			"DELETE /streams/{stream-name}",
			"GET /streams",
			"GET /streams/{stream-name}",
			"POST /streams/{stream-name}",
			"POST /topics/" + user + ".geo",
			"POST /topics/" + user + ".pin",
			"POST /topics/" + user + ".user",
			"PUT /streams/{stream-name}/record",
			"PUT /streams/{stream-name}/records",
		}, got, stack)
		for route, m := range routes {
			assert.Equal(t, true, m.Inputs["apiKeyRequired"], "%s: %s must need the API key by default", stack, route)
		}

		// Each topic route reaches exactly its own topic's produce endpoint on the REST proxy.
		var proxied int
		for _, in := range plan.ByType("aws:apigateway/integration:Integration") {
			if in.Inputs["type"] != "HTTP_PROXY" {
				continue
			}
			proxied++
			uri, _ := in.Inputs["uri"].(string)
			assert.Equal(t, "POST", in.Inputs["integrationHttpMethod"], "%s: %s", stack, in.Name)
			assert.Regexp(t, `^http://[^/]+:8082/topics/`+strings.ReplaceAll(user, ".", `\.`)+`\.(pin|geo|user)$`, uri,
				"%s: %s forwards to one fixed produce path, no path parameter", stack, in.Name)
		}
		assert.Equal(t, 3, proxied, "%s: one proxy integration per topic", stack)
	}
}

type policyDoc struct {
	Statement []struct {
		Effect    string         `json:"Effect"`
		Principal map[string]any `json:"Principal"`
		Action    []string       `json:"Action"`
		Resource  []string       `json:"Resource"`
	} `json:"Statement"`
}

func parseDoc(t *testing.T, s any) policyDoc {
	t.Helper()
	text, ok := s.(string)
	require.True(t, ok, "a policy document, not %T", s)
	var doc policyDoc
	require.NoError(t, json.Unmarshal([]byte(text), &doc))
	require.NotEmpty(t, doc.Statement)
	return doc
}

// The REST proxy signs as a role of its own that may only produce to the stack's topics:
// whatever reaches the proxy can neither administer topics nor read records.
func TestTheRESTProxyIdentityMayOnlyProduce(t *testing.T) {
	t.Parallel()
	for stack, user := range map[string]string{"dev": "0affd9571f39", "prod": "pinterestprod"} {
		plan, err := planStack(t, stack)
		require.NoError(t, err)
		roleName := user + "-rest-proxy-role"
		var role sim.Resource
		for _, r := range plan.ByType("aws:iam/role:Role") {
			if r.Inputs["name"] == roleName {
				role = r
			}
		}
		require.NotEmpty(t, role.URN, "%s: the REST proxy has a role of its own, %s", stack, roleName)
		host, ok := plan.Find("aws:iam/role:Role", "kafka-client-role")
		require.True(t, ok)

		trust := parseDoc(t, role.Inputs["assumeRolePolicy"])
		require.Len(t, trust.Statement, 1)
		assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::123456789012:role/" + user + "-ec2-access-role"}, trust.Statement[0].Principal,
			"%s: only the client host's role may assume it", stack)

		var policies []sim.Resource
		for _, p := range plan.ByType("aws:iam/rolePolicy:RolePolicy") {
			if slices.Contains(p.PropertyDependencies["role"], role.URN) {
				policies = append(policies, p)
			}
		}
		require.Len(t, policies, 1, "%s: one inline policy", stack)
		allowed := []string{"kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently",
			"kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"}
		var topics []string
		for _, st := range parseDoc(t, policies[0].Inputs["policy"]).Statement {
			assert.Equal(t, "Allow", st.Effect)
			for _, a := range st.Action {
				assert.Contains(t, allowed, a, "%s: %s grants more than producing (no topic administration, no reads)", stack, a)
			}
			for _, r := range st.Resource {
				if strings.Contains(r, ":topic/") {
					topics = append(topics, r[strings.LastIndex(r, "/")+1:])
				} else {
					assert.Contains(t, r, ":cluster/", "%s: only the cluster and topics", stack)
				}
			}
		}
		slices.Sort(topics)
		assert.Equal(t, []string{user + ".geo", user + ".pin", user + ".user"}, topics, "%s: the stack's own topics, no wildcard", stack)

		// The host's own role (topic administration, for the configure step) may assume it, and
		// the configure step hands its ARN to the REST proxy.
		var assumes bool
		for _, p := range plan.ByType("aws:iam/rolePolicy:RolePolicy") {
			if !slices.Contains(p.PropertyDependencies["role"], host.URN) {
				continue
			}
			for _, st := range parseDoc(t, p.Inputs["policy"]).Statement {
				if slices.Contains(st.Action, "sts:AssumeRole") {
					assert.Equal(t, []string{"arn:aws:iam::123456789012:role/" + roleName}, st.Resource, stack)
					assumes = true
				}
			}
		}
		assert.True(t, assumes, "%s: the host may assume the proxy's role", stack)
		association, ok := plan.Find("aws:ssm/association:Association", "kafka-client-configure")
		require.True(t, ok)
		params, _ := association.Inputs["parameters"].(map[string]any)
		assert.Equal(t, "arn:aws:iam::123456789012:role/"+roleName, params["RestProxyRoleArn"], stack)
	}
}

// The emulator (cmd/emulate) must keep reaching the API: every request it builds names a route
// the plan declares, and the key it sends is what those routes check.
func TestTheEmulatorsRequestsMatchTheAPIRoutes(t *testing.T) {
	t.Parallel()
	plan, err := planStack(t, "dev")
	require.NoError(t, err)
	routes := methodRoutes(t, plan)
	user := plan.Outputs["userId"].(string)
	stream := regexp.MustCompile(`^/streams/[^/]+`)
	var checked int
	for _, kind := range stacks.RecordKinds {
		for _, target := range []emulate.Target{emulate.TargetBatch, emulate.TargetStream} {
			req, err := emulate.BuildRequest(user, target, emulate.Record{Kind: kind, Ind: 7528, Value: map[string]any{"ind": 7528}})
			require.NoError(t, err)
			route := req.Method + " " + stream.ReplaceAllString(req.Path, "/streams/{stream-name}")
			m, ok := routes[route]
			if assert.True(t, ok, "%s %s: the emulator's %s is not a route of the API", target, kind, route) {
				assert.Equal(t, true, m.Inputs["apiKeyRequired"], "%s: the emulator sends the key as %s", route, emulate.APIKeyHeader)
				checked++
			}
		}
	}
	assert.Equal(t, 2*len(stacks.RecordKinds), checked)
}

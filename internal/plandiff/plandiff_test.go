package plandiff

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	stackURN  = "urn:pulumi:dev::pinterest-pipeline::pulumi:pulumi:Stack::pinterest-pipeline-dev"
	lakeURN   = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:DataLake::lake"
	bucketURN = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:DataLake$aws:s3/bucketV2:BucketV2::lake-bucket"
	lcURN     = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:DataLake$aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2::lake-lifecycle"
	streamURN = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:KinesisStreams$aws:kinesis/stream:Stream::streams-pin"
)

// basePlan is a small plan in the shape `cmd/plan --json` writes.
func basePlan() map[string]any {
	return map[string]any{
		"project": "pinterest-pipeline",
		"stack":   "dev",
		"resources": []any{
			map[string]any{"urn": lakeURN, "type": "pinterest-pipeline:components:DataLake", "name": "lake", "parent": stackURN,
				"custom": false, "inputs": map[string]any{}},
			map[string]any{"urn": bucketURN, "type": "aws:s3/bucketV2:BucketV2", "name": "lake-bucket", "parent": lakeURN, "custom": true,
				"inputs": map[string]any{
					"bucket": "user-0affd9571f39-bucket", "forceDestroy": true,
					"tags": map[string]any{"owner": "learner@example.com", "stack": "dev"},
				},
				"protect": false, "retainOnDelete": false, "deletedWith": ""},
			map[string]any{"urn": lcURN, "type": "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "name": "lake-lifecycle",
				"parent": lakeURN, "custom": true, "deletedWith": bucketURN,
				"inputs": map[string]any{
					"bucket": "user-0affd9571f39-bucket",
					"rules": []any{
						map[string]any{"id": "expire-raw-data", "expiration": map[string]any{"days": 30}, "status": "Enabled"},
					},
				}},
		},
		"outputs": map[string]any{"bucketName": "user-0affd9571f39-bucket", "apiKey": "[secret]"},
	}
}

func parse(t *testing.T, doc map[string]any) *Document {
	t.Helper()
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	parsed, err := Parse(data)
	require.NoError(t, err)
	return parsed
}

func resources(doc map[string]any) []any { return doc["resources"].([]any) }

func inputsOf(doc map[string]any, i int) map[string]any {
	return resources(doc)[i].(map[string]any)["inputs"].(map[string]any)
}

func diffOf(t *testing.T, edit func(doc map[string]any)) (*Result, string) {
	t.Helper()
	old, current := basePlan(), basePlan()
	edit(current)
	r := Compare(parse(t, old), parse(t, current))
	return r, Markdown(r, Options{OldLabel: "the base branch"})
}

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(doc map[string]any)
		check func(t *testing.T, r *Result, md string)
	}{
		{
			name: "no change",
			edit: func(map[string]any) {},
			check: func(t *testing.T, r *Result, md string) {
				assert.True(t, r.Empty())
				assert.Contains(t, md, "No changes: the plan declares the same 3 resources, options and outputs as the base branch.")
				assert.NotContains(t, md, "#### Changed")
			},
		},
		{
			name: "added resource",
			edit: func(doc map[string]any) {
				doc["resources"] = append(resources(doc), map[string]any{"urn": streamURN, "type": "aws:kinesis/stream:Stream",
					"name": "streams-pin", "parent": "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:KinesisStreams::streams",
					"inputs": map[string]any{"name": "streaming-0affd9571f39-pin"}})
			},
			check: func(t *testing.T, r *Result, md string) {
				require.Len(t, r.Added, 1)
				assert.Equal(t, "streams-pin", r.Added[0].Name)
				assert.Contains(t, md, "**1 to add, 0 to remove, 0 to replace, 0 to change**")
				assert.Contains(t, md, "#### Added (1)\n\n| Type | Name | Parent |\n|---|---|---|\n"+
					"| `aws:kinesis/stream:Stream` | `streams-pin` | `pinterest-pipeline:components:KinesisStreams::streams` |\n")
			},
		},
		{
			name: "removed resource",
			edit: func(doc map[string]any) { doc["resources"] = resources(doc)[:2] },
			check: func(t *testing.T, r *Result, md string) {
				require.Len(t, r.Removed, 1)
				assert.Equal(t, lcURN, r.Removed[0].URN)
				assert.Contains(t, md, "#### Removed (1)\n\nPulumi deletes these from the cloud.")
				assert.Contains(t, md, "`lake-lifecycle`")
			},
		},
		{
			name: "changed input",
			edit: func(doc map[string]any) { inputsOf(doc, 1)["tags"].(map[string]any)["owner"] = "teacher@example.com" },
			check: func(t *testing.T, r *Result, md string) {
				require.Len(t, r.Changed, 1)
				assert.Equal(t, []Change{{Path: "tags.owner", Old: "learner@example.com", OldSet: true, New: "teacher@example.com", NewSet: true}},
					r.Changed[0].Inputs)
				assert.Contains(t, md, "**`aws:s3/bucketV2:BucketV2` lake-bucket**\n\n| Change | Old | New |\n|---|---|---|\n"+
					"| `tags.owner` | `\"learner@example.com\"` | `\"teacher@example.com\"` |\n")
			},
		},
		{
			name: "nested change in a list",
			edit: func(doc map[string]any) {
				rule := inputsOf(doc, 2)["rules"].([]any)[0].(map[string]any)
				rule["expiration"] = map[string]any{"days": 7}
			},
			check: func(t *testing.T, r *Result, md string) {
				require.Len(t, r.Changed, 1)
				require.Len(t, r.Changed[0].Inputs, 1)
				assert.Equal(t, "rules[0].expiration.days", r.Changed[0].Inputs[0].Path)
				assert.Contains(t, md, "| `rules[0].expiration.days` | `30` | `7` |")
			},
		},
		{
			name: "input added and removed",
			edit: func(doc map[string]any) {
				delete(inputsOf(doc, 1), "forceDestroy")
				inputsOf(doc, 1)["tags"].(map[string]any)["aws:course"] = "aicore"
			},
			check: func(t *testing.T, r *Result, md string) {
				assert.Contains(t, md, "| `forceDestroy` | `true` | — |")
				assert.Contains(t, md, "| `tags[\"aws:course\"]` | — | `\"aicore\"` |")
			},
		},
		{
			name: "secrets are masked",
			edit: func(doc map[string]any) {
				inputsOf(doc, 1)["tags"].(map[string]any)["owner"] = "[secret]"
				inputsOf(doc, 1)["databricksToken"] = "dapi-plain-text"
				inputsOf(doc, 1)["settings"] = map[string]any{"password": "hunter2", "port": 5432}
				doc["outputs"].(map[string]any)["apiKey"] = "abc123"
			},
			check: func(t *testing.T, r *Result, md string) {
				for _, leaked := range []string{"learner@example.com", "dapi-plain-text", "hunter2", "abc123"} {
					assert.NotContains(t, md, leaked)
				}
				assert.Contains(t, md, "| `tags.owner` | `[secret]` | `[secret]` |")
				assert.Contains(t, md, "| `databricksToken` | — | `[secret]` |")
				assert.Contains(t, md, "| `settings` | — | `{\"password\":\"[secret]\",\"port\":5432}` |")
				assert.Contains(t, md, "| `apiKey` | `[secret]` | `[secret]` |")
			},
		},
		{
			name: "replaced when the parent changes",
			edit: func(doc map[string]any) {
				r := resources(doc)[1].(map[string]any)
				r["urn"] = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:Archive$aws:s3/bucketV2:BucketV2::lake-bucket"
				r["parent"] = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:Archive::archive"
			},
			check: func(t *testing.T, r *Result, md string) {
				assert.Empty(t, r.Added)
				assert.Empty(t, r.Removed)
				require.Len(t, r.Replaced, 1)
				assert.Equal(t, bucketURN, r.Replaced[0].OldURN)
				assert.Contains(t, md, "**0 to add, 0 to remove, 1 to replace, 0 to change**")
				assert.Contains(t, md, "**`aws:s3/bucketV2:BucketV2` lake-bucket** (was `aws:s3/bucketV2:BucketV2::lake-bucket`)")
				assert.Contains(t, md, "| `option parent` | `\"pinterest-pipeline:components:DataLake::lake\"` | `\"pinterest-pipeline:components:Archive::archive\"` |")
			},
		},
		{
			name: "option changes",
			edit: func(doc map[string]any) {
				r := resources(doc)[1].(map[string]any)
				r["protect"] = true
				r["retainOnDelete"] = true
				resources(doc)[2].(map[string]any)["deletedWith"] = ""
			},
			check: func(t *testing.T, r *Result, md string) {
				require.Len(t, r.Changed, 2)
				assert.Contains(t, md, "| `option protect` | `false` | `true` |\n| `option retainOnDelete` | `false` | `true` |")
				assert.Contains(t, md, "| `option deletedWith` | `\"aws:s3/bucketV2:BucketV2::lake-bucket\"` | `\"(none)\"` |")
			},
		},
		{
			name: "output change",
			edit: func(doc map[string]any) {
				doc["outputs"].(map[string]any)["bucketName"] = "user-other-bucket"
				doc["outputs"].(map[string]any)["invokeUrl"] = "https://example.execute-api.us-east-1.amazonaws.com/dev"
			},
			check: func(t *testing.T, r *Result, md string) {
				assert.Len(t, r.Outputs, 2)
				assert.Contains(t, md, "0 to change, 2 outputs changed**")
				assert.Contains(t, md, "#### Outputs (2 changed)\n\n| Output | Old | New |\n|---|---|---|\n"+
					"| `bucketName` | `\"user-0affd9571f39-bucket\"` | `\"user-other-bucket\"` |\n"+
					"| `invokeUrl` | — | `\"https://example.execute-api.us-east-1.amazonaws.com/dev\"` |\n")
			},
		},
		{
			name: "json documents in strings compare by content",
			edit: func(doc map[string]any) {
				inputsOf(doc, 1)["policy"] = `{"Statement":[{"Effect":"Deny","Action":"s3:*"}]}`
			},
			check: func(t *testing.T, r *Result, md string) {
				assert.Contains(t, md, "| `policy` | — |")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, md := diffOf(t, tt.edit)
			tt.check(t, r, md)
		})
	}
}

func TestJSONDocumentsInStringsShowTheChangedStatement(t *testing.T) {
	t.Parallel()
	old, current := basePlan(), basePlan()
	inputsOf(old, 1)["policy"] = `{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::a"}]}`
	inputsOf(current, 1)["policy"] = `{"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b"}]}`
	r := Compare(parse(t, old), parse(t, current))
	require.Len(t, r.Changed, 1)
	assert.Equal(t, []Change{{Path: "policy.Statement[0].Resource", Old: "arn:aws:s3:::a", OldSet: true, New: "arn:aws:s3:::b", NewSet: true}},
		r.Changed[0].Inputs, "reformatting alone is no change; the statement's resource is")
}

func TestMultiLineTextShowsTheFirstChangedLine(t *testing.T) {
	t.Parallel()
	_, md := diffOf(t, func(doc map[string]any) {
		inputsOf(doc, 1)["userData"] = "#!/bin/bash\nset -eu\necho new\n"
	})
	assert.Contains(t, md, "| `userData` | — |", "added text prints as a value")

	old, current := basePlan(), basePlan()
	inputsOf(old, 1)["userData"] = "#!/bin/bash\nset -eu\necho old\n"
	inputsOf(current, 1)["userData"] = "#!/bin/bash\nset -eu\necho new\n"
	md = Markdown(Compare(parse(t, old), parse(t, current)), Options{})
	assert.Contains(t, md, "| `userData` | line 3 of 4: `\"echo old\"` | line 3 of 4: `\"echo new\"` |")
}

func TestIdenticalChangesShareOneTable(t *testing.T) {
	t.Parallel()
	_, md := diffOf(t, func(doc map[string]any) {
		inputsOf(doc, 1)["tags"].(map[string]any)["owner"] = "teacher@example.com"
		inputsOf(doc, 2)["tags"] = map[string]any{"owner": "teacher@example.com"}
		inputsOf(doc, 0)["tags"] = map[string]any{"owner": "teacher@example.com"}
	})
	assert.Contains(t, md, "#### Changed (3)")
	assert.Contains(t, md, "**`aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2` lake-lifecycle**, "+
		"**`pinterest-pipeline:components:DataLake` lake**\n\n| Change | Old | New |\n|---|---|---|\n| `tags` | — | `{\"owner\":\"teacher@example.com\"}` |")
}

func TestSecretKeys(t *testing.T) {
	t.Parallel()
	for key, secret := range map[string]bool{
		"password": true, "masterUserPassword": true, "databricksToken": true, "apiKey": true, "client_secret": true,
		"privateKeyPem": true, "secretAccessKey": true, "credentials": true,
		"apiKeyRequired": false, "httpTokens": false, "kmsKeyArn": false, "sshKeyName": false, "owner": false, "bucket": false,
	} {
		assert.Equal(t, secret, keyLooksSecret(key), key)
	}
}

func TestPoliciesAndCost(t *testing.T) {
	t.Parallel()
	violation := func(policy, urn, level, message string) map[string]any {
		return map[string]any{"policy": policy, "urn": urn, "level": level, "message": message}
	}
	old, current := basePlan(), basePlan()
	old["policies"] = []any{
		violation("s3-block-public-access", bucketURN, "mandatory", "the bucket allows public ACLs"),
		violation("dev-ttl-tag", bucketURN, "advisory", "missing expires-at"),
	}
	current["policies"] = []any{
		violation("dev-ttl-tag", bucketURN, "mandatory", "missing expires-at"),
		violation("kinesis-encryption", streamURN, "advisory", "use KMS"),
	}
	old["cost"] = map[string]any{"hourlyUsd": 0.79, "monthlyUsd": 575, "components": []any{
		map[string]any{"component": "msk", "hourlyUsd": 0.091},
		map[string]any{"component": "mwaa", "hourlyUsd": 0.49},
	}}
	current["cost"] = map[string]any{"hourlyUsd": 0.88, "monthlyUsd": 641, "components": []any{
		map[string]any{"component": "msk", "hourlyUsd": 0.182},
		map[string]any{"component": "mwaa", "hourlyUsd": 0.49},
		map[string]any{"component": "nat", "hourlyUsd": 0.05},
	}}
	md := Markdown(Compare(parse(t, old), parse(t, current)), Options{})

	assert.Contains(t, md, "#### Policies\n\n| Change | Violation |\n|---|---|\n")
	assert.Contains(t, md, "| changed | `[dev-ttl-tag aws:s3/bucketV2:BucketV2::lake-bucket].level`: `\"advisory\"` → `\"mandatory\"` |")
	assert.Contains(t, md, "| new | `advisory` **kinesis-encryption** on `aws:kinesis/stream:Stream::streams-pin`: use KMS |")
	assert.Contains(t, md, "| resolved | `mandatory` **s3-block-public-access** on `aws:s3/bucketV2:BucketV2::lake-bucket`: the bucket allows public ACLs |")
	assert.Contains(t, md, "Now: 2 violations (1 advisory, 1 mandatory).")

	assert.Contains(t, md, "#### Cost\n\n| Item | Old | New | Change |\n|---|---|---|---|\n"+
		"| `hourlyUsd` | `0.79` | `0.88` | +0.09 |\n| `monthlyUsd` | `575` | `641` | +66 |\n")
	assert.Contains(t, md, "| `components[msk].hourlyUsd` | `0.091` | `0.182` | +0.091 |")
	assert.Contains(t, md, "| `components[nat]` | — | `{\"component\":\"nat\",\"hourlyUsd\":0.05}` |  |")
	assert.NotContains(t, md, "mwaa", "an unchanged component is not listed")
}

func TestPolicyAndCostPresence(t *testing.T) {
	t.Parallel()
	_, md := diffOf(t, func(map[string]any) {})
	assert.Contains(t, md, "#### Policies\n\nNo policy/cost data: neither plan has a policies section.")
	assert.Contains(t, md, "#### Cost\n\nNo policy/cost data: neither plan has a cost section.")

	r, md := diffOf(t, func(doc map[string]any) {
		doc["policies"] = []any{map[string]any{"policy": "p", "urn": bucketURN, "level": "advisory", "message": "m"}}
		doc["cost"] = map[string]any{"hourlyUsd": 0.79}
	})
	assert.False(t, r.Empty(), "a section that appears is a change")
	assert.Contains(t, md, "The old plan has no policy data; everything below is new.")
	assert.Contains(t, md, "| new | `advisory` **p** on `aws:s3/bucketV2:BucketV2::lake-bucket`: m |")
	assert.Contains(t, md, "| `hourlyUsd` | — | `0.79` |  |")

	same := basePlan()
	same["policies"] = []any{}
	same["cost"] = map[string]any{"hourlyUsd": 0.79, "monthlyUsd": 575}
	md = Markdown(Compare(parse(t, same), parse(t, same)), Options{})
	assert.Contains(t, md, "No changes")
	assert.Contains(t, md, "#### Policies\n\nUnchanged. 0 violations.")
	assert.Contains(t, md, "#### Cost\n\nUnchanged: hourlyUsd 0.79, monthlyUsd 575.")
}

func TestMarkdownIsDeterministicAndBounded(t *testing.T) {
	t.Parallel()
	old, current := basePlan(), basePlan()
	for i := range 400 {
		current["resources"] = append(resources(current), map[string]any{
			"urn":  fmt.Sprintf("urn:pulumi:dev::pinterest-pipeline::aws:sqs/queue:Queue::q-%03d", i),
			"type": "aws:sqs/queue:Queue", "name": fmt.Sprintf("q-%03d", i), "inputs": map[string]any{},
		})
	}
	big := strings.Repeat("x", 5000)
	inputsOf(current, 1)["description"] = big
	for i := range 100 {
		inputsOf(current, 1)[fmt.Sprintf("k%03d", i)] = i
	}
	first := Markdown(Compare(parse(t, old), parse(t, current)), Options{})
	second := Markdown(Compare(parse(t, old), parse(t, current)), Options{})
	assert.Equal(t, first, second)
	assert.LessOrEqual(t, len(first), DefaultMaxBytes)
	assert.Contains(t, first, "| … and 350 more | | |")
	assert.Contains(t, first, "… and 76 more")
	assert.Contains(t, first, "(4882 more characters)")
	assert.NotContains(t, first, big)

	small := Markdown(Compare(parse(t, old), parse(t, current)), Options{MaxBytes: 1500})
	assert.LessOrEqual(t, len(small), 1500)
	assert.True(t, strings.HasSuffix(small, "for all of it.\n"), small)
}

func TestParseRejectsWhatIsNotAPlan(t *testing.T) {
	t.Parallel()
	for name, input := range map[string]string{
		"empty":          "",
		"not json":       "Offline plan of pinterest-pipeline/dev",
		"no resources":   `{"project":"p","stack":"dev"}`,
		"no urn":         `{"resources":[{"type":"t"}]}`,
		"duplicate urn":  `{"resources":[{"urn":"u"},{"urn":"u"}]}`,
		"trailing data":  `{"resources":[]} {}`,
		"bad policies":   `{"resources":[],"policies":}`,
		"resources type": `{"resources":{}}`,
	} {
		_, err := Parse([]byte(input))
		assert.Error(t, err, name)
	}
	doc, err := Parse([]byte(`{"project":"p","stack":"dev","resources":[],"policies":null}`))
	require.NoError(t, err)
	assert.True(t, doc.HasPolicies)
	assert.False(t, doc.HasCost)
}

// A mandatory violation the base branch already has is not a change, but `pulumi up` still
// refuses the plan: the comment names it rather than only counting it.
func TestUnchangedMandatoryViolationsAreListed(t *testing.T) {
	t.Parallel()
	plan := basePlan()
	plan["policies"] = []any{
		map[string]any{"policy": "hourly-budget", "urn": bucketURN, "level": "mandatory", "message": "over budget"},
		map[string]any{"policy": "cost-fully-priced", "urn": streamURN, "level": "advisory", "message": "unpriced"},
	}
	md := Markdown(Compare(parse(t, plan), parse(t, plan)), Options{})
	assert.Contains(t, md, "#### Policies\n\nUnchanged. 2 violations (1 advisory, 1 mandatory).")
	assert.Contains(t, md, "Still violated, so `pulumi up --policy-pack policies` refuses this plan:\n\n"+
		"- `mandatory` **hourly-budget** on `aws:s3/bucketV2:BucketV2::lake-bucket`: over budget\n")
	assert.NotContains(t, md, "**cost-fully-priced**", "an unchanged advisory finding stays a count")
}

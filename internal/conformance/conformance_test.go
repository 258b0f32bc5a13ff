package conformance

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/botocore"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The committed tables are exactly what the generator makes of the pinned botocore's models;
// rerun `go generate ./internal/conformance` after changing the mapping.
func TestTablesMatchTheModels(t *testing.T) {
	t.Parallel()
	dataDir, version, err := botocore.Locate()
	switch {
	case err != nil:
		testtool.Missing(t, fmt.Sprintf("python3 with botocore is not installed (%v), so the constraint tables cannot be compared; "+
			"pip install botocore==%s and run `go generate ./internal/conformance`", err, PinnedBotocore))
	case version != PinnedBotocore:
		testtool.Missing(t, fmt.Sprintf("botocore %s is installed, not the pinned %s, so the tables cannot be compared", version, PinnedBotocore))
	}
	want, err := Generate(dataDir, version, Members())
	require.NoError(t, err)
	got, err := os.ReadFile("constraints_gen.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "stale: run `go generate ./internal/conformance`")
	assert.Equal(t, "botocore "+PinnedBotocore, ModelSource())
}

// Every member the mapping names is in the generated tables, and every RE2 pattern compiles.
func TestMappedMembersExist(t *testing.T) {
	t.Parallel()
	members := Members()
	require.Greater(t, len(members), 200, "the mapping names hundreds of members")
	for _, m := range members {
		_, ok := Lookup(m)
		assert.True(t, ok, "%s is not in constraints_gen.go; run go generate", m)
	}
	uncheckable := 0
	for m, c := range generated {
		if c.RE2 != "" {
			_, err := regexp.Compile(anchor(c.RE2))
			assert.NoError(t, err, m.String())
		}
		if c.Pattern != "" && c.RE2 == "" {
			uncheckable++
			assert.Contains(t, c.Uncheckable, "pattern not checkable in RE2", m.String())
		}
	}
	assert.Positive(t, uncheckable, "budgets' BudgetName pattern has a lookahead, which must be listed, never dropped")
}

func TestMappingEntriesAreWellFormed(t *testing.T) {
	t.Parallel()
	require.NotEmpty(t, Mapping)
	for typ, inputs := range Mapping {
		assert.True(t, strings.HasPrefix(typ, "aws:"), typ)
		for path, in := range inputs {
			mapped := in.Member.Path != ""
			assert.NotEqual(t, mapped, in.Unmapped != "", "%s %s: either a member or a reason", typ, path)
			if strings.HasSuffix(path, "*") && mapped {
				assert.NotEmpty(t, in.Key.Path, "%s %s: a free-form map names the member its keys become", typ, path)
			}
			for _, r := range in.Rules {
				assert.Contains(t, Rules, r, "%s %s", typ, path)
			}
		}
	}
	for _, name := range RuleNames() {
		rule := Rules[name]
		assert.NotEmpty(t, rule.Description, name)
		assert.NotEmpty(t, rule.Fix, name)
		assert.NotEmpty(t, RuleTypes(name), "%s applies to no mapped input", name)
	}
}

func TestToRE2(t *testing.T) {
	t.Parallel()
	re, why := toRE2(`(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`)
	assert.Equal(t, `(\x{002F})|(\x{002F}[\x{0021}-\x{007E}]+\x{002F})`, re)
	assert.Empty(t, why)
	re, why = toRE2(`^(?![^:\\]*/action/)[^:\\]+$`)
	assert.Empty(t, re)
	assert.Contains(t, why, "lookaround")
}

func resource(typ string, props map[string]property.Value) Resource {
	return Resource{URN: "urn:test", Type: typ, Properties: property.NewMap(props)}
}

func checksOf(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Check+" "+f.Message)
	}
	return out
}

// Each family: a planted violation is reported, by that family only, and the valid value is
// not. The constraints come from the generated tables.
func TestFamilies(t *testing.T) {
	t.Parallel()
	const mwaa, kinesis, msk = "aws:mwaa/environment:Environment", "aws:kinesis/stream:Stream", "aws:msk/cluster:Cluster"
	str := func(s string) property.Value { return property.New(s) }
	strs := func(ss ...string) property.Value {
		vs := make([]property.Value, 0, len(ss))
		for _, s := range ss {
			vs = append(vs, str(s))
		}
		return property.New(property.NewArray(vs))
	}
	tests := []struct {
		name, typ string
		props     map[string]property.Value
		family    string // "" when nothing is reported
		message   string
	}{
		{"length over", kinesis, map[string]property.Value{"name": str(strings.Repeat("s", 129))}, FamilyLength, "129 characters, more than the maximum 128"},
		{"length at the limit", kinesis, map[string]property.Value{"name": str(strings.Repeat("s", 128))}, "", ""},
		{"length under", mwaa, map[string]property.Value{"requirementsS3ObjectVersion": str("")}, FamilyLength, "0 characters, fewer than the minimum 1"},
		{"pattern", kinesis, map[string]property.Value{"name": str("a stream")}, FamilyPattern, `"a stream" does not match the pattern [a-zA-Z0-9_.-]+`},
		{"pattern is anchored", mwaa, map[string]property.Value{"name": str("airflow env")}, FamilyPattern, "does not match"},
		{"enum", msk, map[string]property.Value{"enhancedMonitoring": str("per_broker")}, FamilyEnum, `"per_broker" is not one of the 4 values`},
		{"enum accepted", msk, map[string]property.Value{"enhancedMonitoring": str("PER_BROKER")}, "", ""},
		{"range", msk, map[string]property.Value{"numberOfBrokerNodes": property.New(0.0)}, FamilyRange, "0 is below the minimum 1"},
		{"range in a nested member", msk, map[string]property.Value{"brokerNodeGroupInfo": property.New(map[string]property.Value{
			"storageInfo": property.New(map[string]property.Value{"ebsStorageInfo": property.New(map[string]property.Value{"volumeSize": property.New(20000.0)})}),
		})}, FamilyRange, "20000 is above the maximum 16384"},
		{"list size", mwaa, map[string]property.Value{"networkConfiguration": property.New(map[string]property.Value{
			"subnetIds": strs("subnet-1", "subnet-2", "subnet-3")})}, FamilyListSize, "networkConfiguration.subnetIds: 3 entries, more than the maximum 2"},
		{"list size accepted", mwaa, map[string]property.Value{"networkConfiguration": property.New(map[string]property.Value{
			"subnetIds": strs("subnet-1", "subnet-2")})}, "", ""},
		{"map key pattern", mwaa, map[string]property.Value{"airflowConfigurationOptions": property.New(map[string]property.Value{
			"Core.Bad Key": str("x")})}, FamilyPattern, `(key): "Core.Bad Key" does not match`},
		{"unknown during preview", kinesis, map[string]property.Value{"name": property.New(property.Computed)}, "", ""},
		{"a type the mapping lacks", "aws:foo/bar:Bar", map[string]property.Value{"name": str(strings.Repeat("s", 999))}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs, _ := CheckResource(resource(tt.typ, tt.props))
			if tt.family == "" {
				assert.Empty(t, checksOf(fs))
				return
			}
			require.Len(t, fs, 1, checksOf(fs))
			assert.Equal(t, tt.family, fs[0].Check)
			assert.Contains(t, fs[0].Message, tt.message)
			assert.Contains(t, fs[0].Message, "botocore "+PinnedBotocore, "a finding names the model it comes from")
		})
	}
}

// Each hand-written rule: a planted violation is reported, and an accepted value is not.
func TestRules(t *testing.T) {
	t.Parallel()
	str := func(s string) property.Value { return property.New(s) }
	tests := []struct {
		rule, typ string
		bad, good map[string]property.Value
		message   string
	}{
		{RuleEC2Description, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
			map[string]property.Value{"description": str("the UI's port")}, map[string]property.Value{"description": str("the UI port")}, `the description "the UI's port" contains`},
		{RuleAPIPathPart, "aws:apigateway/resource:Resource",
			map[string]property.Value{"pathPart": str("{stream name}")}, map[string]property.Value{"pathPart": str("{stream-name}")}, "is not a plain segment"},
		{RuleMSKConnectWorkerProperties, "aws:mskconnect/workerConfiguration:WorkerConfiguration",
			map[string]property.Value{"propertiesFileContent": str("key.converter=a\nvalue.converter=b\nsasl.mechanism=AWS_MSK_IAM\n")},
			map[string]property.Value{"propertiesFileContent": str("key.converter=a\nvalue.converter=b\nproducer.linger.ms=5\n")}, "no sasl.* keys"},
		{RuleMWAAClassAndVersion, "aws:mwaa/environment:Environment",
			map[string]property.Value{"environmentClass": str("mw1.small"), "airflowVersion": str("1.10.12")},
			map[string]property.Value{"environmentClass": str("mw1.small"), "airflowVersion": str("2.10.3")}, `airflowVersion "1.10.12"`},
		{RuleS3BucketName, "aws:s3/bucketV2:BucketV2",
			map[string]property.Value{"bucket": str("User-Bucket")}, map[string]property.Value{"bucket": str("user-bucket")}, "may contain only lowercase"},
		{RuleLogRetentionDays, "aws:cloudwatch/logGroup:LogGroup",
			map[string]property.Value{"retentionInDays": property.New(10.0)}, map[string]property.Value{"retentionInDays": property.New(14.0)}, "not a retention period"},
	}
	covered := map[string]bool{RuleIAMRoleNames: true} // a stack rule, see TestIAMRoleNamesIgnoreCase
	for _, tt := range tests {
		covered[tt.rule] = true
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			fs, _ := CheckResource(resource(tt.typ, tt.bad))
			require.Len(t, fs, 1, checksOf(fs))
			assert.Equal(t, tt.rule, fs[0].Check)
			assert.Contains(t, fs[0].Message, tt.message)
			assert.Contains(t, fs[0].Message, Rules[tt.rule].Fix)
			fs, _ = CheckResource(resource(tt.typ, tt.good))
			assert.Empty(t, checksOf(fs))
		})
	}
	for _, name := range RuleNames() {
		assert.True(t, covered[name], "no test plants a violation of %s", name)
	}
}

func TestIAMRoleNamesIgnoreCase(t *testing.T) {
	t.Parallel()
	role := func(urn, name string) Resource {
		return Resource{URN: urn, Type: typeIAMRole, Properties: property.NewMap(map[string]property.Value{"name": property.New(name)})}
	}
	fs := CheckStack([]Resource{role("a", "abc-ec2-access-role"), role("b", "abc-kinesis-access-role"), role("c", "ABC-EC2-access-role")})
	require.Len(t, fs, 1, checksOf(fs))
	assert.Equal(t, "c", fs[0].URN)
	assert.Contains(t, fs[0].Message, `"ABC-EC2-access-role" differs only in letter case from "abc-ec2-access-role"`)
	assert.Empty(t, CheckStack([]Resource{role("a", "one"), role("b", "two")}))
}

func TestCoverageListsEveryUncheckedInputWithItsReason(t *testing.T) {
	t.Parallel()
	report := Coverage([]Resource{
		resource("aws:mwaa/environment:Environment", map[string]property.Value{
			"name": property.New("airflow-x"), "executionRoleArn": property.New(property.Computed)}),
		resource("aws:ec2/vpc:Vpc", map[string]property.Value{"cidrBlock": property.New("10.0.0.0/16"), "enableDnsSupport": property.New(true)}),
		resource("aws:foo/bar:Bar", map[string]property.Value{"name": property.New("x")}),
		resource("databricks:index/job:Job", map[string]property.Value{"name": property.New("x")}),
		resource("aws:budgets/budget:Budget", map[string]property.Value{"name": property.New("b")}),
	})
	require.Len(t, report.Types, 4, "AWS types only")
	byType := map[string]TypeCoverage{}
	for _, tc := range report.Types {
		byType[tc.Type] = tc
	}
	assert.Equal(t, TypeCoverage{Type: "aws:mwaa/environment:Environment", Inputs: 2, Checked: 1,
		Unchecked: []InputCoverage{{Path: "executionRoleArn", Reason: ReasonComputed}}}, byType["aws:mwaa/environment:Environment"])
	assert.Equal(t, TypeCoverage{Type: "aws:ec2/vpc:Vpc", Inputs: 1, Checked: 0, Unchecked: []InputCoverage{{Path: "cidrBlock",
		Reason: "unconstrained in the model (CreateVpc CidrBlock, shape String)"}}}, byType["aws:ec2/vpc:Vpc"], "bools are not counted")
	assert.Equal(t, []InputCoverage{{Path: "name", Reason: "not mapped: no entry in conformance.Mapping"}}, byType["aws:foo/bar:Bar"].Unchecked)
	// BudgetName keeps its length check, and says its pattern went unchecked.
	assert.Equal(t, TypeCoverage{Type: "aws:budgets/budget:Budget", Inputs: 1, Checked: 1, Unchecked: []InputCoverage{},
		Partial: []InputCoverage{{Path: "name", Checked: true, Note: "pattern not checkable in RE2: a lookaround, which RE2 has no equivalent for"}}},
		byType["aws:budgets/budget:Budget"])
	assert.Equal(t, 5, report.Inputs)
	assert.Equal(t, 2, report.Checked)
}

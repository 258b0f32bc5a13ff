package stacks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCourseNames(t *testing.T) {
	t.Parallel()
	const id = "0affd9571f39"
	tests := []struct {
		got, want string
	}{
		{TopicName(id, "pin"), "0affd9571f39.pin"},
		{TopicName(id, "geo"), "0affd9571f39.geo"},
		{TopicName(id, "user"), "0affd9571f39.user"},
		{BucketName(id), "user-0affd9571f39-bucket"},
		{StreamName(id, "pin"), "streaming-0affd9571f39-pin"},
		{StreamName(id, "user"), "streaming-0affd9571f39-user"},
		{EC2AccessRoleName(id), "0affd9571f39-ec2-access-role"},
		{KinesisAccessRoleName(id), "0affd9571f39-kinesis-access-role"},
		{PluginName(id), "0affd9571f39-plugin"},
		{ConnectRoleName(id), "0affd9571f39-msk-connect-role"},
		{DatabricksRoleName(id), "0affd9571f39-databricks-role"},
		{AirflowBucketName(id, "dev"), "airflow-0affd9571f39-dev-dags"},
		{AirflowBucketName(id, "Learner_1"), "airflow-0affd9571f39-learner-1-dags"},
		{ConnectorName(id), "0affd9571f39-connector"},
		{DAGID(id), "0affd9571f39_dag"},
		{DAGFileName(id), "0affd9571f39_dag.py"},
		{DeltaTableName(id, "geo"), "0affd9571f39_geo_table"},
		{APIName(id), "0affd9571f39"},
		{AirflowEnvironmentName(id), "airflow-0affd9571f39"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got)
		// The seed's streaming script had "streaming-0affd9571f39-user " with a trailing space.
		assert.Equal(t, strings.TrimSpace(tt.got), tt.got, "no stray whitespace")
	}
	assert.Equal(t, []string{"pin", "geo", "user"}, RecordKinds)
}

func TestUserIDProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		userID  string
		wantSub string // "" means valid
	}{
		{"course id", "0affd9571f39", ""},
		{"letters only", "learner", ""},
		{"longest legal id", strings.Repeat("a", 44), ""},
		{"empty", "", "is empty"},
		{"uppercase breaks S3", "0AFFD9571F39", "only lowercase letters and digits"},
		{"hyphen breaks Delta tables", "learner-1", "only lowercase letters and digits"},
		{"dot breaks the topic regex", "a.b", "only lowercase letters and digits"},
		{"space", "0affd 9571f39", "only lowercase letters and digits"},
		{"too long for the IAM role", strings.Repeat("a", 45), `IAM role name "` + strings.Repeat("a", 45) + `-kinesis-access-role", which is 65 characters`},
		{"reserved by SSM", "amazonlearner1", "a prefix SSM reserves"},
		{"far too long for the bucket", strings.Repeat("b", 60), "S3 bucket name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			problems := UserIDProblems(tt.userID)
			if tt.wantSub == "" {
				assert.Empty(t, problems)
				return
			}
			require.NotEmpty(t, problems)
			assert.Contains(t, strings.Join(problems, "\n"), tt.wantSub)
		})
	}
}

func TestMaxUserIDLengthIsSetByTheStrictestService(t *testing.T) {
	t.Parallel()
	// IAM role names are at most 64 characters and "-kinesis-access-role" takes 20 of them.
	assert.Equal(t, 64-len("-kinesis-access-role"), MaxUserIDLength())
}

func TestDerivedNamesCoverEveryCourseName(t *testing.T) {
	t.Parallel()
	services := map[string]int{}
	for _, d := range DerivedNames("0affd9571f39") {
		services[d.Service]++
		assert.Empty(t, d.rule.check(d.Name), "%s name %q", d.Service, d.Name)
	}
	assert.Equal(t, map[string]int{
		"S3 bucket": 1, "IAM role": 5, "MSK Connect": 2, "MSK cluster": 1, "MWAA environment": 1,
		"Airflow dag_id": 1, "Kafka topic": 3, "Kinesis stream": 3, "Databricks Delta table": 3,
	}, services)
}

func TestBucketRules(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"user-abc-bucket": "",
		"ab":              "is 2 characters",
		"Upper-bucket":    "may contain only",
		"a..b":            "two adjacent dots",
		"192.168.1.1":     "IP address",
		"xn--bucket":      "prefix S3 reserves",
		"bucket-s3alias":  "suffix S3 reserves",
		"-leading":        "may contain only",
	}
	for name, want := range tests {
		got := bucketRule.check(name)
		if want == "" {
			assert.Empty(t, got, name)
		} else {
			assert.Contains(t, got, want, name)
		}
	}
}

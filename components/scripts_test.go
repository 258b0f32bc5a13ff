package components

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var testSoftware = ClientSoftware{
	KafkaVersion: "3.8.1", KafkaURL: "https://archive.apache.org/dist/kafka/3.8.1/kafka_2.13-3.8.1.tgz",
	KafkaChecksum:    "sha512:b43fada353b7dca51c0f90acf594ec1ce06b2344c046d4059d4deab0615e0e3e76e92eccdbdfa1adad1fbde76c5f25e71acd0db013fb4b1778827448b5285edf",
	KafkaChecksumURL: "https://archive.apache.org/dist/kafka/3.8.1/kafka_2.13-3.8.1.tgz.sha512",
	IAMAuthVersion:   "2.3.0", IAMAuthURL: "https://github.com/aws/aws-msk-iam-auth/releases/download/v2.3.0/aws-msk-iam-auth-2.3.0-all.jar",
	ConfluentVersion: "7.8.2", ConfluentURL: "https://packages.confluent.io/archive/7.8/confluent-community-7.8.2.tar.gz",
}

var testConfigureValues = map[string]string{
	"BootstrapServers": "b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098,b-2.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098",
	"Topics":           "0affd9571f39.geo:1:2:604800000 0affd9571f39.pin:1:2:604800000 0affd9571f39.user:1:2:604800000",
	"RestProxyPort":    "8082",
	"RestProxyRoleArn": "arn:aws:iam::123456789012:role/0affd9571f39-rest-proxy-role",
	"Region":           "us-east-1",
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o600))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./components -update` to create %s", path)
	assert.Equal(t, string(want), got, "%s changed; review it and run `go test ./components -update`", path)
}

// checkShell runs bash -n and shellcheck on a script, each as a subtest that needs its tool
// (internal/testtool): without one it skips (fails under CI), and the caller's own checks
// still run.
func checkShell(t *testing.T, name, script string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(script), 0o600))
	t.Run("bash -n "+name, func(t *testing.T) {
		bash := testtool.RequireOne(t, "bash")
		out, err := exec.Command(bash, "-n", path).CombinedOutput()
		require.NoError(t, err, "bash -n %s:\n%s", name, out)
	})
	t.Run("shellcheck "+name, func(t *testing.T) {
		shellcheck := testtool.RequireOne(t, "shellcheck")
		out, err := exec.Command(shellcheck, "--shell=bash", "--severity=style", path).CombinedOutput()
		assert.NoError(t, err, "shellcheck %s:\n%s", name, out)
	})
}

func TestClientUserData(t *testing.T) {
	t.Parallel()
	script, err := RenderClientUserData(testSoftware)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(script, "#!/bin/bash\n"))
	assert.Contains(t, script, "set -euo pipefail")
	assert.Contains(t, script, "readonly KAFKA_VERSION='3.8.1'", "the client matches the cluster's Kafka version")
	assert.Contains(t, script, "kafka_2.13-3.8.1.tgz")
	assert.Contains(t, script, "aws-msk-iam-auth-2.3.0-all.jar")
	assert.Contains(t, script, "confluent-community-7.8.2.tar.gz")
	assert.Contains(t, script, "Restart=on-failure")
	assert.Contains(t, script, "Environment=CLASSPATH=", "the REST proxy gets the IAM jar on its classpath")
	assert.NotContains(t, script, "{{%", "every template action was rendered")
	checkShell(t, "user-data.sh", script)
	golden(t, "client-user-data.sh", script)
}

func TestClientUserDataRefusesUnsafeValues(t *testing.T) {
	t.Parallel()
	bad := testSoftware
	bad.KafkaURL = "https://example.com/kafka.tgz'; rm -rf /; echo '"
	_, err := RenderClientUserData(bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Software.KafkaURL")
	bad = testSoftware
	bad.ConfluentVersion = ""
	_, err = RenderClientUserData(bad)
	assert.ErrorContains(t, err, "Software.ConfluentVersion is empty")
}

func TestConfigureScript(t *testing.T) {
	t.Parallel()
	script, err := RenderConfigureScript(testConfigureValues)
	require.NoError(t, err)
	assert.Contains(t, script, "set -euo pipefail")
	assert.Contains(t, script, "sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;")
	assert.Contains(t, script, "client.sasl.mechanism=AWS_MSK_IAM", "the REST proxy uses client.-prefixed IAM settings")
	assert.Contains(t, script, "listeners=http://0.0.0.0:$REST_PORT")
	assert.Contains(t, script, "--create --if-not-exists", "topic creation is idempotent")
	assert.NotContains(t, script, "--delete", "the script never deletes topics")

	// The REST proxy produces as its own role, with its admin and consumer APIs off.
	assert.Contains(t, script, `client.sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required `+
		`awsRoleArn="$REST_ROLE" awsRoleSessionName="kafka-rest" awsStsRegion="$REGION";`)
	assert.Contains(t, script, "readonly REST_ROLE='arn:aws:iam::123456789012:role/0affd9571f39-rest-proxy-role'")
	assert.Contains(t, script, "\napi.v3.enable=false\n")
	assert.Contains(t, script, "\napi.endpoints.blocklist=api.v2.consumers.*,api.v2.produce-to-partition.*\n")
	// Both clients back off before reconnecting (t3.small brokers: 4 new IAM connections a second).
	for _, prefix := range []string{"", "client."} {
		assert.Contains(t, script, "\n"+prefix+"reconnect.backoff.ms=1000\n")
		assert.Contains(t, script, "\n"+prefix+"reconnect.backoff.max.ms=10000\n")
	}
	// Every Kafka CLI call goes through the one paced helper, and one describe serves every topic.
	assert.Equal(t, 1, strings.Count(script, `"$BASE/kafka/bin/`), "only kafka_cli starts a Kafka JVM")
	assert.Equal(t, 1, strings.Count(script, "--describe"), "one describe for all topics")
	assert.NotContains(t, script, "--list")
	assert.Contains(t, script, `if [[ "$have_retention" != "$retention_ms" ]]; then`, "retention is altered only when it differs")
	checkShell(t, "configure.sh", script)
	golden(t, "configure-kafka-client.sh", script)

	_, err = RenderConfigureScript(map[string]string{"Topics": "x"})
	assert.ErrorContains(t, err, "no value for BootstrapServers")
}

func TestConfigureDocument(t *testing.T) {
	t.Parallel()
	content, err := ConfigureDocument()
	require.NoError(t, err)
	var doc struct {
		SchemaVersion string `json:"schemaVersion"`
		Parameters    map[string]struct {
			Type           string `json:"type"`
			AllowedPattern string `json:"allowedPattern"`
		} `json:"parameters"`
		MainSteps []struct {
			Action string `json:"action"`
			Inputs struct {
				RunCommand []string `json:"runCommand"`
			} `json:"inputs"`
		} `json:"mainSteps"`
	}
	require.NoError(t, json.Unmarshal([]byte(content), &doc))
	assert.Equal(t, "2.2", doc.SchemaVersion)
	require.Len(t, doc.MainSteps, 1)
	assert.Equal(t, "aws:runShellScript", doc.MainSteps[0].Action)
	assert.Len(t, doc.Parameters, 5)
	for name, p := range doc.Parameters {
		assert.NotEmpty(t, p.AllowedPattern, "%s is checked before SSM substitutes it", name)
	}
	commands := strings.Join(doc.MainSteps[0].Inputs.RunCommand, "\n")
	assert.Contains(t, commands, "readonly BOOTSTRAP='{{ BootstrapServers }}'")
	assert.Contains(t, commands, "readonly TOPICS='{{ Topics }}'")
	assert.True(t, strings.HasSuffix(commands, "bash "+clientBaseDir+"/configure-kafka-client.sh"))

	// The document's commands, run by sh, must themselves be valid shell.
	for name, v := range testConfigureValues {
		commands = strings.ReplaceAll(commands, "{{ "+name+" }}", v)
		assert.Regexp(t, doc.Parameters[name].AllowedPattern, v, "the example %s passes the document's own check", name)
	}
	checkShell(t, "document.sh", "#!/bin/bash\n"+commands+"\n")
}

func TestTopicsParameter(t *testing.T) {
	t.Parallel()
	got := TopicsParameter([]TopicSpec{
		{Name: "0affd9571f39.user", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168},
		{Name: "0affd9571f39.pin", Partitions: 3, ReplicationFactor: 3, RetentionHours: 24},
	})
	assert.Equal(t, "0affd9571f39.pin:3:3:86400000 0affd9571f39.user:1:2:604800000", got)
	assert.Regexp(t, configureParameter("Topics").Pattern, got, "the encoding passes the document's own check")
}

package components

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// describeOutput is what kafka-topics.sh --describe prints for two existing topics.
const describeOutput = "Topic: u.pin\tTopicId: abc\tPartitionCount: 1\tReplicationFactor: 2\tConfigs: retention.ms=604800000\n" +
	"\tTopic: u.pin\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\n" +
	"Topic: u.geo\tTopicId: abd\tPartitionCount: 1\tReplicationFactor: 2\tConfigs: min.insync.replicas=1,retention.ms=86400000\n" +
	"\tTopic: u.geo\tPartition: 0\tLeader: 2\tReplicas: 2,1\tIsr: 2,1\n"

// runConfigure runs the configure script against stub Kafka CLIs (which log each call with
// its time) and stub system commands, with its system paths moved under a temporary
// directory, and returns the logged calls.
func runConfigure(t *testing.T, topics string) []string {
	t.Helper()
	testtool.RequireOne(t, "bash")
	dir := t.TempDir()
	base, bin := filepath.Join(dir, "base"), filepath.Join(dir, "bin")
	for _, d := range []string{base + "/kafka/bin", base + "/kafka/libs", bin, dir + "/etc/kafka-rest", dir + "/etc/profile.d", dir + "/log"} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	for _, f := range []string{base + "/.bootstrapped-1", base + "/kafka/libs/aws-msk-iam-auth-2.3.0-all.jar", dir + "/describe.txt"} {
		require.NoError(t, os.WriteFile(f, nil, 0o600))
	}
	require.NoError(t, os.WriteFile(dir+"/describe.txt", []byte(describeOutput), 0o600))
	stub := func(path, body string) {
		require.NoError(t, os.WriteFile(path, []byte("#!/bin/bash\n"+body+"\n"), 0o700))
	}
	logCall := `echo "$(date +%s) $(basename "$0") $*" >> ` + dir + "/calls"
	stub(base+"/kafka/bin/kafka-topics.sh", logCall+"\nif [[ \" $* \" == *' --describe '* ]]; then cat "+dir+"/describe.txt; fi")
	stub(base+"/kafka/bin/kafka-configs.sh", logCall)
	for _, c := range []string{"cloud-init", "systemctl", "chown", "curl"} {
		stub(filepath.Join(bin, c), "exit 0")
	}

	values := map[string]string{"BaseDir": base}
	for k, v := range testConfigureValues {
		values[k] = v
	}
	values["Topics"] = topics
	script, err := render("configure-kafka-client.sh.tmpl", values)
	require.NoError(t, err)
	script = strings.NewReplacer("/etc/", dir+"/etc/", "/var/log/", dir+"/log/").Replace(script)
	require.NoError(t, os.WriteFile(dir+"/configure.sh", []byte(script), 0o600))

	cmd := exec.Command("bash", dir+"/configure.sh")
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	calls, err := os.ReadFile(dir + "/calls")
	require.NoError(t, err)
	return strings.Split(strings.TrimSpace(string(calls)), "\n")
}

func TestConfigureMakesOneKafkaCallWhenNothingChanged(t *testing.T) {
	t.Parallel()
	calls := runConfigure(t, "u.geo:1:2:86400000 u.pin:1:2:604800000")
	require.Len(t, calls, 1, "%v", calls)
	assert.Contains(t, calls[0], "kafka-topics.sh --bootstrap-server", "one describe covers every topic")
	assert.Contains(t, calls[0], "--describe")
}

func TestConfigureAppliesOnlyChangesOneCallAtATime(t *testing.T) {
	t.Parallel()
	calls := runConfigure(t, "u.geo:1:2:604800000 u.pin:1:2:604800000 u.user:3:2:604800000")
	require.Len(t, calls, 3, "describe, geo's retention, create user; pin is left alone: %v", calls)
	assert.Contains(t, calls[0], "--describe")
	assert.Contains(t, calls[1], "kafka-configs.sh")
	assert.Contains(t, calls[1], "--entity-name u.geo --add-config retention.ms=604800000")
	assert.Contains(t, calls[2], "--create --if-not-exists --topic u.user --partitions 3")
	for i := 1; i < len(calls); i++ {
		prev, err := strconv.Atoi(strings.Fields(calls[i-1])[0])
		require.NoError(t, err)
		cur, err := strconv.Atoi(strings.Fields(calls[i])[0])
		require.NoError(t, err)
		assert.GreaterOrEqual(t, cur-prev, 2, "Kafka CLI calls start at least 2 s apart: %v", calls)
	}
}

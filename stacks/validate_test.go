package stacks

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// devValues is a valid dev stack, as the CLI would pass Pulumi.dev.yaml to the program.
func devValues() map[string]string {
	return map[string]string{
		"aws:region": "us-east-1",
		Project + ":identity": `{"userId":"0affd9571f39","environment":"dev","owner":"learner@example.com",` +
			`"ttl":"14d","expiresAt":"2026-12-31"}`,
		Project + ":databricks":      `{"host":"https://dbc-0affd957-1f39.cloud.databricks.com","crossAccountRoleName":"databricks-cross-account"}`,
		Project + ":databricksToken": "[secret]",
	}
}

// with returns devValues with one section replaced or merged: a JSON object is merged key by key
// into the existing section, anything else replaces it.
func with(overrides map[string]string) Lookup {
	values := devValues()
	for k, v := range overrides {
		full := k
		if !strings.Contains(k, ":") {
			full = Project + ":" + k
		}
		var patch map[string]any
		var base map[string]any
		if json.Unmarshal([]byte(v), &patch) == nil && json.Unmarshal([]byte(values[full]), &base) == nil {
			for pk, pv := range patch {
				base[pk] = pv
			}
			b, _ := json.Marshal(base)
			v = string(b)
		}
		values[full] = v
	}
	return func(key string) (string, bool) {
		v, ok := values[key]
		return v, ok
	}
}

func without(key string) Lookup {
	values := devValues()
	delete(values, key)
	return func(k string) (string, bool) {
		v, ok := values[k]
		return v, ok
	}
}

func TestParseDevDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := parseExample("dev", with(nil))
	require.NoError(t, err)
	assert.Equal(t, "us-east-1", cfg.Region)
	assert.Equal(t, spec.NATSingle, cfg.Network.NATGateways)
	assert.Equal(t, 2, cfg.Kafka.BrokerCount, "one broker per zone")
	assert.Equal(t, "kafka.t3.small", cfg.Kafka.BrokerInstanceType)
	assert.Equal(t, []spec.TopicSpec{
		{Name: "0affd9571f39.pin", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168},
		{Name: "0affd9571f39.geo", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168},
		{Name: "0affd9571f39.user", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168},
	}, cfg.Kafka.Topics)
	assert.Equal(t, map[string]string{
		"project": Project, "stack": "dev", "environment": "dev", "owner": "learner@example.com",
		"user-id": "0affd9571f39", "managed-by": "pulumi", "expires-at": "2026-12-31",
	}, cfg.CommonTags())
}

func TestParseProdDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := parseExample("prod", with(map[string]string{
		"identity": `{"environment":"prod","expiresAt":"","ttl":""}`,
		"network":  `{"azCount":3}`,
	}))
	require.NoError(t, err)
	assert.Equal(t, spec.NATOnePerAZ, cfg.Network.NATGateways)
	assert.Equal(t, 3, cfg.Kafka.BrokerCount)
	assert.Equal(t, 3, cfg.Kafka.Topics[0].Partitions)
	assert.Equal(t, 3, cfg.Kafka.Topics[0].ReplicationFactor)
	assert.Equal(t, 90, cfg.Kafka.LogRetentionDays)
	assert.Equal(t, "mw1.small", cfg.Airflow.EnvironmentClass)
	assert.NotContains(t, cfg.CommonTags(), "expires-at", "prod never expires")
}

func TestParseKeepsStackValuesOverDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := parseExample("dev", with(map[string]string{
		"network": `{"cidr":"172.16.0.0/16","azCount":3}`,
		"kafka":   `{"brokerCount":6,"topics":[{"name":"0affd9571f39.pin","partitions":6}]}`,
		"tags":    `{"cost-centre":"course"}`,
	}))
	require.NoError(t, err)
	assert.Equal(t, "172.16.0.0/16", cfg.Network.CIDR)
	assert.Equal(t, 4, cfg.Network.SubnetNewBits, "unset fields keep their defaults")
	assert.Equal(t, []spec.TopicSpec{{Name: "0affd9571f39.pin", Partitions: 6, ReplicationFactor: 3, RetentionHours: 168}}, cfg.Kafka.Topics)
	assert.Equal(t, "course", cfg.CommonTags()["cost-centre"])
}

func TestParseRejectsBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lookup Lookup
		key    string
		want   string
	}{
		{"no identity", without(Project + ":identity"), "identity", "is not set"},
		{"no region", without("aws:region"), "aws:region", "pulumi config set aws:region us-east-1"},
		{"uppercase user id", with(map[string]string{"identity": `{"userId":"0AFFD9571F39"}`}), "identity.userId", "only lowercase letters and digits"},
		{"user id too long", with(map[string]string{"identity": `{"userId":"` + strings.Repeat("a", 50) + `"}`}), "identity.userId", "at most 44 characters"},
		{"unknown environment", with(map[string]string{"identity": `{"environment":"qa"}`}), "identity.environment", "use one of dev, staging, prod"},
		{"no owner", with(map[string]string{"identity": `{"owner":" "}`}), "identity.owner", "is empty"},
		{"dev without expiry", with(map[string]string{"identity": `{"expiresAt":""}`}), "identity.expiresAt", "pulumi config set --path identity.expiresAt"},
		{"expiry not a date", with(map[string]string{"identity": `{"expiresAt":"2026-02-30"}`}), "identity.expiresAt", "YYYY-MM-DD"},
		{"unquoted expiry in the stack file", with(map[string]string{"identity": `{"expiresAt":"2026-11-01 00:00:00 +0000 UTC"}`}),
			"identity.expiresAt", `quote the date in Pulumi.dev.yaml (expiresAt: "2026-11-01")`},
		{"prod with expiry", with(map[string]string{"identity": `{"environment":"prod"}`}), "identity.expiresAt", "never destroy prod"},
		{"bad ttl", with(map[string]string{"identity": `{"ttl":"a week"}`}), "identity.ttl", `"7d"`},
		{"typo in a setting", with(map[string]string{"network": `{"azcount":3}`}), "network.azcount", "use one of: availabilityZones, azCount"},
		{"wrong type", with(map[string]string{"network": `{"azCount":"two"}`}), "network.azCount", "is a string, but must be a number"},
		{"section not a mapping", with(map[string]string{"kafka": `3`}), "kafka", "is a number, but must be a mapping"},
		{"one zone", with(map[string]string{"network": `{"azCount":1}`}), "network.azCount", "use 2 or 3"},
		{"negative monthly budget", with(map[string]string{"cost": `{"monthlyBudgetUsd":-5}`}), "cost.monthlyBudgetUsd", "or remove it to derive it from the estimate"},
		{"public CIDR", with(map[string]string{"network": `{"cidr":"8.8.0.0/16"}`}), "network.cidr", "not a private"},
		{"CIDR with host bits", with(map[string]string{"network": `{"cidr":"10.0.1.0/16"}`}), "network.cidr", "use 10.0.0.0/16"},
		{"subnets too small", with(map[string]string{"network": `{"cidr":"10.0.0.0/24","subnetNewBits":6}`}), "network.subnetNewBits", "smaller than AWS allows"},
		{"zones and count disagree", with(map[string]string{"network": `{"availabilityZones":["us-east-1a"]}`}), "network.availabilityZones", "lists 1 zones but azCount is 2"},
		{"zone of another region", with(map[string]string{"network": `{"availabilityZones":["eu-west-1a","us-east-1b"]}`}), "network.availabilityZones[0]", "not a zone of us-east-1"},
		{"bad NAT strategy", with(map[string]string{"network": `{"natGateways":"many"}`}), "network.natGateways", "use one of none, single, onePerAz"},
		{"no NAT", with(map[string]string{"network": `{"natGateways":"none"}`}), "network.natGateways", "need outbound internet"},
		{"existing VPC with one subnet", with(map[string]string{"network": `{"vpcId":"vpc-0a1b2c3d","privateSubnetIds":["subnet-0a1b2c3d"]}`}), "network.privateSubnetIds", "list 2 or 3 private subnets"},
		{"subnets without VPC", with(map[string]string{"network": `{"privateSubnetIds":["subnet-0a1b2c3d","subnet-1a1b2c3d"]}`}), "network.privateSubnetIds", "set network.vpcId too"},
		{"brokers not a multiple of zones", with(map[string]string{"kafka": `{"brokerCount":3}`}), "kafka.brokerCount", "not a multiple of the 2 zones"},
		{"replication above brokers", with(map[string]string{"kafka": `{"topics":[{"name":"0affd9571f39.pin","replicationFactor":3}]}`}), "kafka.topics[0].replicationFactor", "Kafka cannot place more replicas than brokers"},
		{"topic outside the user's prefix", with(map[string]string{"kafka": `{"topics":[{"name":"pin"}]}`}), "kafka.topics[0].name", `does not start with "0affd9571f39."`},
		{"illegal topic name", with(map[string]string{"kafka": `{"topics":[{"name":"0affd9571f39.p in"}]}`}), "kafka.topics[0].name", "may contain only"},
		{"duplicate topic", with(map[string]string{"kafka": `{"topics":[{"name":"0affd9571f39.pin"},{"name":"0affd9571f39.pin"}]}`}), "kafka.topics[1].name", "declared twice"},
		{"the course's Kafka 2.8.1", with(map[string]string{"kafka": `{"version":"2.8.1"}`}), "kafka.version",
			`"2.8.1" reached end of support on MSK on 2024-09-11; use 3.8.x, the nearest supported version`},
		{"unknown Kafka version", with(map[string]string{"kafka": `{"version":"9.9.9"}`}), "kafka.version", "is not a Kafka version MSK offers; use one of 3.8.x, 3.9.x"},
		{"illegal bucket override", with(map[string]string{"bucket": `{"name":"My_Bucket"}`}), "bucket.name", "legal, globally unique S3 bucket name"},
		{"negative expiry", with(map[string]string{"bucket": `{"expireRawDataDays":-1}`}), "bucket.expireRawDataDays", "use 0 to keep raw data"},
		{"plain-HTTP download", with(map[string]string{"client": `{"kafkaUrl":"http://mirror.example/kafka.tgz"}`}), "client.kafkaUrl", "HTTPS only"},
		{"bad IAM auth version", with(map[string]string{"client": `{"iamAuthVersion":"latest"}`}), "client.iamAuthVersion", "2.3.0"},
		{"autoscaling max below min", with(map[string]string{"connect": `{"workerCount":2,"maxWorkerCount":2}`}), "connect.maxWorkerCount", "more than workerCount"},
		{"unknown Connect runtime", with(map[string]string{"connect": `{"kafkaConnectVersion":"3.9"}`}), "connect.kafkaConnectVersion", "2.7.1 or 3.7.x"},
		{"not an MSK broker type", with(map[string]string{"kafka": `{"brokerInstanceType":"t3.small"}`}), "kafka.brokerInstanceType", "kafka.t3.small"},
		{"bad log retention", with(map[string]string{"kafka": `{"logRetentionDays":10}`}), "kafka.logRetentionDays", "pick one of those"},
		{"bad KMS key", with(map[string]string{"kafka": `{"kmsKeyArn":"my-key"}`}), "kafka.kmsKeyArn", "AWS-managed key"},
		{"privileged proxy port", with(map[string]string{"client": `{"restProxyPort":80}`}), "client.restProxyPort", "unprivileged port"},
		{"bad MCU count", with(map[string]string{"connect": `{"mcuCount":3}`}), "connect.mcuCount", "1, 2, 4 or 8"},
		{"bad proxy integration", with(map[string]string{"api": `{"proxyIntegration":"public"}`}), "api.proxyIntegration", "use private"},
		{"burst below rate", with(map[string]string{"api": `{"throttleRateLimit":100,"throttleBurstLimit":10}`}), "api.throttleBurstLimit", "at least the steady rate"},
		{"bad stream mode", with(map[string]string{"streams": `{"mode":"FAST"}`}), "streams.mode", "PROVISIONED or ON_DEMAND"},
		{"on-demand with shards", with(map[string]string{"streams": `{"mode":"ON_DEMAND","shardCount":2}`}), "streams.shardCount", "on-demand streams size themselves"},
		{"no shards", with(map[string]string{"streams": `{"shardCount":0}`}), "streams.shardCount", "use 1 to 500"},
		{"on-demand with an explicit zero", with(map[string]string{"streams": `{"mode":"ON_DEMAND","shardCount":0}`}), "streams.shardCount", "on-demand streams size themselves"},
		{"stage API Gateway rejects", with(map[string]string{"api": `{"stage":"my stage!"}`}), "api.stage", "letters, digits, hyphens and underscores"},
		{"zero throttle", with(map[string]string{"api": `{"throttleRateLimit":0}`}), "api.throttleRateLimit", "positive"},
		{"short stream retention", with(map[string]string{"streams": `{"retentionHours":12}`}), "streams.retentionHours", "24 to 8760"},
		{"bad MWAA class", with(map[string]string{"airflow": `{"environmentClass":"mw1.tiny"}`}), "airflow.environmentClass", "mw1.micro"},
		{"workspace without token", without(Project + ":databricksToken"), "databricksToken", "pulumi config set --secret databricksToken"},
		{"token without workspace", with(map[string]string{"databricks": `{"host":""}`, "airflow": `{"enabled":false}`}), "databricksToken", "set databricks.host"},
		{"airflow without workspace", with(map[string]string{"databricks": `{"host":""}`, "databricksToken": "", "airflow": `{"enabled":true}`}),
			"airflow.enabled", "set airflow.enabled to false"},
		{"airflow version MWAA lacks", with(map[string]string{"airflow": `{"airflowVersion":"2.4.3"}`}), "airflow.airflowVersion", "use one of 2.10.1, 2.10.3, 2.9.2"},
		{"micro does not scale", with(map[string]string{"airflow": `{"environmentClass":"mw1.micro","maxWorkers":2}`}), "airflow.maxWorkers", "mw1.micro"},
		{"schedule the DAG cannot carry", with(map[string]string{"airflow": `{"schedule":"every day"}`}), "airflow.schedule", "five-field cron"},
		{"databricks host without https", with(map[string]string{"databricks": `{"host":"dbc-1.cloud.databricks.com"}`}), "databricks.host", "https://<workspace>"},
		{"reserved tag", with(map[string]string{"tags": `{"owner":"someone"}`}), "tags.owner", "set by the stack itself"},
		{"aws: tag prefix", with(map[string]string{"tags": `{"aws:team":"x"}`}), "tags.aws:team", "prefix AWS reserves"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseExample("dev", tt.lookup)
			require.Error(t, err)
			assert.Nil(t, cfg)
			var problems Problems
			require.True(t, errors.As(err, &problems), "error %v is not Problems", err)
			var found bool
			for _, p := range problems {
				if p.Key == tt.key && strings.Contains(p.String(), tt.want) {
					found = true
				}
			}
			assert.True(t, found, "want a problem on %s containing %q; got:\n%v", tt.key, tt.want, err)
			assert.Contains(t, err.Error(), "nothing was created")
		})
	}
}

// The dev lifecycle rule used to expire topics/ after 30 days while the dev stack lived 45: the
// daily batch then saw a rolling window. By default raw data now outlives the stack's ttl.
func TestRawDataExpiryFollowsTheStackLifetime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		values map[string]string
		want   int
	}{
		{"dev ttl in days", map[string]string{"identity": `{"ttl":"45d"}`}, 45},
		{"dev default ttl", map[string]string{"identity": `{"ttl":"7d"}`}, 7},
		{"ttl in hours rounds up to whole days", map[string]string{"identity": `{"ttl":"36h"}`}, 2},
		{"an explicit expiry wins", map[string]string{"identity": `{"ttl":"45d"}`, "bucket": `{"expireRawDataDays":30}`}, 30},
		{"an explicit 0 keeps raw data", map[string]string{"identity": `{"ttl":"45d"}`, "bucket": `{"expireRawDataDays":0}`}, 0},
		{"prod keeps raw data", map[string]string{"identity": `{"environment":"prod","expiresAt":"","ttl":""}`}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseExample("dev", with(tt.values))
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg.Bucket.ExpireRawDataDays)
		})
	}
}

// A batch-only stack sets nothing about Databricks: no host, no token, and MWAA (which only
// runs the Databricks job) follows the workspace unless airflow.enabled says otherwise.
func TestBatchOnlyStackNeedsNoDatabricksSetting(t *testing.T) {
	t.Parallel()
	values := devValues()
	delete(values, Project+":databricks")
	delete(values, Project+":databricksToken")
	cfg, err := parseExample("dev", func(key string) (string, bool) {
		v, ok := values[key]
		return v, ok
	})
	require.NoError(t, err)
	assert.False(t, cfg.Databricks.Enabled())
	assert.False(t, cfg.Airflow.Enabled, "no workspace, so no MWAA environment")

	withWorkspace, err := parseExample("dev", with(nil))
	require.NoError(t, err)
	assert.True(t, withWorkspace.Airflow.Enabled, "a workspace turns MWAA on by default")

	off, err := parseExample("dev", with(map[string]string{"airflow": `{"enabled":false}`}))
	require.NoError(t, err)
	assert.False(t, off.Airflow.Enabled, "an explicit airflow.enabled wins")
}

// The committed dev stack sets databricks.host but cannot carry the token; `pulumi up` must
// then name the missing secret and the exact command, and the batch-only way out.
func TestMissingTokenNamesTheSettingAndTheCommand(t *testing.T) {
	t.Parallel()
	_, err := parseExample("dev", without(Project+":databricksToken"))
	var problems Problems
	require.ErrorAs(t, err, &problems)
	require.Len(t, problems, 1, "%v", err)
	assert.Equal(t, "databricksToken", problems[0].Key)
	assert.Contains(t, problems[0].Message, "is not set, but databricks.host is")
	assert.Contains(t, problems[0].Fix, "`pulumi config set --secret databricksToken <personal access token>`")
	assert.Contains(t, problems[0].Fix, "`pulumi config rm --path databricks.host`")
}

// user-<userId>-bucket is the name the course's own account created for each learner, and S3
// bucket names are global: the plan and `pulumi preview` say so before the first `pulumi up`.
func TestDefaultBucketNameIsFlaggedAsGlobal(t *testing.T) {
	t.Parallel()
	cfg, err := parseExample("dev", with(nil))
	require.NoError(t, err)
	notices := cfg.Notices()
	require.Len(t, notices, 1)
	assert.Equal(t, "bucket.name", notices[0].Key)
	assert.Contains(t, notices[0].Message, `"user-0affd9571f39-bucket" is a global S3 bucket name`)
	assert.Contains(t, notices[0].Message, "BucketAlreadyExists")
	assert.Contains(t, notices[0].Fix, "`pulumi config set --path bucket.name <a globally unique name>`")

	own, err := parseExample("dev", with(map[string]string{"bucket": `{"name":"pinterest-lake-0affd9571f39-a1b2"}`}))
	require.NoError(t, err)
	assert.Empty(t, own.Notices(), "a name of the learner's own choosing is their call")
}

func TestParseReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	_, err := parseExample("dev", with(map[string]string{
		"identity": `{"userId":"Bad-Id","owner":""}`,
		"network":  `{"azCount":5}`,
		"kafka":    `{"brokerz":3}`,
		"streams":  `{"mode":"FAST"}`,
	}))
	var problems Problems
	require.ErrorAs(t, err, &problems)
	keys := map[string]bool{}
	for _, p := range problems {
		keys[p.Key] = true
	}
	for _, want := range []string{"identity.userId", "identity.owner", "network.azCount", "kafka.brokerz", "streams.mode"} {
		assert.True(t, keys[want], "missing a problem for %s in:\n%v", want, err)
	}
	// kafka did not decode, so its checks (which would see defaults) stay quiet.
	assert.False(t, keys["kafka.brokerCount"], "no follow-on problem from a section that failed to decode")
}

func TestParseTTL(t *testing.T) {
	t.Parallel()
	for in, wantHours := range map[string]int{"7d": 168, "36h": 36, "90m": 1, "1d": 24} {
		d, ok := ParseTTL(in)
		assert.True(t, ok, in)
		assert.Equal(t, wantHours, int(d.Hours()), in)
	}
	for _, bad := range []string{"", "0d", "-1d", "week", "7 days"} {
		_, ok := ParseTTL(bad)
		assert.False(t, ok, bad)
	}
}

func TestLifetime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 15, 30, 0, 0, time.UTC)
	tests := []struct {
		name             string
		env, ttl, expiry string
		summary, warning string
	}{
		{"within ttl", EnvDev, "14d", "2026-12-01", "expires on 2026-12-01 (in 9 days)", ""},
		{"today", EnvDev, "7d", "2026-11-22", "expires today, 2026-11-22", ""},
		{"beyond ttl", EnvDev, "7d", "2026-12-31", "in 39 days", "beyond identity.ttl 7d"},
		{"expired", EnvStaging, "30d", "2026-11-20", "expired on 2026-11-20 (2 days ago)", "raise identity.expiresAt"},
		{"prod", EnvProd, "", "", "never expires", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Config{Identity: IdentityConfig{Environment: tt.env, TTL: tt.ttl, ExpiresAt: tt.expiry}}
			summary, warning := c.Lifetime(now)
			assert.Contains(t, summary, tt.summary)
			if tt.warning == "" {
				assert.Empty(t, warning)
			} else {
				assert.Contains(t, warning, tt.warning)
			}
		})
	}
}

// A workspace's jobs must be able to start and keep their data: every setting they depend on is
// checked at plan time, with the key and where to find the value.
func TestDatabricksSettingsTheJobsNeed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		settings string
		key      string
		want     []string
	}{
		{"no cross-account role", `{"crossAccountRoleName":""}`, "databricks.crossAccountRoleName",
			[]string{"fail at cluster launch", "account console", "Credential configuration", "pulumi config set --path databricks.crossAccountRoleName"}},
		{"catalog without schema", `{"catalog":"main","checkpointVolume":"checkpoints"}`, "databricks.schema", []string{"set both"}},
		{"schema without catalog", `{"schema":"pinterest"}`, "databricks.catalog", []string{"set both"}},
		{"catalog without a volume", `{"catalog":"main","schema":"pinterest"}`, "databricks.checkpointVolume", []string{"CREATE VOLUME"}},
		{"volume without catalog", `{"checkpointVolume":"checkpoints"}`, "databricks.checkpointVolume", []string{"databricks.catalog"}},
		{"not an identifier", `{"catalog":"main cat","schema":"pinterest","checkpointVolume":"checkpoints"}`, "databricks.catalog", []string{"letters, digits and underscores"}},
		{"streams expire between runs", `{"streamingIntervalHours":13}`, "databricks.streamingIntervalHours", []string{"streams.retentionHours 24"}},
		{"no streaming runs", `{"streamingIntervalHours":0}`, "databricks.streamingIntervalHours", []string{"1 to"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseExample("dev", with(map[string]string{"databricks": tt.settings}))
			var problems Problems
			require.True(t, errors.As(err, &problems), "want Problems, got %v", err)
			var matched []Problem
			for _, p := range problems {
				if p.Key == tt.key {
					matched = append(matched, p)
				}
			}
			require.Len(t, matched, 1, "one problem on %s; got:\n%v", tt.key, err)
			for _, want := range tt.want {
				assert.Contains(t, matched[0].String(), want)
			}
		})
	}

	cfg, err := parseExample("dev", with(map[string]string{"databricks": `{"catalog":"main","schema":"pinterest","checkpointVolume":"checkpoints"}`}))
	require.NoError(t, err)
	assert.Equal(t, "/Volumes/main/pinterest/checkpoints/0affd9571f39", cfg.Databricks.CheckpointRoot("0affd9571f39"))
	legacy, err := parseExample("dev", with(nil))
	require.NoError(t, err)
	assert.Equal(t, "dbfs:/pinterest-pipeline/0affd9571f39/checkpoints", legacy.Databricks.CheckpointRoot("0affd9571f39"))
	assert.Equal(t, 6, legacy.Databricks.StreamingIntervalHours, "four runs a day inside the 24-hour retention")
	long, err := parseExample("dev", with(map[string]string{"streams": `{"retentionHours":168}`, "databricks": `{"streamingIntervalHours":72}`}))
	require.NoError(t, err, "a longer retention allows rarer runs")
	assert.Equal(t, 72, long.Databricks.StreamingIntervalHours)
}

func TestAirflowReleaseTableRefusesUnsupportedClasses(t *testing.T) {
	t.Parallel()
	require.NotEmpty(t, AirflowReleases)
	for v, r := range AirflowReleases {
		assert.NotEmpty(t, r.Python, v)
		require.NotEmpty(t, r.Classes, v)
		assert.Subset(t, MWAAClasses, r.Classes, v)
	}
	restricted := map[string]AirflowRelease{"9.9.9": {Python: "3.12", Classes: []string{"mw1.small", "mw1.medium"}}}
	for _, tc := range []struct {
		class, version string
		key, want      string
	}{
		{"mw1.micro", "9.9.9", "airflow.environmentClass", `"mw1.micro" does not run Airflow 9.9.9 on MWAA: use one of mw1.small, mw1.medium, or another airflow.airflowVersion`},
		{"mw1.small", "9.9.8", "airflow.airflowVersion", `"9.9.8" is not an Airflow version MWAA offers: use one of 9.9.9`},
		{"mw1.tiny", "9.9.9", "airflow.environmentClass", `"mw1.tiny" is not an MWAA class`},
	} {
		var ps Problems
		checkAirflowRelease(&ps, restricted, AirflowConfig{EnvironmentClass: tc.class, AirflowVersion: tc.version})
		require.Len(t, ps, 1, "%+v", tc)
		assert.Equal(t, tc.key, ps[0].Key)
		assert.Contains(t, ps[0].String(), tc.want)
	}
	var ps Problems
	checkAirflowRelease(&ps, restricted, AirflowConfig{EnvironmentClass: "mw1.medium", AirflowVersion: "9.9.9"})
	assert.Empty(t, ps, "a listed pair passes")
}

// Issue 14 item 6: validation reads the day from the injected clock, never the wall clock, so
// a version's end of support is judged on the day a test names.
func TestKafkaSupportIsJudgedOnTheInjectedDay(t *testing.T) {
	t.Parallel()
	lookup := with(map[string]string{"kafka": `{"version":"3.7.x"}`})
	before := func() time.Time { return time.Date(2026, time.August, 31, 23, 0, 0, 0, time.UTC) }
	cfg, err := Parse("dev", lookup, WithNow(before), AllowExampleUserID())
	require.NoError(t, err)
	assert.Equal(t, before().UTC(), cfg.Today)

	after := func() time.Time { return time.Date(2026, time.September, 1, 0, 0, 0, 0, time.UTC) }
	_, err = Parse("dev", lookup, WithNow(after), AllowExampleUserID())
	p := problemFor(t, err, "kafka.version")
	assert.Contains(t, p.Message, "reached end of support on MSK on 2026-09-01")

	// Without the option Parse uses Clock, which TestMain fixes to testtool.Day.
	cfg, err = Parse("dev", with(nil), AllowExampleUserID())
	require.NoError(t, err)
	assert.True(t, cfg.Today.Equal(Clock().UTC()))
}

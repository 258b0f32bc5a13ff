package components

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testTags = map[string]string{"environment": "dev", "owner": "me", "expires-at": "2026-12-31"}

// batchPath declares the data lake, the cluster, the client host and the connector the way
// the program does, with plain inputs in place of the network's outputs.
func batchPath(t *testing.T, mutate func(*DataLakeArgs, *KafkaClusterArgs, *KafkaClientArgs, *S3SinkConnectorArgs)) (*sim.Plan, error) {
	t.Helper()
	return sim.Run(sim.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
		lakeArgs := &DataLakeArgs{BucketName: "user-0affd9571f39-bucket", ForceDestroy: true, ExpireRawDataDays: 30, Tags: testTags}
		clusterArgs := &KafkaClusterArgs{
			ClusterName: "0affd9571f39-msk-cluster", KafkaVersion: "3.8.x", LogRetentionDays: 7,
			VpcID: pulumi.String("vpc-0123456789abcdef0"), SubnetIDs: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
			SubnetCount: 2, NamePrefix: "0affd9571f39-dev", Tags: testTags,
		}
		clientArgs := &KafkaClientArgs{
			RoleName: "0affd9571f39-ec2-access-role", RestProxyRoleName: "0affd9571f39-rest-proxy-role", Region: "us-east-1",
			Software: testSoftware, TopicPrefix: "0affd9571f39.",
			Topics: []TopicSpec{
				{Name: "0affd9571f39.pin", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168},
				{Name: "0affd9571f39.geo", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168},
				{Name: "0affd9571f39.user", Partitions: 1, ReplicationFactor: 2, RetentionHours: 168},
			},
			VpcID: pulumi.String("vpc-0123456789abcdef0"), SubnetID: pulumi.String("subnet-a"),
			RestProxyClientsCIDR: pulumi.String("10.0.0.0/16"), NamePrefix: "0affd9571f39-dev", Tags: testTags,
		}
		connectorArgs := &S3SinkConnectorArgs{
			ConnectorName: "0affd9571f39-connector", PluginName: "0affd9571f39-plugin", RoleName: "0affd9571f39-msk-connect-role",
			Region: "us-east-1", BucketName: "user-0affd9571f39-bucket", PluginVersion: "10.5.13",
			PluginArchive: ".cache/connect-plugins/confluentinc-kafka-connect-s3-10.5.13.zip",
			TopicPrefix:   "0affd9571f39.", VpcID: pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}), NamePrefix: "0affd9571f39-dev", Tags: testTags,
		}
		if mutate != nil {
			mutate(lakeArgs, clusterArgs, clientArgs, connectorArgs)
		}
		lake, err := NewDataLake(ctx, "lake", lakeArgs)
		if err != nil {
			return nil, err
		}
		cluster, err := NewKafkaCluster(ctx, "kafka", clusterArgs)
		if err != nil {
			return nil, err
		}
		clientArgs.Cluster = cluster
		client, err := NewKafkaClient(ctx, "kafka-client", clientArgs)
		if err != nil {
			return nil, err
		}
		connectorArgs.Cluster, connectorArgs.Lake = cluster, lake
		connector, err := NewS3SinkConnector(ctx, "s3-sink", connectorArgs)
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{
			"brokers": cluster.BootstrapBrokersSaslIam, "session": client.SessionCommand, "endpoint": client.RestProxyEndpoint,
			"connector": connector.ConnectorArn, "bucket": lake.BucketName,
		}, nil
	})
}

func find(t *testing.T, plan *sim.Plan, typ, name string) sim.Resource {
	t.Helper()
	r, ok := plan.Find(typ, name)
	require.True(t, ok, "no %s named %s", typ, name)
	return r
}

func obj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "%v is not an object", v)
	return m
}

func TestDataLakeIsPrivateEncryptedAndTLSOnly(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, nil)
	require.NoError(t, err)
	bucket := find(t, plan, "aws:s3/bucketV2:BucketV2", "lake-bucket")
	assert.Equal(t, "user-0affd9571f39-bucket", bucket.Inputs["bucket"])
	assert.Equal(t, true, bucket.Inputs["forceDestroy"], "dev buckets are destroyable with the sink's objects in them")
	assert.False(t, bucket.Protect)

	pab := find(t, plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "lake-public-access-block")
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, pab.Inputs[k], k)
	}
	own := find(t, plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "lake-ownership")
	assert.Equal(t, "BucketOwnerEnforced", obj(t, own.Inputs["rule"])["objectOwnership"])
	sse := find(t, plan, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "lake-encryption")
	rule := obj(t, sse.Inputs["rules"].([]any)[0])
	assert.Equal(t, "AES256", obj(t, rule["applyServerSideEncryptionByDefault"])["sseAlgorithm"])

	pol := find(t, plan, "aws:s3/bucketPolicy:BucketPolicy", "lake-tls-only")
	doc := parsePolicy(t, pol.Inputs["policy"].(string))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, "Deny", doc.Statement[0].Effect)
	assert.Equal(t, "false", doc.Statement[0].Condition["Bool"]["aws:SecureTransport"])
	assert.Equal(t, []string{"arn:aws:s3:::user-0affd9571f39-bucket", "arn:aws:s3:::user-0affd9571f39-bucket/*"}, doc.Statement[0].Resource)
	assert.Contains(t, pol.Dependencies, pab.URN, "the policy waits for the public access block")

	lifecycle := find(t, plan, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "lake-lifecycle")
	text, _ := json.Marshal(lifecycle.Inputs["rules"])
	assert.Contains(t, string(text), `"id":"abort-incomplete-uploads"`)
	assert.Contains(t, string(text), `"expiration":{"days":30}`)
	assert.Contains(t, string(text), `"prefix":"topics/"`)
	assert.Empty(t, plan.ByType("aws:s3/bucketVersioningV2:BucketVersioningV2"), "no versioning in dev")
}

func TestDataLakeInProd(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, func(l *DataLakeArgs, _ *KafkaClusterArgs, _ *KafkaClientArgs, _ *S3SinkConnectorArgs) {
		l.ForceDestroy, l.Protect, l.Versioning, l.ExpireRawDataDays = false, true, true, 0
	})
	require.NoError(t, err)
	bucket := find(t, plan, "aws:s3/bucketV2:BucketV2", "lake-bucket")
	assert.True(t, bucket.Protect, "prod data is protected from `pulumi destroy`")
	assert.Equal(t, false, bucket.Inputs["forceDestroy"])
	versioning := find(t, plan, "aws:s3/bucketVersioningV2:BucketVersioningV2", "lake-versioning")
	assert.Equal(t, "Enabled", obj(t, versioning.Inputs["versioningConfiguration"])["status"])
	lifecycle := find(t, plan, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "lake-lifecycle")
	text, _ := json.Marshal(lifecycle.Inputs["rules"])
	assert.NotContains(t, string(text), "expire-raw-data")
	assert.Contains(t, string(text), "expire-old-versions")
}

func TestDataLakeRejectsBadArgs(t *testing.T) {
	t.Parallel()
	_, err := batchPath(t, func(l *DataLakeArgs, _ *KafkaClusterArgs, _ *KafkaClientArgs, _ *S3SinkConnectorArgs) {
		l.Protect, l.ForceDestroy = true, true
	})
	assert.ErrorContains(t, err, "Protect and ForceDestroy are both set")
}

func TestKafkaClusterAcceptsOnlyIAMOverTLS(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, nil)
	require.NoError(t, err)
	cluster := find(t, plan, "aws:msk/cluster:Cluster", "kafka-cluster")
	assert.Equal(t, "3.8.x", cluster.Inputs["kafkaVersion"])
	assert.Equal(t, float64(2), cluster.Inputs["numberOfBrokerNodes"])
	auth := obj(t, cluster.Inputs["clientAuthentication"])
	assert.Equal(t, map[string]any{"iam": true}, auth["sasl"])
	assert.Equal(t, false, auth["unauthenticated"])
	transit := obj(t, obj(t, cluster.Inputs["encryptionInfo"])["encryptionInTransit"])
	assert.Equal(t, "TLS", transit["clientBroker"])
	assert.Equal(t, true, transit["inCluster"])
	assert.NotContains(t, obj(t, cluster.Inputs["encryptionInfo"]), "encryptionAtRestKmsKeyArn", "the AWS-managed key in dev")
	broker := obj(t, cluster.Inputs["brokerNodeGroupInfo"])
	assert.Equal(t, "kafka.t3.small", broker["instanceType"])

	logs := find(t, plan, "aws:cloudwatch/logGroup:LogGroup", "kafka-broker-logs")
	assert.Equal(t, "/aws/vendedlogs/msk/0affd9571f39-msk-cluster", logs.Inputs["name"])
	assert.Equal(t, float64(7), logs.Inputs["retentionInDays"])
	cw := obj(t, obj(t, obj(t, cluster.Inputs["loggingInfo"])["brokerLogs"])["cloudwatchLogs"])
	assert.Equal(t, "/aws/vendedlogs/msk/0affd9571f39-msk-cluster", cw["logGroup"], "broker logs go to the stack's own group")

	conf := find(t, plan, "aws:msk/configuration:Configuration", "kafka-configuration")
	assert.Equal(t, "0affd9571f39-msk-cluster-3-8-x", conf.Inputs["name"])
	assert.Contains(t, conf.Inputs["serverProperties"], "auto.create.topics.enable=false")
	assert.Contains(t, cluster.Dependencies, conf.URN)

	// Only the client and the connector reach the brokers, and only on 9098.
	ingress := plan.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
	var fromBrokers []string
	for _, r := range ingress {
		assert.NotEqual(t, "0.0.0.0/0", r.Inputs["cidrIpv4"], "%s is open to the internet", r.Name)
		assert.NotEqual(t, "::/0", r.Inputs["cidrIpv6"], r.Name)
		if strings.HasPrefix(r.Name, "kafka-from-") {
			fromBrokers = append(fromBrokers, r.Name)
			assert.Equal(t, float64(KafkaIAMPort), r.Inputs["fromPort"])
			assert.Equal(t, float64(KafkaIAMPort), r.Inputs["toPort"])
			assert.NotEmpty(t, r.Inputs["referencedSecurityGroupId"])
		}
	}
	assert.ElementsMatch(t, []string{"kafka-from-client", "kafka-from-connector"}, fromBrokers)
}

func TestServerProperties(t *testing.T) {
	t.Parallel()
	tests := []struct {
		brokers          int
		replication, isr string
	}{
		{2, "default.replication.factor=2", "min.insync.replicas=1"},
		{3, "default.replication.factor=3", "min.insync.replicas=2"},
		{6, "default.replication.factor=3", "min.insync.replicas=2"},
	}
	for _, tt := range tests {
		props := ServerProperties(tt.brokers)
		assert.Contains(t, props, tt.replication)
		assert.Contains(t, props, tt.isr)
		assert.Contains(t, props, "auto.create.topics.enable=false")
		assert.Contains(t, props, "unclean.leader.election.enable=false")
	}
}

func TestConfigurationNameFollowsTheVersion(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "c-3-8-x", ConfigurationName("c", "3.8.x"))
	assert.Equal(t, "c-4-1-x-kraft", ConfigurationName("c", "4.1.x.kraft"))
	assert.NotEqual(t, ConfigurationName("c", "3.8.x"), ConfigurationName("c", "3.9.x"), "a version change never collides")
}

func TestKafkaClusterRejectsBrokersThatDoNotFitTheSubnets(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, func(_ *DataLakeArgs, c *KafkaClusterArgs, _ *KafkaClientArgs, _ *S3SinkConnectorArgs) {
		c.BrokerCount = 3
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BrokerCount 3 is not a multiple of the 2 client subnets")
	assert.Empty(t, plan.ByType("aws:msk/cluster:Cluster"))
}

func TestKafkaClientHost(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, nil)
	require.NoError(t, err)
	instance := find(t, plan, "aws:ec2/instance:Instance", "kafka-client-instance")
	md := obj(t, instance.Inputs["metadataOptions"])
	assert.Equal(t, "required", md["httpTokens"], "IMDSv2 only")
	root := obj(t, instance.Inputs["rootBlockDevice"])
	assert.Equal(t, true, root["encrypted"])
	assert.NotContains(t, instance.Inputs, "keyName", "no SSH key by default")
	assert.Equal(t, false, instance.Inputs["associatePublicIpAddress"])
	assert.Equal(t, "subnet-a", instance.Inputs["subnetId"])
	assert.Regexp(t, `^ami-[0-9a-f]{17}$`, instance.Inputs["ami"])
	for _, rule := range []string{"kafka-client-https-out", "kafka-client-brokers-out"} {
		assert.Contains(t, instance.Dependencies, find(t, plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", rule).URN,
			"the first boot needs its way out")
	}
	userData, _ := instance.Inputs["userData"].(string)
	assert.Contains(t, userData, "readonly KAFKA_VERSION='3.8.1'")
	assert.NotContains(t, userData, "b-1.", "the user data knows nothing about the cluster")

	role := find(t, plan, "aws:iam/role:Role", "kafka-client-role")
	assert.Equal(t, "0affd9571f39-ec2-access-role", role.Inputs["name"])
	trust := parsePolicy(t, role.Inputs["assumeRolePolicy"].(string))
	assert.Equal(t, map[string]any{"Service": "ec2.amazonaws.com"}, trust.Statement[0].Principal, "no self-trust is needed")
	access := find(t, plan, "aws:iam/rolePolicy:RolePolicy", "kafka-client-kafka-access")
	doc := parsePolicy(t, access.Inputs["policy"].(string))
	assertLeastPrivilege(t, doc, "arn:aws:kafka:us-east-1:123456789012:cluster/0affd9571f39-msk-cluster/",
		"arn:aws:kafka:us-east-1:123456789012:topic/0affd9571f39-msk-cluster/", "arn:aws:kafka:us-east-1:123456789012:group/0affd9571f39-msk-cluster/",
		"arn:aws:iam::123456789012:role/0affd9571f39-rest-proxy-role")
	proxyRole := find(t, plan, "aws:iam/role:Role", "kafka-client-rest-proxy-role")
	assert.Equal(t, "0affd9571f39-rest-proxy-role", proxyRole.Inputs["name"])
	proxyTrust := parsePolicy(t, proxyRole.Inputs["assumeRolePolicy"].(string))
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::123456789012:role/0affd9571f39-ec2-access-role"}, proxyTrust.Statement[0].Principal,
		"only the host's role may act as the REST proxy")
	ssm := find(t, plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "kafka-client-ssm-core")
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", ssm.Inputs["policyArn"])

	rest := find(t, plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "kafka-client-rest-proxy-in")
	assert.Equal(t, "10.0.0.0/16", rest.Inputs["cidrIpv4"], "the REST proxy is reachable from the VPC only")
	assert.Equal(t, float64(8082), rest.Inputs["fromPort"])

	assoc := find(t, plan, "aws:ssm/association:Association", "kafka-client-configure")
	params := obj(t, assoc.Inputs["parameters"])
	assert.Equal(t, "0affd9571f39.geo:1:2:604800000 0affd9571f39.pin:1:2:604800000 0affd9571f39.user:1:2:604800000", params["Topics"])
	assert.Contains(t, params["BootstrapServers"], ":9098")
	assert.Equal(t, "8082", params["RestProxyPort"])
	assert.Equal(t, "arn:aws:iam::123456789012:role/0affd9571f39-rest-proxy-role", params["RestProxyRoleArn"])
	assert.Equal(t, "us-east-1", params["Region"])

	assert.Regexp(t, `^aws ssm start-session --region us-east-1 --target i-[0-9a-f]{17}$`, plan.Outputs["session"])
	assert.Regexp(t, `^http://10\.\d+\.\d+\.\d+:8082$`, plan.Outputs["endpoint"])
}

func TestChangingTopicsDoesNotReplaceTheHost(t *testing.T) {
	t.Parallel()
	before, err := batchPath(t, nil)
	require.NoError(t, err)
	after, err := batchPath(t, func(_ *DataLakeArgs, _ *KafkaClusterArgs, c *KafkaClientArgs, _ *S3SinkConnectorArgs) {
		c.Topics = append(c.Topics, TopicSpec{Name: "0affd9571f39.clicks", Partitions: 3, ReplicationFactor: 2, RetentionHours: 24})
	})
	require.NoError(t, err)
	b := find(t, before, "aws:ec2/instance:Instance", "kafka-client-instance")
	a := find(t, after, "aws:ec2/instance:Instance", "kafka-client-instance")
	assert.Equal(t, b.Inputs, a.Inputs, "a new topic must not change (and so replace) the instance")
	ba := find(t, before, "aws:ssm/association:Association", "kafka-client-configure")
	aa := find(t, after, "aws:ssm/association:Association", "kafka-client-configure")
	assert.NotEqual(t, obj(t, ba.Inputs["parameters"])["Topics"], obj(t, aa.Inputs["parameters"])["Topics"], "the association re-runs")
	assert.Contains(t, obj(t, aa.Inputs["parameters"])["Topics"], "0affd9571f39.clicks:3:2:86400000")
}

func TestAMIParameter(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", AMIParameter("t3.small"))
	assert.Equal(t, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", AMIParameter("t4g.small"))
	assert.Equal(t, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", AMIParameter("m7gd.large"))
	assert.Equal(t, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", AMIParameter("m7i.large"))
}

func TestS3SinkConfigurationMatchesTheCourse(t *testing.T) {
	t.Parallel()
	// The course's connector configuration, key by key (pipeline-reference §3), with the topic
	// regex's dot escaped.
	course := map[string]string{
		"connector.class":                "io.confluent.connect.s3.S3SinkConnector",
		"s3.region":                      "us-east-1",
		"flush.size":                     "1",
		"schema.compatibility":           "NONE",
		"tasks.max":                      "3",
		"topics.regex":                   `0affd9571f39\..*`,
		"format.class":                   "io.confluent.connect.s3.format.json.JsonFormat",
		"partitioner.class":              "io.confluent.connect.storage.partitioner.DefaultPartitioner",
		"value.converter.schemas.enable": "false",
		"value.converter":                "org.apache.kafka.connect.json.JsonConverter",
		"storage.class":                  "io.confluent.connect.s3.storage.S3Storage",
		"key.converter":                  "org.apache.kafka.connect.storage.StringConverter",
		"s3.bucket.name":                 "user-0affd9571f39-bucket",
	}
	plan, err := batchPath(t, nil)
	require.NoError(t, err)
	connector := find(t, plan, "aws:mskconnect/connector:Connector", "s3-sink-connector")
	got := map[string]string{}
	for k, v := range obj(t, connector.Inputs["connectorConfiguration"]) {
		got[k] = v.(string)
	}
	assert.Equal(t, course, got)
}

func TestTopicsRegexMatchesOnlyTheUsersTopics(t *testing.T) {
	t.Parallel()
	re := TopicsRegex("0affd9571f39.")
	for topic, want := range map[string]bool{
		"0affd9571f39.pin": true, "0affd9571f39.user": true, "0affd9571f39xpin": false, "other.pin": false,
	} {
		assert.Equal(t, want, fullMatch(re, topic), topic)
	}
}

func TestS3SinkConnector(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, nil)
	require.NoError(t, err)
	connector := find(t, plan, "aws:mskconnect/connector:Connector", "s3-sink-connector")
	assert.Equal(t, "0affd9571f39-connector", connector.Inputs["name"])
	assert.Equal(t, "IAM", obj(t, connector.Inputs["kafkaClusterClientAuthentication"])["authenticationType"])
	assert.Equal(t, "TLS", obj(t, connector.Inputs["kafkaClusterEncryptionInTransit"])["encryptionType"])
	capacity := obj(t, obj(t, connector.Inputs["capacity"])["provisionedCapacity"])
	assert.Equal(t, map[string]any{"mcuCount": float64(1), "workerCount": float64(1)}, capacity)
	apache := obj(t, obj(t, connector.Inputs["kafkaCluster"])["apacheKafkaCluster"])
	assert.Contains(t, apache["bootstrapServers"], ":9098")

	plugin := find(t, plan, "aws:mskconnect/customPlugin:CustomPlugin", "s3-sink-plugin")
	assert.Equal(t, "0affd9571f39-plugin", plugin.Inputs["name"])
	archive := find(t, plan, "aws:s3/bucketObjectv2:BucketObjectv2", "s3-sink-plugin-archive")
	assert.Equal(t, "kafka-connect-s3/confluentinc-kafka-connect-s3-10.5.13.zip", archive.Inputs["key"])
	assert.Equal(t, map[string]any{"asset": ".cache/connect-plugins/confluentinc-kafka-connect-s3-10.5.13.zip"},
		archive.Inputs["source"], "Pulumi uploads the archive from the local cache, not from a remote address on every run")
	worker := find(t, plan, "aws:mskconnect/workerConfiguration:WorkerConfiguration", "s3-sink-worker")
	assert.Regexp(t, `^0affd9571f39-connector-worker-[0-9a-f]{8}$`, worker.Inputs["name"])
	assert.Equal(t, WorkerConfigurationName("0affd9571f39-connector", worker.Inputs["description"].(string),
		worker.Inputs["propertiesFileContent"].(string)), worker.Inputs["name"])
	assert.NotEqual(t, WorkerConfigurationName("c", "a", "p"), WorkerConfigurationName("c", "b", "p"), "a new description gets a new name")

	grant := find(t, plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "kafka-from-connector")
	role := find(t, plan, "aws:iam/rolePolicy:RolePolicy", "s3-sink-access")
	for _, dep := range []string{plugin.URN, worker.URN, grant.URN, role.URN} {
		assert.Contains(t, connector.Dependencies, dep)
	}
	logs := find(t, plan, "aws:cloudwatch/logGroup:LogGroup", "s3-sink-worker-logs")
	assert.Equal(t, "/aws/vendedlogs/mskconnect/0affd9571f39-connector", logs.Inputs["name"])
	assert.Equal(t, float64(7), logs.Inputs["retentionInDays"])
	delivery := obj(t, obj(t, obj(t, connector.Inputs["logDelivery"])["workerLogDelivery"])["cloudwatchLogs"])
	assert.Equal(t, "/aws/vendedlogs/mskconnect/0affd9571f39-connector", delivery["logGroup"], "worker logs go to the stack's own group")
	assert.Equal(t, true, delivery["enabled"])
	for _, rule := range []string{"s3-sink-brokers-out", "s3-sink-https-out"} {
		assert.Contains(t, connector.Dependencies, find(t, plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", rule).URN)
	}
	archiveTags := obj(t, archive.Inputs["tags"])
	assert.LessOrEqual(t, len(archiveTags), 10, "S3 objects take at most 10 tags")
	assert.Equal(t, "2026-12-31", archiveTags["expires-at"])
}

func TestS3SinkConnectorAutoscales(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, func(_ *DataLakeArgs, _ *KafkaClusterArgs, _ *KafkaClientArgs, c *S3SinkConnectorArgs) {
		c.MaxWorkerCount = 3
	})
	require.NoError(t, err)
	connector := find(t, plan, "aws:mskconnect/connector:Connector", "s3-sink-connector")
	auto := obj(t, obj(t, connector.Inputs["capacity"])["autoscaling"])
	assert.Equal(t, float64(1), auto["minWorkerCount"])
	assert.Equal(t, float64(3), auto["maxWorkerCount"])
}

func TestBatchPathIsDestroyFriendly(t *testing.T) {
	t.Parallel()
	plan, err := batchPath(t, nil)
	require.NoError(t, err)
	resources := plan.Custom()
	require.Greater(t, len(resources), 10, "the batch path's resources")
	tagged := 0
	for _, r := range resources {
		assert.False(t, r.Protect, "%s is protected outside prod", r.Name)
		assert.False(t, r.RetainOnDelete, "%s would be left behind, billing", r.Name)
		if tags, ok := r.Inputs["tags"].(map[string]any); ok {
			tagged++
			assert.Equal(t, "2026-12-31", tags["expires-at"], r.Name)
		}
	}
	assert.Greater(t, tagged, 5, "the expiry tag was checked on the taggable resources")
}

// A cohort's shared connector (docs/cohort-shared.md) copies the platform's own topics and every
// learner's course topics, and nothing else: not MSK Connect's internal topics.
func TestTopicsRegexWithLearnerTopics(t *testing.T) {
	t.Parallel()
	re := TopicsRegex("spring26.", "*.pin", "*.geo", "*.user")
	for topic, want := range map[string]bool{
		"spring26.pin": true, "ann1.pin": true, "ann12.geo": true, "bob.user": true, "spring26.other": true,
		"ann1.other": false, "ann1xpin": false, "__amazon_msk_connect_offsets_c": false, "pin": false,
	} {
		assert.Equal(t, want, fullMatch(re, topic), topic)
	}
}

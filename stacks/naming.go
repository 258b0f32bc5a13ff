package stacks

import (
	"fmt"
	"net"
	"regexp"
	"strings"
)

// RecordKinds are the three kinds of Pinterest record the course pipeline carries, in the
// order the course lists them. Every per-kind name (topic, stream, table) is derived from one.
var RecordKinds = []string{"pin", "geo", "user"}

// The course account's IAM permissions allowed only these exact names, and learners' scripts,
// notebooks and DAGs still use them, so they are part of the product's contract.

// TopicName is the Kafka topic of one record kind: "<userId>.<kind>".
func TopicName(userID, kind string) string { return userID + "." + kind }

// BucketName is the S3 bucket the S3 sink connector writes to: "user-<userId>-bucket".
func BucketName(userID string) string { return "user-" + userID + "-bucket" }

// StreamName is the Kinesis stream of one record kind: "streaming-<userId>-<kind>".
func StreamName(userID, kind string) string { return "streaming-" + userID + "-" + kind }

// EC2AccessRoleName is the IAM role of the Kafka client host and the connector: "<userId>-ec2-access-role".
func EC2AccessRoleName(userID string) string { return userID + "-ec2-access-role" }

// RestProxyRoleName is the produce-only role the REST proxy signs with: "<userId>-rest-proxy-role".
// The course's proxy used the host's role, which may also administer and read topics.
func RestProxyRoleName(userID string) string { return userID + "-rest-proxy-role" }

// KinesisAccessRoleName is the IAM role API Gateway assumes to call Kinesis: "<userId>-kinesis-access-role".
func KinesisAccessRoleName(userID string) string { return userID + "-kinesis-access-role" }

// ConnectRoleName is the S3 sink connector's service execution role: "<userId>-msk-connect-role".
// The course reused the EC2 role; a role of its own keeps each least-privileged.
func ConnectRoleName(userID string) string { return userID + "-msk-connect-role" }

// DatabricksRoleName is the job clusters' role and instance profile: "<userId>-databricks-role".
func DatabricksRoleName(userID string) string { return userID + "-databricks-role" }

// PluginName is the MSK Connect custom plugin: "<userId>-plugin".
func PluginName(userID string) string { return userID + "-plugin" }

// ConnectorName is the MSK Connect S3 sink connector: "<userId>-connector".
func ConnectorName(userID string) string { return userID + "-connector" }

// DAGID is the Airflow dag_id of the daily batch job: "<userId>_dag".
func DAGID(userID string) string { return userID + "_dag" }

// BudgetName is the stack's budget alert, <userId>-<stack>-monthly-cost.
func BudgetName(userID, stack string) string { return userID + "-" + stack + "-monthly-cost" }

// DAGFileName is the file the DAG is uploaded as: "<userId>_dag.py".
func DAGFileName(userID string) string { return DAGID(userID) + ".py" }

// DeltaTableName is the Delta table the streaming job writes one record kind to: "<userId>_<kind>_table".
func DeltaTableName(userID, kind string) string { return userID + "_" + kind + "_table" }

// APIName is the REST API, named after the user id as in the course.
func APIName(userID string) string { return userID }

// KafkaClusterName is the MSK cluster. The course's shared cluster was "pinterest-msk-cluster";
// ours is per user so that several learners can share an account.
func KafkaClusterName(userID string) string { return userID + "-msk-cluster" }

// AirflowEnvironmentName is the MWAA environment. MWAA names must start with a letter, and
// course user ids often start with a digit, so the user id goes last.
func AirflowEnvironmentName(userID string) string { return "airflow-" + userID }

// AirflowBucketName is the MWAA DAG bucket. MWAA requires the "airflow-" prefix, and bucket
// names are global, so the stack name is part of it.
func AirflowBucketName(userID, stack string) string {
	return "airflow-" + userID + "-" + strings.ToLower(bucketUnsafe.ReplaceAllString(stack, "-")) + "-dags"
}

var bucketUnsafe = regexp.MustCompile(`[^a-zA-Z0-9-]+`)

// nameRule is one AWS (or Kafka, Airflow, Spark) rule for a name the stack derives from the user id.
type nameRule struct {
	service string
	minLen  int
	maxLen  int
	pattern *regexp.Regexp
	// charset says in words what pattern allows, for error messages.
	charset string
	// extra holds checks a pattern cannot express; it returns "" when the name passes.
	extra func(name string) string
}

var (
	bucketRule = nameRule{
		service: "S3 bucket", minLen: 3, maxLen: 63,
		pattern: regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`),
		charset: "lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
		extra:   bucketExtraRules,
	}
	iamRoleRule = nameRule{
		service: "IAM role", minLen: 1, maxLen: 64,
		pattern: regexp.MustCompile(`^[\w+=,.@-]+$`),
		charset: "letters, digits and +=,.@_-",
	}
	kafkaTopicRule = nameRule{
		service: "Kafka topic", minLen: 1, maxLen: 249,
		pattern: regexp.MustCompile(`^[a-zA-Z0-9._-]+$`),
		charset: "letters, digits, dots, underscores and hyphens",
	}
	kinesisStreamRule = nameRule{
		service: "Kinesis stream", minLen: 1, maxLen: 128,
		pattern: regexp.MustCompile(`^[a-zA-Z0-9._-]+$`),
		charset: "letters, digits, dots, underscores and hyphens",
	}
	mskConnectRule = nameRule{
		service: "MSK Connect", minLen: 1, maxLen: 128,
		pattern: regexp.MustCompile(`^[a-zA-Z0-9-]+$`),
		charset: "letters, digits and hyphens",
	}
	mskClusterRule = nameRule{
		service: "MSK cluster", minLen: 1, maxLen: 64,
		pattern: regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z-]*$`),
		charset: "letters, digits and hyphens, starting with a letter or digit",
	}
	mwaaRule = nameRule{
		service: "MWAA environment", minLen: 1, maxLen: 80,
		pattern: regexp.MustCompile(`^[a-zA-Z][0-9a-zA-Z_-]*$`),
		charset: "letters, digits, underscores and hyphens, starting with a letter",
	}
	airflowDAGRule = nameRule{
		service: "Airflow dag_id", minLen: 1, maxLen: 250,
		pattern: regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`),
		charset: "letters, digits, dots, underscores and hyphens",
	}
	// Unquoted Spark SQL identifiers: a hyphen would force every query to backquote the table.
	deltaTableRule = nameRule{
		service: "Databricks Delta table", minLen: 1, maxLen: 255,
		pattern: regexp.MustCompile(`^[a-z0-9_]+$`),
		charset: "lowercase letters, digits and underscores",
	}
)

func bucketExtraRules(name string) string {
	switch {
	case strings.Contains(name, ".."):
		return "must not contain two adjacent dots"
	case net.ParseIP(name) != nil:
		return "must not look like an IP address"
	case strings.HasPrefix(name, "xn--"), strings.HasPrefix(name, "sthree-"), strings.HasPrefix(name, "amzn-s3-demo-"):
		return "must not start with a prefix S3 reserves (xn--, sthree-, amzn-s3-demo-)"
	case strings.HasSuffix(name, "-s3alias"), strings.HasSuffix(name, "--ol-s3"), strings.HasSuffix(name, ".mrap"),
		strings.HasSuffix(name, "--x-s3"), strings.HasSuffix(name, "--table-s3"):
		return "must not end with a suffix S3 reserves"
	}
	return ""
}

// check returns "" when name obeys the rule, or what is wrong with it.
func (r nameRule) check(name string) string {
	if n := len(name); n < r.minLen || n > r.maxLen {
		return fmt.Sprintf("is %d characters; %s names must be %d to %d", n, r.service, r.minLen, r.maxLen)
	}
	if !r.pattern.MatchString(name) {
		return fmt.Sprintf("may contain only %s", r.charset)
	}
	if r.extra != nil {
		return r.extra(name)
	}
	return ""
}

// DerivedName is one name the stack gives a cloud object, with the service whose rules it must obey.
type DerivedName struct {
	Service string
	Name    string
	rule    nameRule
}

// DerivedNames lists every name derived from the user id, in a stable order, so that a user id
// can be checked against the rules of every service that receives one of its names.
func DerivedNames(userID string) []DerivedName {
	names := []DerivedName{
		{Name: BucketName(userID), rule: bucketRule},
		{Name: EC2AccessRoleName(userID), rule: iamRoleRule},
		{Name: KinesisAccessRoleName(userID), rule: iamRoleRule},
		{Name: RestProxyRoleName(userID), rule: iamRoleRule},
		{Name: ConnectRoleName(userID), rule: iamRoleRule},
		{Name: DatabricksRoleName(userID), rule: iamRoleRule},
		{Name: PluginName(userID), rule: mskConnectRule},
		{Name: ConnectorName(userID), rule: mskConnectRule},
		{Name: KafkaClusterName(userID), rule: mskClusterRule},
		{Name: AirflowEnvironmentName(userID), rule: mwaaRule},
		{Name: DAGID(userID), rule: airflowDAGRule},
	}
	for _, kind := range RecordKinds {
		names = append(names,
			DerivedName{Name: TopicName(userID, kind), rule: kafkaTopicRule},
			DerivedName{Name: StreamName(userID, kind), rule: kinesisStreamRule},
			DerivedName{Name: DeltaTableName(userID, kind), rule: deltaTableRule},
		)
	}
	for i := range names {
		names[i].Service = names[i].rule.service
	}
	return names
}

// userIDPattern is stricter than any single service: S3 wants lowercase, Spark table names
// want no hyphens, and the connector's topic regex treats dots as separators.
var userIDPattern = regexp.MustCompile(`^[a-z0-9]+$`)

// UserIDProblems returns every reason userID cannot be used, or nil when every derived name is legal.
func UserIDProblems(userID string) []string {
	if userID == "" {
		return []string{"is empty"}
	}
	var problems []string
	if !userIDPattern.MatchString(userID) {
		problems = append(problems, fmt.Sprintf("%q may contain only lowercase letters and digits "+
			"(it becomes part of S3 bucket, Kafka topic and Delta table names)", userID))
		return problems
	}
	// SSM refuses document names (<userId>-<stack>-configure-kafka-client) with these prefixes.
	for _, reserved := range []string{"aws", "amazon", "amzn"} {
		if strings.HasPrefix(userID, reserved) {
			problems = append(problems, fmt.Sprintf("starts with %q, a prefix SSM reserves for its own documents", reserved))
		}
	}
	for _, d := range DerivedNames(userID) {
		if why := d.rule.check(d.Name); why != "" {
			problems = append(problems, fmt.Sprintf("gives the %s name %q, which %s", d.Service, d.Name, why))
		}
	}
	return problems
}

// MaxUserIDLength is the longest user id whose every derived name is legal.
func MaxUserIDLength() int {
	longest := 0
	for n := 1; n <= 255; n++ {
		if len(UserIDProblems(strings.Repeat("a", n))) == 0 {
			longest = n
		}
	}
	return longest
}

// BucketNameProblem says why S3 would refuse name as a bucket name, or "" when it would not:
// the general purpose bucket naming rules, which the S3 API model does not carry.
func BucketNameProblem(name string) string { return bucketRule.check(name) }

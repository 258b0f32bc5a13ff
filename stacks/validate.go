package stacks

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
)

// Problem is one invalid setting: the config key, what is wrong, and how to fix it.
type Problem struct {
	Key     string `json:"key"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

func (p Problem) String() string {
	return fmt.Sprintf("%s %s: %s", p.Key, p.Message, p.Fix)
}

// Problems collects every invalid setting of a stack so that they are reported at once.
type Problems []Problem

func (ps *Problems) add(key, message, fix string, args ...any) {
	*ps = append(*ps, Problem{Key: key, Message: message, Fix: fmt.Sprintf(fix, args...)})
}

func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid stack configuration (%d problem", len(ps))
	if len(ps) != 1 {
		b.WriteString("s")
	}
	b.WriteString("); nothing was created:")
	for _, p := range ps {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

var (
	// The DAG template accepts exactly these (components.RenderDAG checks again).
	airflowSchedulePattern = regexp.MustCompile(`^(@(once|hourly|daily|weekly|monthly|yearly)|[0-9*/,\- ]+)$`)
	expiresAtPattern       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	unquotedDatePattern    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} 00:00:00 \+0000 UTC$`)
	ttlPattern             = regexp.MustCompile(`^(\d+)d$`)
	apiStagePattern        = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,128}$`)
	azNamePattern          = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-\d[a-z](-[a-z0-9-]+)?$`)
	idPattern              = func(prefix string) *regexp.Regexp { return regexp.MustCompile(`^` + prefix + `-[0-9a-f]{8,17}$`) }
	vpcIDPattern           = idPattern("vpc")
	subnetIDPattern        = idPattern("subnet")
	kmsARNPattern          = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+$`)
	tagKeyPattern          = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`)
	tagValuePattern        = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$`)
)

// Validate checks every section and returns all problems at once as Problems, or nil.
func (c *Config) Validate() error {
	var ps Problems
	c.validateIdentity(&ps)
	c.validateNetwork(&ps)
	c.validateKafka(&ps)
	c.validateClient(&ps)
	c.validateBucket(&ps)
	c.validateConnect(&ps)
	c.validateAPI(&ps)
	c.validateStreams(&ps)
	c.validateAirflow(&ps)
	c.validateDatabricks(&ps)
	c.validateCost(&ps)
	c.validateTags(&ps)
	c.validatePause(&ps)
	c.validateCohort(&ps)
	return ps.err()
}

func (c *Config) validateIdentity(ps *Problems) {
	if c.Region == "" {
		ps.add(RegionKey, "is not set", "run `pulumi config set aws:region us-east-1` (the course's region)")
	} else if !c.regionValid() {
		ps.add(RegionKey, fmt.Sprintf("%q is not a region of the AWS partition (%s lists %d)", c.Region, awsRegionsSource, len(awsRegions)),
			"use one of them, e.g. %s: `pulumi config set aws:region %s`", nearestRegion(c.Region), nearestRegion(c.Region))
	}
	id := c.Identity
	setUserID := "run `pulumi config set --path identity.userId <your course user id>`, or `go run ./cmd/init --stack " + c.Stack + "`"
	switch {
	case id.UserID == UserIDPlaceholder:
		ps.add("identity.userId", fmt.Sprintf("is still the placeholder %q", UserIDPlaceholder), "%s", setUserID)
	case id.UserID == ExampleUserID && !c.allowExampleUserID:
		ps.add("identity.userId", fmt.Sprintf("is %s, the course's example id", ExampleUserID),
			"every learner who copies it shares the global bucket name %s and the stack's role names; %s",
			BucketName(ExampleUserID), setUserID)
	default:
		for _, why := range UserIDProblems(id.UserID) {
			ps.add("identity.userId", why, "use your course user id: lowercase letters and digits, at most %d characters; %s",
				MaxUserIDLength(), setUserID)
		}
	}
	if !slices.Contains(EnvironmentKinds, id.Environment) {
		ps.add("identity.environment", fmt.Sprintf("%q is not an environment kind", id.Environment),
			"use one of %s", strings.Join(EnvironmentKinds, ", "))
	}
	if strings.TrimSpace(id.Owner) == "" {
		ps.add("identity.owner", "is empty", "set who answers for this stack's cost, e.g. "+
			"`pulumi config set --path identity.owner you@example.com`")
	} else if !tagValuePattern.MatchString(id.Owner) {
		ps.add("identity.owner", fmt.Sprintf("%q cannot be an AWS tag value", id.Owner),
			"use letters, digits, spaces and _.:/=+-@ only, at most 256 characters")
	}
	ttl, ttlOK := ParseTTL(id.TTL)
	if id.TTL != "" && !ttlOK {
		ps.add("identity.ttl", fmt.Sprintf("%q is not a lifetime", id.TTL), `write days as "7d" or hours as "36h"`)
	}
	prod := c.IsProd()
	switch {
	case prod && id.ExpiresAt != "":
		ps.add("identity.expiresAt", "is set on a prod stack", "remove it: the scheduled teardown must never destroy prod")
	case !prod && id.ExpiresAt == "":
		ps.add("identity.expiresAt", "is not set", "give the date the scheduled teardown may destroy this %s stack, "+
			"e.g. `pulumi config set --path identity.expiresAt %s`", id.Environment, exampleExpiry(c.today(), ttl))
	case !prod && unquotedDatePattern.MatchString(id.ExpiresAt):
		// YAML reads an unquoted date as a timestamp, and the CLI passes it in time.Time's form.
		ps.add("identity.expiresAt", fmt.Sprintf("%q is a timestamp, not a date", id.ExpiresAt),
			"quote the date in Pulumi.%s.yaml (expiresAt: %q), as `pulumi config set --path identity.expiresAt` writes it",
			c.Stack, id.ExpiresAt[:len(time.DateOnly)])
	case !prod && (!expiresAtPattern.MatchString(id.ExpiresAt) || !validDate(id.ExpiresAt)):
		ps.add("identity.expiresAt", fmt.Sprintf("%q is not a date", id.ExpiresAt), "write it as YYYY-MM-DD")
	}
	if !prod && id.TTL == "" {
		ps.add("identity.ttl", "is empty", "non-prod stacks need a lifetime such as 7d")
	}
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// exampleExpiry suggests an expiry date in messages; it never feeds a resource.
func exampleExpiry(today time.Time, ttl time.Duration) string {
	if ttl <= 0 {
		ttl = 7 * 24 * time.Hour
	}
	return today.Add(ttl).Format(time.DateOnly)
}

// ParseTTL reads a lifetime written as "<n>d" or as a Go duration ("36h"); ok is false otherwise.
func ParseTTL(s string) (time.Duration, bool) {
	if m := ttlPattern.FindStringSubmatch(s); m != nil {
		days, err := strconv.Atoi(m[1])
		return time.Duration(days) * 24 * time.Hour, err == nil && days > 0
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d > 0
}

func (c *Config) validateNetwork(ps *Problems) {
	n := c.Network
	if n.UsesExistingVPC() {
		if !vpcIDPattern.MatchString(n.VpcID) {
			ps.add("network.vpcId", fmt.Sprintf("%q is not a VPC id", n.VpcID), "use the id shown by `aws ec2 describe-vpcs`, e.g. vpc-0a1b2c3d")
		}
		if k := len(n.PrivateSubnetIDs); k < 2 || k > 3 {
			ps.add("network.privateSubnetIds", fmt.Sprintf("lists %d subnets", k),
				"list 2 or 3 private subnets in different availability zones: MSK places brokers in 2 or 3 zones")
		}
		for i, id := range append(slices.Clone(n.PrivateSubnetIDs), n.PublicSubnetIDs...) {
			if !subnetIDPattern.MatchString(id) {
				key := fmt.Sprintf("network.privateSubnetIds[%d]", i)
				if i >= len(n.PrivateSubnetIDs) {
					key = fmt.Sprintf("network.publicSubnetIds[%d]", i-len(n.PrivateSubnetIDs))
				}
				ps.add(key, fmt.Sprintf("%q is not a subnet id", id), "use ids such as subnet-0a1b2c3d")
			}
		}
		if hasDuplicates(append(slices.Clone(n.PrivateSubnetIDs), n.PublicSubnetIDs...)) {
			ps.add("network.privateSubnetIds", "repeats a subnet", "list each subnet once, private and public apart")
		}
		for _, key := range []string{"cidr", "availabilityZones"} {
			if (key == "availabilityZones" && len(n.AvailabilityZones) > 0) || (key == "cidr" && n.CIDR != "10.0.0.0/16") {
				ps.add("network."+key, "is set together with vpcId", "remove it: an existing VPC's layout is not changed")
			}
		}
		return
	}
	if len(n.PrivateSubnetIDs) > 0 || len(n.PublicSubnetIDs) > 0 {
		ps.add("network.privateSubnetIds", "is set without vpcId", "set network.vpcId too, or remove the subnet ids to create a new VPC")
	}
	prefix, err := netip.ParsePrefix(n.CIDR)
	switch {
	case err != nil || !prefix.Addr().Is4():
		ps.add("network.cidr", fmt.Sprintf("%q is not an IPv4 CIDR block", n.CIDR), "use a block such as 10.0.0.0/16")
	case prefix.Masked() != prefix:
		ps.add("network.cidr", fmt.Sprintf("%q has host bits set", n.CIDR), "use %s", prefix.Masked())
	case prefix.Bits() < 16 || prefix.Bits() > 24:
		ps.add("network.cidr", fmt.Sprintf("is a /%d", prefix.Bits()), "AWS VPCs are /16 to /28; use /16 to /24 so every subnet has room")
	case !prefix.Addr().IsPrivate():
		ps.add("network.cidr", fmt.Sprintf("%q is not a private (RFC 1918) range", n.CIDR), "use 10.0.0.0/16, 172.16.0.0/16 or 192.168.0.0/16")
	}
	azCountOK := n.AZCount >= 2 && n.AZCount <= 3
	if !azCountOK {
		ps.add("network.azCount", fmt.Sprintf("is %d", n.AZCount), "use 2 or 3: MSK places brokers in 2 or 3 zones and MWAA needs 2 private subnets")
	}
	if len(n.AvailabilityZones) > 0 {
		if len(n.AvailabilityZones) != n.AZCount {
			ps.add("network.availabilityZones", fmt.Sprintf("lists %d zones but azCount is %d", len(n.AvailabilityZones), n.AZCount),
				"list exactly azCount zones, or remove the list to use the region's first available zones")
		}
		if hasDuplicates(n.AvailabilityZones) {
			ps.add("network.availabilityZones", "repeats a zone", "list each zone once")
		}
		for i, az := range n.AvailabilityZones {
			if !azNamePattern.MatchString(az) || (c.regionValid() && !strings.HasPrefix(az, c.Region)) {
				ps.add(fmt.Sprintf("network.availabilityZones[%d]", i), fmt.Sprintf("%q is not a zone of %s", az, c.Region),
					"use zone names such as %sa", c.Region)
			}
		}
	}
	if n.SubnetNewBits < 1 || n.SubnetNewBits > 8 {
		ps.add("network.subnetNewBits", fmt.Sprintf("is %d", n.SubnetNewBits), "use 1 to 8 (4 turns a /16 into /20 subnets)")
	} else if err == nil && prefix.Addr().Is4() && azCountOK {
		// Each zone gets a private and a public subnet, and AWS subnets are at most /28.
		if bits := prefix.Bits() + n.SubnetNewBits; bits > 28 {
			ps.add("network.subnetNewBits", fmt.Sprintf("makes /%d subnets, smaller than AWS allows", bits),
				"lower subnetNewBits so that cidr prefix + subnetNewBits <= 28")
		} else if slots := 1 << n.SubnetNewBits; slots < 2*n.AZCount {
			ps.add("network.subnetNewBits", fmt.Sprintf("gives %d subnets, fewer than the %d that %d zones need", slots, 2*n.AZCount, n.AZCount),
				"raise subnetNewBits")
		}
	}
	if !slices.Contains(spec.NATStrategies, n.NATGateways) {
		choices := make([]string, len(spec.NATStrategies))
		for i, s := range spec.NATStrategies {
			choices[i] = string(s)
		}
		ps.add("network.natGateways", fmt.Sprintf("%q is not a NAT strategy", n.NATGateways), "use one of %s", strings.Join(choices, ", "))
	} else if n.NATGateways == spec.NATNone {
		ps.add("network.natGateways", "is none",
			"the Kafka client host (and MWAA) need outbound internet from the private subnets to install software; use single")
	}
}

func hasDuplicates(xs []string) bool {
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

func (c *Config) validateKafka(ps *Problems) {
	k := c.Kafka
	if _, err := LookupKafkaVersion(k.Version, c.today()); err != nil {
		ps.add("kafka.version", fmt.Sprintf("%q %v", k.Version, err), "set kafka.version; the client host follows it automatically")
	}
	if !strings.HasPrefix(k.BrokerInstanceType, "kafka.") {
		ps.add("kafka.brokerInstanceType", fmt.Sprintf("%q is not an MSK broker type", k.BrokerInstanceType), "use a type such as kafka.t3.small")
	}
	// A bad zone count is reported once, under network; the broker check would only echo it.
	azs := c.Network.EffectiveAZCount()
	if azs < 2 || azs > 3 {
		azs = 0
	}
	switch {
	case k.BrokerCount < 1:
		ps.add("kafka.brokerCount", fmt.Sprintf("is %d", k.BrokerCount), "use at least one broker per zone")
	case azs > 0 && k.BrokerCount%azs != 0:
		ps.add("kafka.brokerCount", fmt.Sprintf("is %d, not a multiple of the %d zones", k.BrokerCount, azs),
			"use a multiple of the zone count (MSK puts the same number of brokers in every zone)")
	}
	if k.VolumeSizeGiB < 1 || k.VolumeSizeGiB > 16384 {
		ps.add("kafka.volumeSizeGiB", fmt.Sprintf("is %d", k.VolumeSizeGiB), "use 1 to 16384 GiB")
	}
	if k.KMSKeyARN != "" && !kmsARNPattern.MatchString(k.KMSKeyARN) {
		ps.add("kafka.kmsKeyArn", fmt.Sprintf("%q is not a KMS key ARN", k.KMSKeyARN), "use arn:aws:kms:<region>:<account>:key/<id>, or remove it for the AWS-managed key")
	}
	validateRetention(ps, "kafka.logRetentionDays", k.LogRetentionDays)
	// Without a usable user id the default topics cannot be derived; identity.userId says why.
	if len(k.Topics) == 0 && (c.topicsSet || c.userIDUsable()) {
		ps.add("kafka.topics", "is empty", "declare at least one topic, or remove the key for the course's three")
	}
	seen := map[string]bool{}
	prefix := c.Identity.UserID + "."
	for i, t := range k.Topics {
		key := fmt.Sprintf("kafka.topics[%d]", i)
		if why := kafkaTopicRule.check(t.Name); why != "" {
			ps.add(key+".name", fmt.Sprintf("%q %s", t.Name, why), "rename the topic")
		} else if c.userIDUsable() && !strings.HasPrefix(t.Name, prefix) {
			ps.add(key+".name", fmt.Sprintf("%q does not start with %q", t.Name, prefix),
				"prefix it with the user id: the S3 sink reads the topics that match \"<userId>.*\"")
		}
		if seen[t.Name] {
			ps.add(key+".name", fmt.Sprintf("%q is declared twice", t.Name), "declare each topic once")
		}
		seen[t.Name] = true
		if t.Partitions < 1 || t.Partitions > 1000 {
			ps.add(key+".partitions", fmt.Sprintf("is %d", t.Partitions), "use 1 to 1000")
		}
		// A bad broker count is reported under kafka.brokerCount; against it every topic would fail.
		if k.BrokerCount >= 1 && (t.ReplicationFactor < 1 || t.ReplicationFactor > k.BrokerCount) {
			ps.add(key+".replicationFactor", fmt.Sprintf("is %d with %d brokers", t.ReplicationFactor, k.BrokerCount),
				"use 1 to kafka.brokerCount: Kafka cannot place more replicas than brokers")
		}
		if t.RetentionHours < 1 {
			ps.add(key+".retentionHours", fmt.Sprintf("is %d", t.RetentionHours), "use a positive number of hours (168 is 7 days)")
		}
	}
}

// CloudWatch Logs accepts only these retention periods.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func validateRetention(ps *Problems, key string, days int) {
	if !slices.Contains(logRetentionDays, days) {
		ps.add(key, fmt.Sprintf("is %d", days), "CloudWatch Logs keeps logs for 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365 … 3653 days; pick one of those")
	}
}

func (c *Config) validateClient(ps *Problems) {
	cl := c.Client
	validateDownload(ps, "client.kafkaUrl", cl.KafkaURL)
	validateDownload(ps, "client.iamAuthUrl", cl.IAMAuthURL)
	validateDownload(ps, "client.confluentUrl", cl.ConfluentURL)
	for _, name := range slices.Sorted(maps.Keys(cl.Checksums)) {
		if sum := cl.Checksums[name]; !ValidChecksum(sum) {
			ps.add(fmt.Sprintf("client.checksums[%q]", name), fmt.Sprintf("%q is not a checksum", sum),
				"write sha256:<64 lowercase hex digits> or sha512:<128 lowercase hex digits>")
		}
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(cl.IAMAuthVersion) {
		ps.add("client.iamAuthVersion", fmt.Sprintf("%q is not a release version", cl.IAMAuthVersion), "use an aws-msk-iam-auth release such as 2.3.0")
	}
	if cl.SSHKeyName != "" && !regexp.MustCompile(`^[\x20-\x7E]{1,255}$`).MatchString(cl.SSHKeyName) {
		ps.add("client.sshKeyName", fmt.Sprintf("%q is not an EC2 key pair name", cl.SSHKeyName), "use the key pair's name, or remove it to rely on SSM Session Manager")
	}
	if cl.InstanceType == "" || strings.HasPrefix(cl.InstanceType, "kafka.") || !strings.Contains(cl.InstanceType, ".") {
		ps.add("client.instanceType", fmt.Sprintf("%q is not an EC2 instance type", cl.InstanceType), "use a type such as t3.small")
	}
	if cl.RootVolumeGiB < 8 || cl.RootVolumeGiB > 1024 {
		ps.add("client.rootVolumeGiB", fmt.Sprintf("is %d", cl.RootVolumeGiB), "use 8 to 1024 GiB (Kafka and Confluent need about 4 GiB)")
	}
	if cl.RestProxyPort < 1024 || cl.RestProxyPort > 65535 {
		ps.add("client.restProxyPort", fmt.Sprintf("is %d", cl.RestProxyPort), "use an unprivileged port, 1024 to 65535 (the course used 8082)")
	}
}

func (c *Config) validateBucket(ps *Problems) {
	b := c.Bucket
	if why := bucketRule.check(b.Name); why != "" && b.Name != "" {
		ps.add("bucket.name", fmt.Sprintf("%q %s", b.Name, why), "pick a legal, globally unique S3 bucket name, or remove it for user-<userId>-bucket")
	}
	if b.ExpireRawDataDays < 0 {
		ps.add("bucket.expireRawDataDays", fmt.Sprintf("is %d", b.ExpireRawDataDays), "use 0 to keep raw data, or a number of days")
	}
}

// validateDownload checks a software download location: HTTPS only, since the client host runs what it fetches.
func validateDownload(ps *Problems, key, url string) {
	if !strings.HasPrefix(url, "https://") {
		ps.add(key, fmt.Sprintf("%q is not an https:// URL", url), "download software over HTTPS only, or remove the key for the default")
	}
}

func (c *Config) validateConnect(ps *Problems) {
	cn := c.Connect
	validateDownload(ps, "connect.pluginUrl", cn.PluginURL)
	if cn.PluginSHA256 != "" && !ValidChecksum("sha256:"+cn.PluginSHA256) {
		ps.add("connect.pluginSha256", fmt.Sprintf("%q is not a SHA-256", cn.PluginSHA256),
			"write the archive's 64 lowercase hex digits (sha256sum prints them), or remove the key")
	}
	if cn.KafkaConnectVersion != "2.7.1" && cn.KafkaConnectVersion != "3.7.x" {
		ps.add("connect.kafkaConnectVersion", fmt.Sprintf("%q is not an MSK Connect runtime", cn.KafkaConnectVersion), "use 2.7.1 or 3.7.x")
	}
	if cn.MaxWorkerCount != 0 && (cn.MaxWorkerCount <= cn.WorkerCount || cn.MaxWorkerCount > 10) {
		ps.add("connect.maxWorkerCount", fmt.Sprintf("is %d with workerCount %d", cn.MaxWorkerCount, cn.WorkerCount),
			"use 0 for provisioned capacity, or more than workerCount and at most 10 to autoscale")
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(cn.PluginVersion) {
		ps.add("connect.pluginVersion", fmt.Sprintf("%q is not a plugin version", cn.PluginVersion), "use a Confluent S3 sink version such as 10.5.13")
	}
	if !slices.Contains([]int{1, 2, 4, 8}, cn.MCUCount) {
		ps.add("connect.mcuCount", fmt.Sprintf("is %d", cn.MCUCount), "MSK Connect workers have 1, 2, 4 or 8 MCUs")
	}
	if cn.WorkerCount < 1 || cn.WorkerCount > 10 {
		ps.add("connect.workerCount", fmt.Sprintf("is %d", cn.WorkerCount), "use 1 to 10 workers")
	}
	if cn.FlushSize < 1 {
		ps.add("connect.flushSize", fmt.Sprintf("is %d", cn.FlushSize), "use at least 1 record per S3 object")
	}
	if cn.TasksMax < 1 {
		ps.add("connect.tasksMax", fmt.Sprintf("is %d", cn.TasksMax), "use at least 1 task")
	}
	validateRetention(ps, "connect.logRetentionDays", cn.LogRetentionDays)
}

func (c *Config) validateAPI(ps *Problems) {
	a := c.API
	if !apiStagePattern.MatchString(a.Stage) {
		ps.add("api.stage", fmt.Sprintf("%q is not a stage name", a.Stage), "use letters, digits, hyphens and underscores, e.g. dev")
	}
	if a.ProxyIntegration != ProxyPrivate && a.ProxyIntegration != ProxyHTTP {
		ps.add("api.proxyIntegration", fmt.Sprintf("%q is not an integration style", a.ProxyIntegration),
			"use private (a VPC link; nothing listens on the internet) or http (the course's public proxy)")
	}
	if a.ThrottleRateLimit < 1 {
		ps.add("api.throttleRateLimit", fmt.Sprintf("is %d", a.ThrottleRateLimit), "use a positive number of requests per second")
	}
	if a.ThrottleBurstLimit < a.ThrottleRateLimit {
		ps.add("api.throttleBurstLimit", fmt.Sprintf("is %d, below throttleRateLimit %d", a.ThrottleBurstLimit, a.ThrottleRateLimit),
			"make the burst at least the steady rate")
	}
	validateRetention(ps, "api.logRetentionDays", a.LogRetentionDays)
}

func (c *Config) validateStreams(ps *Problems) {
	s := c.Streams
	switch s.Mode {
	case StreamProvisioned:
		if n := s.Shards(); n < 1 || n > 500 {
			ps.add("streams.shardCount", fmt.Sprintf("is %d", n), "use 1 to 500 shards per stream")
		}
	case StreamOnDemand:
		if s.ShardCount != nil {
			ps.add("streams.shardCount", fmt.Sprintf("is %d with mode ON_DEMAND", *s.ShardCount),
				"remove it: on-demand streams size themselves (or use mode PROVISIONED)")
		}
	default:
		ps.add("streams.mode", fmt.Sprintf("%q is not a capacity mode", s.Mode), "use PROVISIONED or ON_DEMAND")
	}
	if s.RetentionHours < 24 || s.RetentionHours > 8760 {
		ps.add("streams.retentionHours", fmt.Sprintf("is %d", s.RetentionHours), "Kinesis keeps records 24 to 8760 hours")
	}
}

func (c *Config) validateAirflow(ps *Problems) {
	a := c.Airflow
	if !a.Enabled {
		return
	}
	checkAirflowRelease(ps, AirflowReleases, a)
	// mw1.micro runs the scheduler and its one worker in a single container and "does not
	// support auto-scaling" ("Amazon MWAA environment class", MWAA User Guide).
	if a.EnvironmentClass == "mw1.micro" && (a.MinWorkers > 1 || a.MaxWorkers > 1) {
		ps.add("airflow.maxWorkers", fmt.Sprintf("min %d and max %d workers on mw1.micro, which runs one worker and does not scale", a.MinWorkers, a.MaxWorkers),
			"set airflow.minWorkers and airflow.maxWorkers to 1, or use mw1.small")
	}
	if !c.Databricks.Enabled() {
		ps.add("airflow.enabled", "is true but no Databricks workspace is configured",
			"set databricks.host and the databricksToken secret (the DAG runs the batch job there), or set airflow.enabled to false")
	}
	// A learner's DAG goes to its platform's bucket; only the other shapes name one of their own.
	if why := bucketRule.check(AirflowBucketName(c.Identity.UserID, c.Stack)); why != "" && len(UserIDProblems(c.Identity.UserID)) == 0 && !c.IsLearner() {
		ps.add("airflow.enabled", fmt.Sprintf("gives the DAG bucket name %q, which %s", AirflowBucketName(c.Identity.UserID, c.Stack), why),
			"use a shorter stack name or user id")
	}
	if !airflowSchedulePattern.MatchString(a.Schedule) {
		ps.add("airflow.schedule", fmt.Sprintf("%q is not an Airflow schedule", a.Schedule),
			"use a preset such as @daily (the course's) or a five-field cron expression such as 0 6 * * *")
	}
	if a.WebserverAccessMode != WebserverPrivate && a.WebserverAccessMode != WebserverPublic {
		ps.add("airflow.webserverAccessMode", fmt.Sprintf("%q is not an access mode", a.WebserverAccessMode), "use PRIVATE_ONLY or PUBLIC_ONLY")
	}
	if a.MinWorkers < 1 || a.MaxWorkers < a.MinWorkers || a.MaxWorkers > 25 {
		ps.add("airflow.maxWorkers", fmt.Sprintf("min %d and max %d workers", a.MinWorkers, a.MaxWorkers),
			"use 1 <= minWorkers <= maxWorkers <= 25")
	}
	validateRetention(ps, "airflow.logRetentionDays", a.LogRetentionDays)
}

// checkAirflowRelease refuses a version missing from the table and a class the version does
// not run on; the table is a parameter so that a restricted release can be tested.
func checkAirflowRelease(ps *Problems, releases map[string]AirflowRelease, a AirflowConfig) {
	release, known := releases[a.AirflowVersion]
	switch {
	case !slices.Contains(MWAAClasses, a.EnvironmentClass):
		ps.add("airflow.environmentClass", fmt.Sprintf("%q is not an MWAA class", a.EnvironmentClass), "use one of %s", strings.Join(MWAAClasses, ", "))
	case known && !slices.Contains(release.Classes, a.EnvironmentClass):
		ps.add("airflow.environmentClass", fmt.Sprintf("%q does not run Airflow %s on MWAA", a.EnvironmentClass, a.AirflowVersion),
			"use one of %s, or another airflow.airflowVersion", strings.Join(release.Classes, ", "))
	}
	if !known {
		versions := make([]string, 0, len(releases))
		for v := range releases {
			versions = append(versions, v)
		}
		slices.Sort(versions)
		ps.add("airflow.airflowVersion", fmt.Sprintf("%q is not an Airflow version MWAA offers", a.AirflowVersion),
			"use one of %s", strings.Join(versions, ", "))
	}
}

func (c *Config) validateDatabricks(ps *Problems) {
	d := c.Databricks
	if !d.Enabled() {
		if c.HasDatabricksToken {
			ps.add("databricksToken", "is set but databricks.host is not", "set databricks.host to the workspace URL, or remove the token")
		}
		return
	}
	if !c.HasDatabricksToken {
		*ps = append(*ps, missingTokenProblem(d.Host))
	}
	if !strings.HasPrefix(d.Host, "https://") || strings.ContainsAny(strings.TrimPrefix(d.Host, "https://"), "/ ") {
		ps.add("databricks.host", fmt.Sprintf("%q is not a workspace URL", d.Host), "use https://<workspace>.cloud.databricks.com, without a path")
	}
	if d.JobTimeoutMinutes < 5 || d.JobTimeoutMinutes > 1440 {
		ps.add("databricks.jobTimeoutMinutes", fmt.Sprintf("is %d", d.JobTimeoutMinutes), "use 5 to 1440 minutes")
	}
	if d.NodeType == "" || d.SparkVersion == "" {
		ps.add("databricks.nodeType", "or databricks.sparkVersion is empty", "remove the empty setting to use the default")
	}
	// Databricks launches job clusters with the workspace's cross-account role, which must be
	// allowed iam:PassRole on the clusters' role (the databricks_instance_profile example in the
	// provider docs grants exactly this). Without it every run fails at cluster launch, and
	// skipValidation hides that from `pulumi up`, so the grant is not optional.
	findRole := "find the role in the Databricks account console (accounts.cloud.databricks.com) under Cloud resources > Credential configuration: " +
		"its role ARN ends in role/<name>; then `pulumi config set --path databricks.crossAccountRoleName <name>`"
	switch {
	case d.CrossAccountRoleName == "":
		ps.add("databricks.crossAccountRoleName", "is not set, so the workspace cannot pass the clusters' role and every job run would fail at cluster launch",
			"%s", findRole)
	case d.CrossAccountRoleName == CrossAccountRolePlaceholder:
		ps.add("databricks.crossAccountRoleName", fmt.Sprintf("is still the placeholder %q", CrossAccountRolePlaceholder), "%s", findRole)
	case !regexp.MustCompile(`^[\w+=,.@-]{1,64}$`).MatchString(d.CrossAccountRoleName):
		ps.add("databricks.crossAccountRoleName", fmt.Sprintf("%q is not an IAM role name", d.CrossAccountRoleName),
			"use the role's name (not its ARN), as shown in the workspace's credential configuration")
	}
	c.validateUnityCatalog(ps)
	if maxHours := c.Streams.RetentionHours / 2; d.StreamingIntervalHours < 1 || d.StreamingIntervalHours > maxHours {
		ps.add("databricks.streamingIntervalHours", fmt.Sprintf("is %d with streams.retentionHours %d", d.StreamingIntervalHours, c.Streams.RetentionHours),
			"use 1 to %d: records expire after the retention, and at most half of it between runs lets one failed run pass without loss", max(maxHours, 1))
	}
	if !strings.HasPrefix(d.NotebookDir, "/") {
		ps.add("databricks.notebookDir", fmt.Sprintf("%q is not an absolute workspace path", d.NotebookDir), "start it with /, e.g. /Shared/pinterest-pipeline")
	}
}

var unityCatalogName = regexp.MustCompile(`^[A-Za-z0-9_]{1,255}$`)

// validateUnityCatalog checks the optional Unity Catalog layout: tables in catalog.schema and
// checkpoints in a volume there, for workspaces that have no DBFS root or hive_metastore.
func (c *Config) validateUnityCatalog(ps *Problems) {
	d := c.Databricks
	for _, s := range []struct{ key, value string }{{"catalog", d.Catalog}, {"schema", d.Schema}, {"checkpointVolume", d.CheckpointVolume}} {
		if s.value != "" && !unityCatalogName.MatchString(s.value) {
			ps.add("databricks."+s.key, fmt.Sprintf("%q is not a Unity Catalog name", s.value), "use letters, digits and underscores")
		}
	}
	switch {
	case d.Catalog != "" && d.Schema == "":
		ps.add("databricks.schema", "is empty while databricks.catalog is set", "set both (the tables go to <catalog>.<schema>), or neither")
	case d.Catalog == "" && d.Schema != "":
		ps.add("databricks.catalog", "is empty while databricks.schema is set", "set both (the tables go to <catalog>.<schema>), or neither")
	}
	switch {
	case d.Catalog != "" && d.CheckpointVolume == "":
		ps.add("databricks.checkpointVolume", "is empty while databricks.catalog is set",
			"create a volume for the streaming checkpoints (`CREATE VOLUME <catalog>.<schema>.checkpoints`) and name it here")
	case d.Catalog == "" && d.CheckpointVolume != "":
		ps.add("databricks.checkpointVolume", "is set without databricks.catalog", "set databricks.catalog and databricks.schema too: the volume lives there")
	}
}

func (c *Config) validateCost(ps *Problems) {
	if b := c.Cost.HourlyBudgetUSD; b <= 0 || b > 1000 {
		ps.add("cost.hourlyBudgetUsd", fmt.Sprintf("is %g", b), "give the most the stack may cost per hour in USD, e.g. 1.5 (above 0, at most 1000)")
	}
	if b := c.Cost.MonthlyBudgetUSD; b < 0 || b > 1000000 {
		ps.add("cost.monthlyBudgetUsd", fmt.Sprintf("is %g", b), "give the monthly spend in USD the budget alert watches, e.g. 400, or remove it to derive it from the estimate")
	}
	// The Budgets API takes names of 1 to 100 characters (botocore budgets/2016-10-20,
	// Budget.BudgetName); a cohort's learner stack names carry the user id a second time.
	if name := BudgetName(c.Identity.UserID, c.Stack); len(name) > maxBudgetNameLength && len(UserIDProblems(c.Identity.UserID)) == 0 {
		ps.add("identity.userId", fmt.Sprintf("with the stack name %s gives the budget name %q, which is %d characters; AWS Budgets takes at most %d",
			c.Stack, name, len(name), maxBudgetNameLength), "use a shorter stack name (a cohort's `--cohort` name) or user id")
	}
}

const maxBudgetNameLength = 100

func (c *Config) validateTags(ps *Problems) {
	keys := make([]string, 0, len(c.Tags))
	for k := range c.Tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys)+len(reservedTagKeys) > 50 {
		ps.add("tags", fmt.Sprintf("has %d tags", len(keys)), "AWS allows 50 tags per resource and the stack sets %d itself; remove some", len(reservedTagKeys))
	}
	for _, k := range keys {
		switch {
		case slices.Contains(reservedTagKeys, k):
			ps.add("tags."+k, "is set by the stack itself", "remove it; set identity.%s instead where it applies", k)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			ps.add("tags."+k, "uses the aws: prefix AWS reserves", "rename the tag")
		case !tagKeyPattern.MatchString(k):
			ps.add("tags."+k, "is not a valid tag key", "use 1 to 128 letters, digits, spaces and _.:/=+-@")
		case !tagValuePattern.MatchString(c.Tags[k]):
			ps.add("tags."+k, fmt.Sprintf("has the value %q, not a valid tag value", c.Tags[k]), "use at most 256 letters, digits, spaces and _.:/=+-@")
		}
	}
}

// LogRetentionDaysValid says whether CloudWatch Logs accepts days as a log group's retention
// (PutRetentionPolicy lists the values; the API model types it as any integer).
func LogRetentionDaysValid(days float64) bool {
	return days == float64(int(days)) && slices.Contains(logRetentionDays, int(days))
}

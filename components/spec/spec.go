// Package spec is what the components' arguments and the stack configuration share: the
// argument types the configuration uses as they are (topics, NAT strategies, the client
// host's software) and the defaults of the components' own behaviour, which the components
// apply to unset arguments and stacks.Defaults starts every environment from. It imports
// nothing of the project, so that both components and stacks can import it (stacks cannot
// import components: the components' tests reach stacks through the offline engine).
package spec

// TopicSpec declares one topic for the client host to create. The stack configuration
// (kafka.topics) uses this type too; the json names are its keys, and stacks fills the
// per-environment defaults the comments mention.
type TopicSpec struct {
	// Name is the full topic name; it must start with "<userId>." so the S3 sink picks it up.
	Name string `json:"name"`
	// Partitions defaults to 1 outside prod and 3 in prod.
	Partitions int `json:"partitions"`
	// ReplicationFactor defaults to min(3, brokers).
	ReplicationFactor int `json:"replicationFactor"`
	// RetentionHours defaults to 168 (7 days).
	RetentionHours int `json:"retentionHours"`
}

// ClientSoftware is what the Kafka client host installs. Each download has an optional pinned
// checksum ("sha256:<hex>" or "sha512:<hex>") and an optional URL of the publisher's checksum
// file; the host checks every one it is given and refuses the download on a mismatch.
type ClientSoftware struct {
	// KafkaVersion is the Apache Kafka client release; it must match the cluster's version.
	KafkaVersion     string
	KafkaURL         string
	KafkaChecksum    string
	KafkaChecksumURL string
	// IAMAuthVersion is the aws-msk-iam-auth release.
	IAMAuthVersion     string
	IAMAuthURL         string
	IAMAuthChecksum    string
	IAMAuthChecksumURL string
	// ConfluentVersion is the Confluent Platform release whose REST proxy is installed.
	ConfluentVersion     string
	ConfluentURL         string
	ConfluentChecksum    string
	ConfluentChecksumURL string
}

// NATStrategy says how many NAT gateways a new VPC gets.
type NATStrategy string

// NAT strategies.
const (
	// NATNone gives private subnets no route to the internet.
	NATNone NATStrategy = "none"
	// NATSingle shares one NAT gateway between all zones: cheap, but one zone's outage cuts egress.
	NATSingle NATStrategy = "single"
	// NATOnePerAZ gives each zone its own NAT gateway, so zones fail independently.
	NATOnePerAZ NATStrategy = "onePerAz"
)

// NATStrategies lists every NAT strategy, for validation messages.
var NATStrategies = []NATStrategy{NATNone, NATSingle, NATOnePerAZ}

// MaxListenersPerNLB is the "Listeners per Network Load Balancer" quota: 50, and not adjustable
// ("Quotas for your Network Load Balancers", Elastic Load Balancing User Guide,
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html).
// A cohort platform's one load balancer therefore carries at most 50 learners' listeners.
const MaxListenersPerNLB = 50

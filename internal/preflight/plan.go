package preflight

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// Plan is what the stack will create, as far as the account checks need it: derived from the
// typed configuration alone, so it is a plain function with table tests.
type Plan struct {
	Region string
	// AllowedAccounts and ForbiddenAccounts are the AWS provider's own keys
	// aws:allowedAccountIds and aws:forbiddenAccountIds ("List of allowed AWS account IDs to
	// prevent you from mistakenly using an incorrect one", Pulumi AWS provider configuration):
	// the provider refuses any other account, so the preflight says so before `pulumi up` does.
	AllowedAccounts   []string
	ForbiddenAccounts []string

	// Buckets are the global S3 names the stack creates.
	Buckets []string
	// Roles are the IAM role names the stack creates (names are unique per account).
	Roles []string
	// ClusterName and ConnectorName are the MSK cluster and MSK Connect connector names.
	ClusterName, ConnectorName string

	// NewVPC says the stack creates a VPC; then it also creates NATGateways NAT gateways, each
	// with an Elastic IP, one per zone from the first.
	NewVPC      bool
	AZCount     int
	PinnedZones []string
	NATGateways int

	BrokerType   string
	Brokers      int
	KafkaVersion string
	KMSKeyARN    string

	MWAA      bool
	MWAAClass string

	// Shards are the provisioned shards of the new streams; OnDemandStreams the on-demand ones.
	Shards          int
	OnDemandStreams int

	Databricks *DatabricksPlan
}

// DatabricksPlan is the workspace side of the stack.
type DatabricksPlan struct {
	Host, SparkVersion, NodeType string
	// CrossAccountRole is the workspace's role in this account; ClusterRole the role the stack
	// creates for job clusters, which the cross-account role must be able to pass.
	CrossAccountRole, ClusterRole string
}

// PlanFor derives the plan from a validated configuration and the raw config lookup (for the
// provider's account keys, which the typed configuration does not hold).
func PlanFor(cfg *stacks.Config, lookup stacks.Lookup) (Plan, error) {
	uid := cfg.Identity.UserID
	p := Plan{
		Region:        cfg.Region,
		Buckets:       []string{dataBucket(cfg)},
		Roles:         []string{stacks.EC2AccessRoleName(uid), stacks.RestProxyRoleName(uid), stacks.KinesisAccessRoleName(uid), stacks.ConnectRoleName(uid)},
		ClusterName:   stacks.KafkaClusterName(uid),
		ConnectorName: stacks.ConnectorName(uid),
		NewVPC:        !cfg.Network.UsesExistingVPC(),
		AZCount:       cfg.Network.EffectiveAZCount(),
		PinnedZones:   cfg.Network.AvailabilityZones,
		BrokerType:    cfg.Kafka.BrokerInstanceType,
		Brokers:       cfg.Kafka.BrokerCount,
		KafkaVersion:  cfg.Kafka.Version,
		KMSKeyARN:     cfg.Kafka.KMSKeyARN,
	}
	var err error
	if p.AllowedAccounts, err = accountList(lookup, "aws:allowedAccountIds"); err != nil {
		return p, err
	}
	if p.ForbiddenAccounts, err = accountList(lookup, "aws:forbiddenAccountIds"); err != nil {
		return p, err
	}
	if p.NewVPC {
		p.NATGateways = components.NATCount(components.NATStrategy(cfg.Network.NATGateways), p.AZCount)
	}
	if p.Brokers == 0 {
		p.Brokers = p.AZCount
	}
	if cfg.Streams.Mode == stacks.StreamOnDemand {
		p.OnDemandStreams = len(stacks.RecordKinds)
	} else {
		p.Shards = len(stacks.RecordKinds) * cfg.Streams.Shards()
	}
	if cfg.Databricks.Enabled() {
		p.Roles = append(p.Roles, stacks.DatabricksRoleName(uid))
		p.Databricks = &DatabricksPlan{
			Host: strings.TrimRight(cfg.Databricks.Host, "/"), SparkVersion: cfg.Databricks.SparkVersion, NodeType: cfg.Databricks.NodeType,
			CrossAccountRole: cfg.Databricks.CrossAccountRoleName, ClusterRole: stacks.DatabricksRoleName(uid),
		}
		if cfg.Airflow.Enabled {
			p.MWAA, p.MWAAClass = true, cfg.Airflow.EnvironmentClass
			p.Buckets = append(p.Buckets, stacks.AirflowBucketName(uid, cfg.Stack))
		}
	}
	return p, nil
}

func dataBucket(cfg *stacks.Config) string {
	if cfg.Bucket.Name != "" {
		return cfg.Bucket.Name
	}
	return stacks.BucketName(cfg.Identity.UserID)
}

// accountList reads a provider list key, which the CLI passes as JSON text.
func accountList(lookup stacks.Lookup, key string) ([]string, error) {
	raw, ok := lookup(key)
	if !ok || raw == "" {
		return nil, nil
	}
	var ids []string
	if err := json.Unmarshal([]byte(raw), &ids); err != nil {
		return nil, fmt.Errorf("%s must be a list of account ids, e.g. [\"123456789012\"]: %w", key, err)
	}
	return slices.Sorted(slices.Values(ids)), nil
}

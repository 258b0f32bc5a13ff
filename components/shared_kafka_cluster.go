package components

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SharedKafkaClusterArgs describe a cohort platform's MSK cluster, as a learner stack reads it
// from the platform stack's outputs.
type SharedKafkaClusterArgs struct {
	// ClusterArn, ClusterName and BootstrapBrokersSaslIam identify the platform's cluster. Required.
	ClusterArn              string
	ClusterName             string
	BootstrapBrokersSaslIam string
	// SecurityGroupID is the brokers' security group, which the learner's clients send to (the
	// platform admits its whole network on the SASL/IAM port). Required.
	SecurityGroupID string
	// BrokerCount sizes the connector's internal topics. Required.
	BrokerCount int
	// NamePrefix starts the learner's Name tags. Required.
	NamePrefix string
	// Tags are the learner's tags.
	Tags map[string]string
	// Paused is a paused learner's: its platform may be paused too, without a cluster, so
	// ClusterArn and BootstrapBrokersSaslIam may be empty.
	Paused bool
}

func (a SharedKafkaClusterArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("ClusterName", a.ClusterName, "SecurityGroupID", a.SecurityGroupID, "NamePrefix", a.NamePrefix)...)
	if !a.Paused {
		errs = append(errs, emptyFields("ClusterArn", a.ClusterArn, "BootstrapBrokersSaslIam", a.BootstrapBrokersSaslIam)...)
	}
	if a.BrokerCount < 1 {
		errs = append(errs, fmt.Errorf("BrokerCount is %d", a.BrokerCount))
	}
	return errors.Join(errs...)
}

// NewSharedKafkaCluster stands for a platform's cluster in a learner stack. It declares nothing
// of the cluster: the handle it returns is what the learner's client host and connector take.
func NewSharedKafkaCluster(ctx *pulumi.Context, name string, args *SharedKafkaClusterArgs, opts ...pulumi.ResourceOption) (*KafkaCluster, error) {
	if args == nil {
		args = &SharedKafkaClusterArgs{}
	}
	a := *args
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("shared kafka cluster %q: %w", name, err)
	}
	// The platform's brokers admit its whole network (KafkaClusterArgs.ClientsCIDR), so the
	// learner adds no rule to the platform's security group, whose rule quota the cohort shares.
	k := &KafkaCluster{ClusterName: a.ClusterName, BrokerCount: a.BrokerCount, name: name, namePrefix: a.NamePrefix, tags: a.Tags, admitsByCIDR: true}
	if err := ctx.RegisterComponentResource(TypeSharedKafkaCluster, name, k, opts...); err != nil {
		return nil, fmt.Errorf("registering shared kafka cluster %q: %w", name, err)
	}
	k.ClusterArn = pulumi.String(a.ClusterArn).ToStringOutput()
	k.BootstrapBrokersSaslIam = pulumi.String(a.BootstrapBrokersSaslIam).ToStringOutput()
	k.SecurityGroupID = pulumi.String(a.SecurityGroupID).ToStringOutput()
	k.securityGroupID = pulumi.ID(a.SecurityGroupID).ToIDOutput()
	k.LogGroupName = pulumi.String(BrokerLogGroupName(a.ClusterName)).ToStringOutput()
	if err := ctx.RegisterResourceOutputs(k, pulumi.Map{
		"clusterArn": k.ClusterArn, "bootstrapBrokersSaslIam": k.BootstrapBrokersSaslIam, "securityGroupId": k.SecurityGroupID,
	}); err != nil {
		return nil, fmt.Errorf("shared kafka cluster %q outputs: %w", name, err)
	}
	return k, nil
}

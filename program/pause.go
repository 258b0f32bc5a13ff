package program

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A paused stack (the paused key, docs/pause.md) declares the same components with the parts
// billed by the hour left out; each component's Paused argument says what it keeps. Here are the
// few decisions that are the program's rather than a component's.

// OutputsAbsentWhilePaused are the stack outputs of resources a pause deletes, with what they
// become on resume. A paused stack does not export them, rather than exporting stale values; every
// other output keeps its value across pause and resume (program's TestPauseAndResumeKeepNamesAndURLs).
var OutputsAbsentWhilePaused = map[string]string{
	"bootstrapBrokersSaslIam": "the new cluster's brokers: new host names",
	"clientInstanceId":        "the new client host's id",
	"clientSessionCommand":    "names the new client host's id",
	"restProxyEndpoint":       "the new client host's private address",
	"connectorArn":            "the new connector's ARN (a new id at its end)",
	"airflowUiUrl":            "the new environment's web server host name",
	"airflowUiTunnelUrl":      "the new environment's web server host name",
	"airflowUiTunnelCommand":  "names the new client host and web server",
	"airflowUiHostsEntry":     "the new environment's web server host name",
	"airflowUiLoginCommand":   "unchanged, but works only once the environment exists",
	// A cohort platform's (program/cohort.go): its learners' stacks resume after it.
	"kafkaClusterArn":       "the new cluster's ARN (a new id at its end)",
	"kafkaBootstrapBrokers": "the new cluster's brokers: new host names",
	"proxyLoadBalancerArn":  "the learners' new load balancer",
	"proxyLoadBalancerDns":  "the learners' new load balancer's name",
	"proxyVpcLinkId":        "the learners' new VPC link",
	"proxySecurityGroupId":  "the learners' new load balancer's security group",
	"monthlyBudgetUsd":      "unchanged: the budget keeps the running stack's limit while paused (ignoreChanges), so the paused figure would mislead",
}

// OutputsOfTheState are outputs that describe the stack's state rather than name anything: they
// differ between a running and a paused stack by design.
var OutputsOfTheState = map[string]string{
	"estimatedHourlyCostUsd": "the hourly cost of what the stack holds now",
	"estimatedCostNote":      "the note on that estimate",
	stacks.PausedKey:         "true while paused; absent while running",
}

// pauseNetwork leaves out the NAT gateways and their addresses: nothing in a paused stack's
// private subnets needs the internet, and a NAT gateway bills by the hour. The VPC, subnets,
// route tables and the S3 endpoint stay, so subnet ids and the VPC id do not change.
func pauseNetwork(cfg *stacks.Config, args *components.NetworkArgs) {
	if cfg.Paused {
		args.NATGateways = components.NATNone
	}
}

// ResumeCommand is what a learner runs to resume a paused stack.
func ResumeCommand(stack string) string {
	return fmt.Sprintf("pulumi config set paused false --stack %s && pulumi up --stack %s --policy-pack policies", stack, stack)
}

// pausedAPI is the answer the API's routes give while the stack is paused; nil while it runs.
func pausedAPI(cfg *stacks.Config) *components.PausedAPI {
	if !cfg.Paused {
		return nil
	}
	return &components.PausedAPI{Stack: cfg.Stack, Resume: ResumeCommand(cfg.Stack)}
}

// pausedOutputs drops the outputs of what the pause deleted and says that the stack is paused
// (the Pause workflow reads this output to learn the stack's state).
func (p *Pipeline) pausedOutputs(outputs map[string]pulumi.Input) {
	if !p.Config.Paused {
		return
	}
	for name := range OutputsAbsentWhilePaused {
		delete(outputs, name)
	}
	outputs[stacks.PausedKey] = pulumi.Bool(true)
}

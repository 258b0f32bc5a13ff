package program

import (
	"maps"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Outputs are the stack outputs, keyed by their camelCase export names.
func (p *Pipeline) Outputs() map[string]pulumi.Input {
	id := p.Config.Identity
	outputs := map[string]pulumi.Input{
		"userId":      pulumi.String(id.UserID),
		"environment": pulumi.String(id.Environment),
		"expiresAt":   pulumi.String(id.ExpiresAt),
		"region":      pulumi.String(p.Config.Region),
	}
	if p.Config.IsPlatform() {
		maps.Copy(outputs, p.platformOutputs())
		return p.withStateOutputs(outputs)
	}
	if p.Network != nil {
		maps.Copy(outputs, map[string]pulumi.Input{
			"vpcId":            p.Network.VpcID,
			"privateSubnetIds": p.Network.PrivateSubnetIDs,
			"publicSubnetIds":  p.Network.PublicSubnetIDs,
			"s3EndpointId":     p.Network.S3EndpointID,
		})
	}
	maps.Copy(outputs, map[string]pulumi.Input{
		"bootstrapBrokersSaslIam": p.Kafka.BootstrapBrokersSaslIam,
		"bucketName":              p.Lake.BucketName,

		"invokeUrl":  p.API.InvokeURL,
		"batchUrls":  p.perKind(func(kind string) string { return "/topics/" + stacks.TopicName(id.UserID, kind) }),
		"recordUrls": p.perKind(func(kind string) string { return "/streams/" + stacks.StreamName(id.UserID, kind) + "/record" }),
		"streamArns": p.Streams.Arns,
	})
	// A cohort learner on its platform's shared host or connector has neither of its own
	// (docs/cohort-shared.md).
	if p.Client != nil {
		outputs["clientInstanceId"] = p.Client.InstanceID
		outputs["clientSessionCommand"] = p.Client.SessionCommand
		outputs["restProxyEndpoint"] = p.Client.RestProxyEndpoint
	}
	if p.Connector != nil {
		outputs["connectorArn"] = p.Connector.ConnectorArn
	}
	if p.Config.API.APIKeyRequired {
		outputs["apiKey"] = p.API.APIKey
	}
	if p.Databricks != nil {
		outputs["databricksJobIds"] = pulumi.StringMap{"batch": p.Databricks.BatchJobID, "streaming": p.Databricks.StreamingJobID}
		outputs["notebookPaths"] = pulumi.ToStringMap(p.Databricks.NotebookPaths)
	}
	if p.Airflow != nil {
		ui := p.Airflow.UI
		// A private web server's URL opens only through the tunnel, so it is exported only with
		// the steps that make it work, under names that say so.
		if ui.Public {
			outputs["airflowUiUrl"] = ui.URL
		} else {
			outputs["airflowUiTunnelCommand"] = ui.TunnelCommand
			outputs["airflowUiHostsEntry"] = ui.HostsEntry
			outputs["airflowUiTunnelUrl"] = ui.URL
		}
		outputs["airflowUiLoginCommand"] = ui.LoginCommand
		outputs["dagId"] = pulumi.String(p.Airflow.DAGID)
	}
	return p.withStateOutputs(outputs)
}

// withStateOutputs adds the outputs every shape has: the budget, the pause state, the cost.
func (p *Pipeline) withStateOutputs(outputs map[string]pulumi.Input) map[string]pulumi.Input {
	if p.Access != nil {
		outputs["learnerRoleArn"] = p.Access.RoleArn
	}
	if p.DAG != nil {
		outputs["dagId"] = pulumi.String(p.DAG.DAGID)
		outputs["airflowEnvironmentName"] = pulumi.String(p.Platform.AirflowEnvironmentName)
	}
	if p.Budget != nil {
		outputs["monthlyBudgetUsd"] = pulumi.String(p.Budget.LimitUSD)
	}
	p.pausedOutputs(outputs) // pause: docs/pause.md
	// The idle hourly cost at list prices, the figure the policy pack's budget policy checks.
	estimate := p.Estimate()
	outputs["estimatedHourlyCostUsd"] = pulumi.Float64(estimate.HourlyUSD)
	if !estimate.Complete {
		outputs["estimatedCostNote"] = pulumi.Sprintf("a lower bound: %d billable resources are unpriced (%s)",
			len(estimate.Unpriced), estimate.Unpriced[0].Reason)
	}
	return outputs
}

// Estimate prices what the program has registered so far: the same estimator over the same
// inputs as the offline plan and the policy pack's budget policy, so the three agree.
func (p *Pipeline) Estimate() cost.Estimate {
	return cost.EstimateResources(p.Config.Region, p.registered.Resources())
}

// perKind maps each record kind to the invoke URL plus a path.
func (p *Pipeline) perKind(path func(kind string) string) pulumi.StringMapOutput {
	urls := pulumi.StringMap{}
	for _, kind := range stacks.RecordKinds {
		urls[kind] = pulumi.Sprintf("%s%s", p.API.InvokeURL, path(kind))
	}
	return urls.ToStringMapOutput()
}

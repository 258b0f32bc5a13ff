// Package program is the stack's program function: it turns a validated stacks.Config into
// components. main.go, the offline plan and the tests all run this same code. This file
// wires the components together in order; args.go builds each component's arguments from the
// configuration, and outputs.go turns the components into the stack outputs.
package program

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Pipeline holds typed handles to the stack's components.
type Pipeline struct {
	Config    *stacks.Config
	Network   *components.Network
	Lake      *components.DataLake
	Kafka     *components.KafkaCluster
	Client    *components.KafkaClient
	Connector *components.S3SinkConnector
	Streams   *components.KinesisStreams
	// Proxy is the stack's own REST proxy load balancer, or a platform's shared one; a learner
	// stack has a Listener on its platform's instead.
	Proxy    *components.RestProxyEndpoint
	Listener *components.RestProxyListener
	API      *components.IngestAPI
	// Databricks and Airflow are nil when the stack configures no workspace or turns MWAA off.
	Databricks *components.DatabricksJobs
	Airflow    *components.Airflow
	// Budget is the monthly cost alert; nil in prod unless cost.monthlyBudgetUsd is set.
	Budget *components.CostBudget
	// Platform is what a learner stack read of its cohort's platform stack; nil in other shapes.
	// A platform stack has no Lake, Client, Connector, Streams, Proxy, API or Databricks; a
	// learner stack has no Network, and its Kafka is the platform's (docs/cohort.md).
	Platform *PlatformOutputs
	// DAG is a learner's DAG in the platform's shared MWAA environment; Access is the learner's
	// console role (cohort.consoleRoleTrust). Both nil in other shapes.
	DAG    *components.AirflowDAG
	Access *components.LearnerAccess

	// registered is what the program has registered, for the estimate of its own cost.
	registered cost.Registrations
}

// Deploy declares every component of the pipeline for a validated configuration.
func Deploy(ctx *pulumi.Context, cfg *stacks.Config) (*Pipeline, error) {
	p := &Pipeline{Config: cfg}
	if err := p.registered.Record(ctx); err != nil {
		return nil, fmt.Errorf("recording the registrations for the cost estimate: %w", err)
	}
	tags := cfg.CommonTags()
	// `pulumi preview` shows these as warnings; the offline plan prints the same text.
	for _, w := range cfg.Warnings() {
		if err := ctx.Log.Warn(w, nil); err != nil {
			return nil, fmt.Errorf("logging a warning: %w", err)
		}
	}
	if !cfg.IsLearner() {
		network, err := components.NewNetwork(ctx, "network", networkArgs(cfg, tags))
		if err != nil {
			return nil, fmt.Errorf("declaring the network: %w", err)
		}
		p.Network = network
	}
	var steps []func(*pulumi.Context, map[string]string) error
	switch {
	case cfg.IsPlatform():
		steps = append(steps, p.deployPlatform)
	case cfg.IsLearner():
		steps = append(steps, p.deployLearner, p.deployRealtimeIngestion, p.deployProcessing, p.deployLearnerAccess)
	default:
		steps = append(steps, p.deployBatchIngestion, p.deployRealtimeIngestion, p.deployProcessing)
	}
	for _, step := range append(steps, p.deployBudget) {
		if err := step(ctx, tags); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// placement is where the stack's hosts go: its own network, or its platform's.
func (p *Pipeline) placement() placement {
	if p.Platform != nil {
		return platformPlacement(p.Platform)
	}
	return placementOf(p.Network)
}

// deployBatchIngestion declares the batch path: bucket, MSK, the Kafka client host and the S3 sink.
func (p *Pipeline) deployBatchIngestion(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	lake, err := components.NewDataLake(ctx, "lake", dataLakeArgs(cfg, tags))
	if err != nil {
		return fmt.Errorf("declaring the data lake: %w", err)
	}
	p.Lake = lake

	kafka, err := components.NewKafkaCluster(ctx, "kafka", kafkaClusterArgs(cfg, p.Network, tags))
	if err != nil {
		return fmt.Errorf("declaring the Kafka cluster: %w", err)
	}
	p.Kafka = kafka

	clientArgs, err := kafkaClientArgs(cfg, placementOf(p.Network), kafka, tags)
	if err != nil {
		return err
	}
	client, err := components.NewKafkaClient(ctx, "kafka-client", clientArgs)
	if err != nil {
		return fmt.Errorf("declaring the Kafka client host: %w", err)
	}
	p.Client = client

	connector, err := components.NewS3SinkConnector(ctx, "s3-sink", connectorArgs(cfg, placementOf(p.Network), lake, kafka, tags))
	if err != nil {
		return fmt.Errorf("declaring the S3 sink connector: %w", err)
	}
	p.Connector = connector
	return nil
}

// deployRealtimeIngestion declares the streams and the REST API in front of both paths.
func (p *Pipeline) deployRealtimeIngestion(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	streams, err := components.NewKinesisStreams(ctx, "streams", streamsArgs(cfg, tags))
	if err != nil {
		return fmt.Errorf("declaring the Kinesis streams: %w", err)
	}
	p.Streams = streams

	proxy, err := p.deployProxy(ctx, tags)
	if err != nil {
		return err
	}
	var accountLogging *components.APIAccountLogging
	if cfg.API.AccountLoggingRole {
		accountLogging, err = components.NewAPIAccountLogging(ctx, "api-account-logging", accountLoggingArgs(cfg, tags))
		if err != nil {
			return fmt.Errorf("declaring the API Gateway account logging role: %w", err)
		}
	}
	api, err := components.NewIngestAPI(ctx, "api", ingestAPIArgs(cfg, proxy, accountLogging, tags))
	if err != nil {
		return fmt.Errorf("declaring the REST API: %w", err)
	}
	p.API = api
	return nil
}

// deployProxy declares the REST proxy's stable endpoint: the stack's own load balancer, or for a
// learner a listener on the platform's.
func (p *Pipeline) deployProxy(ctx *pulumi.Context, tags map[string]string) (*components.ProxyTarget, error) {
	if p.Config.IsLearner() {
		return p.learnerProxyTarget(ctx, tags)
	}
	proxy, err := components.NewRestProxyEndpoint(ctx, "rest-proxy", restProxyArgs(p.Config, p.placement(), p.Client, tags))
	if err != nil {
		return nil, fmt.Errorf("declaring the REST proxy endpoint: %w", err)
	}
	p.Proxy = proxy
	return proxy.Target(), nil
}

// deployProcessing declares the Databricks notebooks and jobs and the MWAA environment that
// runs the batch job daily, when the stack configures them.
func (p *Pipeline) deployProcessing(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	if !cfg.Databricks.Enabled() {
		return ctx.Log.Info("no Databricks workspace configured (databricks.host): no notebooks, jobs or MWAA environment are declared", nil)
	}
	args := databricksJobsArgs(cfg, p.Lake, p.Streams, tags)
	if cfg.IsLearner() && cfg.Cohort.SharedConnector {
		// The platform's connector writes this learner's topics under their own prefix of its
		// bucket; the notebooks take the bucket as a parameter and read topics/<userId>.<kind>/.
		args.BucketName, args.BucketArn = p.Platform.SharedConnectorBucket, pulumi.String(p.Platform.SharedConnectorBucketArn)
		args.RawDataPrefix = components.RawDataPrefix + stacks.TopicName(cfg.Identity.UserID, "")
	}
	jobs, err := components.NewDatabricksJobs(ctx, "databricks", args)
	if err != nil {
		return fmt.Errorf("declaring the Databricks jobs: %w", err)
	}
	p.Databricks = jobs

	if !cfg.Airflow.Enabled {
		return ctx.Log.Info("airflow.enabled is false: no MWAA environment is declared; run the Databricks batch job by hand", nil)
	}
	if cfg.IsLearner() {
		return p.deployLearnerDAG(ctx, jobs, tags)
	}
	airflow, err := components.NewAirflow(ctx, "airflow", airflowArgs(cfg, p.Network, p.Client, jobs, tags))
	if err != nil {
		return fmt.Errorf("declaring the MWAA environment: %w", err)
	}
	p.Airflow = airflow
	return nil
}

// deployBudget declares the AWS Budgets alert to the owner: in every non-prod stack, so a
// stack deployed from a laptop without the scheduled teardown still cannot bill unnoticed,
// and in prod only when cost.monthlyBudgetUsd asks for one.
func (p *Pipeline) deployBudget(ctx *pulumi.Context, tags map[string]string) error {
	// Every billable resource is registered by now: the budget comes last.
	args := budgetArgs(p.Config, p.Estimate(), tags)
	if args == nil {
		return nil
	}
	budget, err := components.NewCostBudget(ctx, "budget", args)
	if err != nil {
		return fmt.Errorf("declaring the budget alert to identity.owner (set it to an email address, "+
			"e.g. `pulumi config set --path identity.owner you@example.com`): %w", err)
	}
	p.Budget = budget
	return nil
}

// Stack is the program as main.go runs it, minus the exports: load the configuration,
// declare the pipeline, return the stack outputs. The offline plan and the tests run it.
func Stack(ctx *pulumi.Context) (map[string]pulumi.Input, error) {
	p, err := loadAndDeploy(ctx)
	if err != nil {
		return nil, err
	}
	return p.Outputs(), nil
}

// loadAndDeploy loads the stack's configuration and declares the pipeline.
func loadAndDeploy(ctx *pulumi.Context) (*Pipeline, error) {
	cfg, err := stacks.Load(ctx)
	if err != nil {
		return nil, err
	}
	return Deploy(ctx, cfg)
}

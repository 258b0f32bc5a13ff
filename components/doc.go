// Package components holds the stack's component resources, one per file, each built as
// NewX(ctx, name, *XArgs, opts...) with defaults applied to a copy and validated before
// anything is registered. Pure planning helpers (CIDRs, names) sit next to the component
// that uses them and are tested without the Pulumi engine.
package components

// Component type tokens. A token is part of every child's URN: changing one after the first
// deploy replaces the component's resources unless an alias is added.
const (
	// TypeNetwork is the token of Network.
	TypeNetwork = "pinterest-pipeline:components:Network"
	// TypeDataLake is the token of DataLake.
	TypeDataLake = "pinterest-pipeline:components:DataLake"
	// TypeKafkaCluster is the token of KafkaCluster.
	TypeKafkaCluster = "pinterest-pipeline:components:KafkaCluster"
	// TypeSharedKafkaCluster is the token of a learner stack's handle on its platform's cluster (NewSharedKafkaCluster).
	TypeSharedKafkaCluster = "pinterest-pipeline:components:SharedKafkaCluster"
	// TypeKafkaClient is the token of KafkaClient.
	TypeKafkaClient = "pinterest-pipeline:components:KafkaClient"
	// TypeS3SinkConnector is the token of S3SinkConnector.
	TypeS3SinkConnector = "pinterest-pipeline:components:S3SinkConnector"
	// TypeKinesisStreams is the token of KinesisStreams.
	TypeKinesisStreams = "pinterest-pipeline:components:KinesisStreams"
	// TypeRestProxyEndpoint is the token of RestProxyEndpoint.
	TypeRestProxyEndpoint = "pinterest-pipeline:components:RestProxyEndpoint"
	// TypeRestProxyListener is the token of RestProxyListener (a learner's listener on a cohort's shared load balancer).
	TypeRestProxyListener = "pinterest-pipeline:components:RestProxyListener"
	// TypeIngestAPI is the token of IngestAPI.
	TypeIngestAPI = "pinterest-pipeline:components:IngestAPI"
	// TypeDatabricksJobs is the token of DatabricksJobs.
	TypeDatabricksJobs = "pinterest-pipeline:components:DatabricksJobs"
	// TypeAirflow is the token of Airflow.
	TypeAirflow = "pinterest-pipeline:components:Airflow"
	// TypeAirflowDAG is the token of AirflowDAG (a learner's DAG in a cohort's shared DAG bucket).
	TypeAirflowDAG = "pinterest-pipeline:components:AirflowDAG"
	// TypeSharedClientTopics is the token of SharedClientTopics (a learner's topics, created by a cohort's shared client host).
	TypeSharedClientTopics = "pinterest-pipeline:components:SharedClientTopics"
	// TypeLearnerAccess is the token of LearnerAccess (a cohort learner's bounded console role).
	TypeLearnerAccess = "pinterest-pipeline:components:LearnerAccess"
	// TypeAPIAccountLogging is the token of APIAccountLogging.
	TypeAPIAccountLogging = "pinterest-pipeline:components:APIAccountLogging"
	// TypeCostBudget is the token of CostBudget.
	TypeCostBudget = "pinterest-pipeline:components:CostBudget"
	// TypeCIIdentity is the token of CIIdentity (the bootstrap project's only component).
	TypeCIIdentity = "pinterest-pipeline:components:CIIdentity"
)

// Tokens lists every component type token, so tests and the plan can tell components apart.
var Tokens = []string{
	TypeNetwork, TypeDataLake, TypeKafkaCluster, TypeSharedKafkaCluster, TypeKafkaClient, TypeS3SinkConnector,
	TypeKinesisStreams, TypeRestProxyEndpoint, TypeIngestAPI, TypeDatabricksJobs, TypeAirflow,
	TypeAPIAccountLogging, TypeCostBudget,
	TypeRestProxyListener, TypeAirflowDAG, TypeLearnerAccess, TypeSharedClientTopics,
	TypeCIIdentity,
}

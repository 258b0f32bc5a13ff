package preflight

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	"github.com/aws/aws-sdk-go-v2/service/kafkaconnect"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/mwaa"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The narrow views of the AWS clients the checks use: every method is a read (Get, List,
// Describe, Head or Simulate), which TestAPIsAreReadOnly asserts, so the preflight can
// change nothing. The SDK clients satisfy them; tests substitute recorded responses where
// moto serves nothing.

// STSAPI reads the caller's identity.
type STSAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// S3API asks whether a bucket name is free.
type S3API interface {
	HeadBucket(context.Context, *s3.HeadBucketInput, ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
}

// EC2API reads zones and the account's network usage.
type EC2API interface {
	DescribeAvailabilityZones(context.Context, *ec2.DescribeAvailabilityZonesInput, ...func(*ec2.Options)) (*ec2.DescribeAvailabilityZonesOutput, error)
	DescribeVpcs(context.Context, *ec2.DescribeVpcsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error)
	DescribeAddresses(context.Context, *ec2.DescribeAddressesInput, ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error)
	DescribeNatGateways(context.Context, *ec2.DescribeNatGatewaysInput, ...func(*ec2.Options)) (*ec2.DescribeNatGatewaysOutput, error)
	DescribeSubnets(context.Context, *ec2.DescribeSubnetsInput, ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
}

// IAMAPI reads roles and simulates the workspace's PassRole.
type IAMAPI interface {
	GetRole(context.Context, *iam.GetRoleInput, ...func(*iam.Options)) (*iam.GetRoleOutput, error)
	SimulatePrincipalPolicy(context.Context, *iam.SimulatePrincipalPolicyInput, ...func(*iam.Options)) (*iam.SimulatePrincipalPolicyOutput, error)
}

// KafkaAPI reads MSK's versions and the account's clusters.
type KafkaAPI interface {
	ListKafkaVersions(context.Context, *kafka.ListKafkaVersionsInput, ...func(*kafka.Options)) (*kafka.ListKafkaVersionsOutput, error)
	ListClustersV2(context.Context, *kafka.ListClustersV2Input, ...func(*kafka.Options)) (*kafka.ListClustersV2Output, error)
}

// KafkaConnectAPI reads MSK Connect's connectors.
type KafkaConnectAPI interface {
	ListConnectors(context.Context, *kafkaconnect.ListConnectorsInput, ...func(*kafkaconnect.Options)) (*kafkaconnect.ListConnectorsOutput, error)
}

// MWAAAPI reads the account's Airflow environments.
type MWAAAPI interface {
	ListEnvironments(context.Context, *mwaa.ListEnvironmentsInput, ...func(*mwaa.Options)) (*mwaa.ListEnvironmentsOutput, error)
}

// KinesisAPI reads the shard quota and usage.
type KinesisAPI interface {
	DescribeLimits(context.Context, *kinesis.DescribeLimitsInput, ...func(*kinesis.Options)) (*kinesis.DescribeLimitsOutput, error)
}

// KMSAPI reads a key's state.
type KMSAPI interface {
	DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
}

// QuotasAPI reads service quotas.
type QuotasAPI interface {
	GetServiceQuota(context.Context, *servicequotas.GetServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error)
	GetAWSDefaultServiceQuota(context.Context, *servicequotas.GetAWSDefaultServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error)
	ListServiceQuotas(context.Context, *servicequotas.ListServiceQuotasInput, ...func(*servicequotas.Options)) (*servicequotas.ListServiceQuotasOutput, error)
	ListAWSDefaultServiceQuotas(context.Context, *servicequotas.ListAWSDefaultServiceQuotasInput, ...func(*servicequotas.Options)) (*servicequotas.ListAWSDefaultServiceQuotasOutput, error)
}

// AWS holds one client per service.
type AWS struct {
	STS          STSAPI
	S3           S3API
	EC2          EC2API
	IAM          IAMAPI
	Kafka        KafkaAPI
	KafkaConnect KafkaConnectAPI
	MWAA         MWAAAPI
	Kinesis      KinesisAPI
	KMS          KMSAPI
	Quotas       QuotasAPI
}

// readOnlyPrefixes are the verbs of every operation the preflight may call.
var readOnlyPrefixes = []string{"Get", "List", "Describe", "Head", "Simulate"}

// ReadOnly reports whether an API operation name is a read.
func ReadOnly(operation string) bool {
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(operation, p) {
			return true
		}
	}
	return false
}

// Calls counts the API calls made, by "service:Operation" (one per logical call: the SDK's
// retries of the same call are not counted again).
type Calls struct {
	mu  sync.Mutex
	ops map[string]int
}

// Record counts one call.
func (c *Calls) Record(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops == nil {
		c.ops = map[string]int{}
	}
	c.ops[op]++
}

// Total is the number of calls made.
func (c *Calls) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range c.ops {
		n += k
	}
	return n
}

// Operations lists the distinct operations called, sorted.
func (c *Calls) Operations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.ops))
	for op := range c.ops {
		out = append(out, op)
	}
	sort.Strings(out)
	return out
}

// countCalls is an SDK middleware that records every operation a client starts. It runs
// after the client has put the service and operation names in the context, and before the
// retry loop, so that a call counts once however often it is retried.
func countCalls(calls *Calls) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("preflightCountCalls",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				calls.Record(awsmiddleware.GetServiceID(ctx) + ":" + awsmiddleware.GetOperationName(ctx))
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
	}
}

// noHostPrefix keeps the SDK from prefixing the host (MWAA's "api."), which an emulator's
// loopback address cannot take.
func noHostPrefix(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("preflightNoHostPrefix",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
		}), middleware.Before)
}

// NewAWS makes the clients from cfg, counting their calls. A non-empty endpoint sends every
// call there (a local emulator such as moto_server), with path-style S3 addressing.
func NewAWS(cfg aws.Config, endpoint string, calls *Calls) AWS {
	cfg = cfg.Copy()
	cfg.APIOptions = append(cfg.APIOptions, countCalls(calls))
	var base *string
	if endpoint != "" {
		base = aws.String(endpoint)
		cfg.APIOptions = append(cfg.APIOptions, noHostPrefix)
	}
	return AWS{
		STS: sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = base }),
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.BaseEndpoint = base
			o.UsePathStyle = base != nil
		}),
		EC2:          ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = base }),
		IAM:          iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = base }),
		Kafka:        kafka.NewFromConfig(cfg, func(o *kafka.Options) { o.BaseEndpoint = base }),
		KafkaConnect: kafkaconnect.NewFromConfig(cfg, func(o *kafkaconnect.Options) { o.BaseEndpoint = base }),
		MWAA:         mwaa.NewFromConfig(cfg, func(o *mwaa.Options) { o.BaseEndpoint = base }),
		Kinesis:      kinesis.NewFromConfig(cfg, func(o *kinesis.Options) { o.BaseEndpoint = base }),
		KMS:          kms.NewFromConfig(cfg, func(o *kms.Options) { o.BaseEndpoint = base }),
		Quotas:       servicequotas.NewFromConfig(cfg, func(o *servicequotas.Options) { o.BaseEndpoint = base }),
	}
}

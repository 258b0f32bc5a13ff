package cost

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/props"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// freeTypes have no charge of their own in any region (AWS bills nothing for VPCs, subnets,
// routes, security groups, IAM, API definitions, SSM documents, MSK configurations …).
var freeTypes = map[string]struct{}{
	"aws:ec2/vpc:Vpc": {}, "aws:ec2/subnet:Subnet": {}, "aws:ec2/routeTable:RouteTable": {},
	"aws:ec2/route:Route": {}, "aws:ec2/routeTableAssociation:RouteTableAssociation": {},
	"aws:ec2/internetGateway:InternetGateway": {}, "aws:ec2/securityGroup:SecurityGroup": {},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {}, "aws:ec2/securityGroupRule:SecurityGroupRule": {},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   {},
	"aws:iam/role:Role": {}, "aws:iam/rolePolicy:RolePolicy": {}, "aws:iam/policy:Policy": {},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {}, "aws:iam/instanceProfile:InstanceProfile": {},
	"aws:msk/configuration:Configuration":                    {},
	"aws:mskconnect/workerConfiguration:WorkerConfiguration": {},
	"aws:mskconnect/customPlugin:CustomPlugin":               {},
	"aws:ssm/document:Document":                              {}, "aws:ssm/association:Association": {},
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {}, "aws:s3/bucketPolicy:BucketPolicy": {},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     {},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       {},
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               {},
	"aws:apigateway/resource:Resource":                                                           {}, "aws:apigateway/method:Method": {},
	"aws:apigateway/methodResponse:MethodResponse": {}, "aws:apigateway/integration:Integration": {},
	"aws:apigateway/integrationResponse:IntegrationResponse": {}, "aws:apigateway/model:Model": {},
	"aws:apigateway/requestValidator:RequestValidator": {}, "aws:apigateway/deployment:Deployment": {},
	"aws:apigateway/methodSettings:MethodSettings": {}, "aws:apigateway/account:Account": {},
	"aws:apigateway/apiKey:ApiKey": {}, "aws:apigateway/usagePlan:UsagePlan": {},
	"aws:apigateway/usagePlanKey:UsagePlanKey": {},
	// A secret's versions are included in the secret's monthly fee.
	"aws:secretsmanager/secretVersion:SecretVersion": {},
	// Registering an instance profile with a workspace is free; clusters using it are billed per run.
	"databricks:index/instanceProfile:InstanceProfile": {},
	// A VPC link itself is free; the load balancer behind it is priced.
	"aws:apigateway/vpcLink:VpcLink": {},
	"aws:lb/listener:Listener":       {}, "aws:lb/targetGroup:TargetGroup": {},
	"aws:lb/targetGroupAttachment:TargetGroupAttachment": {},
	// Databricks workspace objects: notebooks, folders, permissions and secret scopes cost nothing.
	"databricks:index/notebook:Notebook": {}, "databricks:index/directory:Directory": {},
	"databricks:index/workspaceFile:WorkspaceFile": {}, "databricks:index/permissions:Permissions": {},
	"databricks:index/secretScope:SecretScope": {}, "databricks:index/secret:Secret": {},
	"random:index/randomId:RandomId": {}, "random:index/randomString:RandomString": {},
	// A budget with notifications and no actions is free: the AWS Budgets price list has "$0.00
	// for Budget-days" (notifications) and bills only action-enabled budgets, after 62 free
	// budget-days a month (labofsahil/aws-pricing-dataset AWSBudgets.csv, effective 2020-10-01).
	"aws:budgets/budget:Budget": {},
}

// usageTypes bill only per use (requests, GB stored or moved, DBUs while a job runs), which
// an idle-hour estimate cannot know; the estimate lists them instead of counting them as free.
var usageTypes = map[string]struct{}{
	"aws:s3/bucketV2:BucketV2": {}, "aws:s3/bucket:Bucket": {}, "aws:s3/bucketObjectv2:BucketObjectv2": {},
	"aws:cloudwatch/logGroup:LogGroup": {},
	"aws:apigateway/restApi:RestApi":   {},
	"aws:apigateway/stage:Stage":       {},
	// Databricks job runs are billed per run: DBUs plus the job cluster's EC2 instances.
	"databricks:index/job:Job": {},
	// An interactive cluster bills DBUs and EC2 while running and stops after autotermination.
	"databricks:index/cluster:Cluster": {},
}

// priced are the billable types with an hourly fee.
var priced = map[string]priceFunc{
	"aws:msk/cluster:Cluster":                     mskCluster,
	"aws:msk/serverlessCluster:ServerlessCluster": fixed(func(p PriceTable) *float64 { return p.MSKServerlessClusterHour }, "MSK Serverless cluster-hour (partitions and data extra)"),
	"aws:mskconnect/connector:Connector":          mskConnector,
	"aws:ec2/instance:Instance":                   ec2Instance,
	"aws:ec2/natGateway:NatGateway":               fixed(func(p PriceTable) *float64 { return p.NATGatewayHour }, "NAT gateway-hour (data processed extra)"),
	"aws:ec2/eip:Eip":                             fixed(func(p PriceTable) *float64 { return p.PublicIPv4Hour }, "public IPv4 address-hour"),
	"aws:lb/loadBalancer:LoadBalancer":            fixed(func(p PriceTable) *float64 { return p.LoadBalancerHour }, "load balancer-hour (capacity units extra)"),
	"aws:ec2/vpcEndpoint:VpcEndpoint":             vpcEndpoint,
	"aws:kinesis/stream:Stream":                   kinesisStream,
	"aws:mwaa/environment:Environment":            mwaaEnvironment,
	"aws:kms/key:Key":                             fixed(func(p PriceTable) *float64 { return perHour(p.KMSKeyMonth) }, "customer-managed key-month"),
	"aws:secretsmanager/secret:Secret":            fixed(func(p PriceTable) *float64 { return perHour(p.SecretMonth) }, "secret-month"),
}

// fixed prices a resource at one hourly figure; basis names it, also in the unpriced reason.
func fixed(price func(PriceTable) *float64, basis string) priceFunc {
	return func(_ property.Map, p PriceTable) (float64, string, string) {
		v := price(p)
		if v == nil {
			return 0, "", noPrice(p, basis)
		}
		return *v, basis, ""
	}
}

// perHour turns a monthly price into an hourly one; a missing price stays missing.
func perHour(month *float64) *float64 {
	if month == nil {
		return nil
	}
	return usd(*month / HoursPerMonth)
}

// noPrice is the reason for a resource the region's table has no price for.
func noPrice(p PriceTable, what string) string {
	return fmt.Sprintf("no %s price for %s", p.Region, what)
}

// afterApply ends the reason of a resource unpriced only because an input is not known yet.
const afterApply = " is known only after apply"

// why turns a failed read into an unpriced reason.
func why(key string, st props.Status) string {
	switch st {
	case props.Unknown:
		return key + afterApply
	case props.WrongType:
		return key + " has an unexpected type"
	}
	return key + " is not set"
}

func mskCluster(in property.Map, p PriceTable) (float64, string, string) {
	brokers, st := props.Number(in, "numberOfBrokerNodes")
	if st != props.Known {
		return 0, "", why("numberOfBrokerNodes", st)
	}
	class, st := props.String(in, "brokerNodeGroupInfo", "instanceType")
	if st != props.Known {
		return 0, "", why("brokerNodeGroupInfo.instanceType", st)
	}
	perBroker, ok := p.MSKBrokerHour[class]
	if !ok {
		return 0, "", noPrice(p, "broker type "+class)
	}
	if p.MSKStorageGBMonth == nil {
		return 0, "", noPrice(p, "MSK broker storage")
	}
	// Without an explicit size MSK gives each broker 1000 GiB.
	volume, st := props.Number(in, "brokerNodeGroupInfo", "storageInfo", "ebsStorageInfo", "volumeSize")
	switch st {
	case props.Missing:
		volume = 1000
	case props.Known:
	default:
		return 0, "", why("brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize", st)
	}
	hourly := brokers*perBroker + brokers*volume**p.MSKStorageGBMonth/HoursPerMonth
	return hourly, fmt.Sprintf("%g × %s broker + %g GB broker storage", brokers, class, brokers*volume), ""
}

func mskConnector(in property.Map, p PriceTable) (float64, string, string) {
	if p.MSKConnectMCUHour == nil {
		return 0, "", noPrice(p, "MSK Connect units")
	}
	if _, st := props.Map(in, "capacity", "autoscaling"); st == props.Known {
		mcu, st := props.Number(in, "capacity", "autoscaling", "mcuCount")
		if st != props.Known {
			return 0, "", why("capacity.autoscaling.mcuCount", st)
		}
		workers, st := props.Number(in, "capacity", "autoscaling", "minWorkerCount")
		if st != props.Known {
			return 0, "", why("capacity.autoscaling.minWorkerCount", st)
		}
		return mcu * workers * *p.MSKConnectMCUHour, fmt.Sprintf("%g MCU × %g workers (autoscaling minimum)", mcu, workers), ""
	}
	mcu, st := props.Number(in, "capacity", "provisionedCapacity", "mcuCount")
	if st == props.Missing {
		mcu, st = 1, props.Known // the provider's default
	}
	if st != props.Known {
		return 0, "", why("capacity.provisionedCapacity.mcuCount", st)
	}
	workers, st := props.Number(in, "capacity", "provisionedCapacity", "workerCount")
	if st != props.Known {
		return 0, "", why("capacity.provisionedCapacity.workerCount", st)
	}
	return mcu * workers * *p.MSKConnectMCUHour, fmt.Sprintf("%g MCU × %g workers", mcu, workers), ""
}

func ec2Instance(in property.Map, p PriceTable) (float64, string, string) {
	class, st := props.String(in, "instanceType")
	if st != props.Known {
		return 0, "", why("instanceType", st)
	}
	perHour, ok := p.EC2InstanceHour[class]
	if !ok {
		return 0, "", noPrice(p, "instance type "+class)
	}
	basis := class
	size, st := props.Number(in, "rootBlockDevice", "volumeSize")
	if st == props.Known {
		volumeType, vst := props.String(in, "rootBlockDevice", "volumeType")
		if vst == props.Missing {
			volumeType = "gp3"
		}
		perGB, ok := p.EBSGBMonth[volumeType]
		if !ok {
			return 0, "", noPrice(p, fmt.Sprintf("EBS volume type %q", volumeType))
		}
		perHour += size * perGB / HoursPerMonth
		basis += fmt.Sprintf(" + %g GB %s root volume", size, volumeType)
	} else {
		// The AMI's own root volume size applies; Amazon Linux's is 8 GB, under a cent a day.
		basis += " (root volume at the AMI's size, not priced)"
	}
	return perHour, basis, ""
}

func vpcEndpoint(in property.Map, p PriceTable) (float64, string, string) {
	kind, st := props.String(in, "vpcEndpointType")
	if st == props.Missing {
		kind = "Gateway" // the provider's default
	} else if st != props.Known {
		return 0, "", why("vpcEndpointType", st)
	}
	if kind == "Gateway" {
		return 0, "gateway endpoint (no charge)", ""
	}
	subnets, st := props.Array(in, "subnetIds")
	if st != props.Known {
		return 0, "", why("subnetIds", st)
	}
	if p.InterfaceEndpointAZHour == nil {
		return 0, "", noPrice(p, "interface endpoints")
	}
	n := float64(len(subnets))
	return n * *p.InterfaceEndpointAZHour, fmt.Sprintf("%s endpoint in %g zones (data processed extra)", kind, n), ""
}

func kinesisStream(in property.Map, p PriceTable) (float64, string, string) {
	mode, st := props.String(in, "streamModeDetails", "streamMode")
	if st == props.Missing {
		mode = "PROVISIONED" // the provider's default
	} else if st != props.Known {
		return 0, "", why("streamModeDetails.streamMode", st)
	}
	retention, st := props.Number(in, "retentionPeriod")
	if st == props.Missing {
		retention = 24
	} else if st != props.Known {
		return 0, "", why("retentionPeriod", st)
	}
	if mode == "ON_DEMAND" {
		basis := "on-demand stream-hour (data in and out extra)"
		if retention > 24 {
			basis += "; retention beyond 24 h is billed per GB-month, not estimated"
		}
		if p.KinesisOnDemandStreamHour == nil {
			return 0, "", noPrice(p, "on-demand streams")
		}
		return *p.KinesisOnDemandStreamHour, basis, ""
	}
	shards, st := props.Number(in, "shardCount")
	if st != props.Known {
		return 0, "", why("shardCount", st)
	}
	if p.KinesisShardHour == nil {
		return 0, "", noPrice(p, "provisioned shards")
	}
	hourly := shards * *p.KinesisShardHour
	basis := fmt.Sprintf("%g provisioned shards (PUT units extra)", shards)
	if retention > 24 {
		if p.KinesisExtendedRetentionShardHour == nil {
			return 0, "", noPrice(p, "extended retention")
		}
		hourly += shards * *p.KinesisExtendedRetentionShardHour
		basis += fmt.Sprintf(" + extended retention (%g h)", retention)
	}
	return hourly, basis, ""
}

func mwaaEnvironment(in property.Map, p PriceTable) (float64, string, string) {
	class, st := props.String(in, "environmentClass")
	if st == props.Missing {
		class = "mw1.small" // the provider's default
	} else if st != props.Known {
		return 0, "", why("environmentClass", st)
	}
	priceClass, basis := class, class+" environment"
	if _, ok := p.MWAAEnvironmentHour[class]; !ok {
		if ceiling, ok := p.MWAACeiling[class]; ok {
			priceClass, basis = ceiling, fmt.Sprintf("%s environment, %s%s's price (its own is unpublished)", class, UpperBoundMark, ceiling)
		}
	}
	base, ok := p.MWAAEnvironmentHour[priceClass]
	if !ok {
		return 0, "", noPrice(p, "MWAA class "+class)
	}
	minWorkers, st := props.Number(in, "minWorkers")
	if st == props.Missing {
		minWorkers = 1
	} else if st != props.Known {
		return 0, "", why("minWorkers", st)
	}
	extra := max(0, minWorkers-1)
	perWorker, ok := p.MWAAExtraWorkerHour[priceClass]
	if !ok && extra > 0 {
		return 0, "", noPrice(p, "MWAA "+priceClass+" extra workers")
	}
	return base + extra*perWorker, fmt.Sprintf("%s + %g extra workers (autoscaled workers extra)", basis, extra), ""
}

package conformance

// Input says how one Pulumi input reaches AWS: the API member its value becomes, the member a
// free-form map's keys become, the hand-written rules that check it, or why none applies.
type Input struct {
	// Member receives the value; its Path is "" when the input is not mapped.
	Member Member
	// Key receives the map keys of a "*" input (tags, connector configuration).
	Key Member
	// Rules name hand-written rules (see rules.go) that check the input.
	Rules []string
	// Unmapped says why no API member is named.
	Unmapped string
}

// to maps an input to the member its value becomes.
func to(service, operation, path string, rules ...string) Input {
	return Input{Member: Member{service, operation, path}, Rules: rules}
}

// entries maps a free-form map's keys and values.
func entries(service, operation, keyPath, valuePath string) Input {
	return Input{Member: Member{service, operation, valuePath}, Key: Member{service, operation, keyPath}}
}

// unmapped names no member, and says why.
func unmapped(why string) Input { return Input{Unmapped: why} }

// Tag inputs by how each service takes tags at create time.
func tagMap(service, operation, member string) Input {
	return entries(service, operation, member+"{key}", member+"{value}")
}

func tagList(service, operation, member string) Input {
	return entries(service, operation, member+"[].Key", member+"[].Value")
}

func ec2Tags(operation string) Input {
	return entries("ec2", operation, "TagSpecifications[].Tags[].Key", "TagSpecifications[].Tags[].Value")
}

// Mapping is the one table from a Pulumi type token and input path to the API member that
// receives the value, for every AWS type the stacks declare (pulumi-aws v6, which calls the
// AWS SDK for Go v2 with these operations). An input path joins property names with ".";
// "[]" steps into a list's elements and "*" stands for any key of a free-form map.
// TestMappingCoversThePlans fails when a planned type or input is missing here, and
// TestMappedMembersExist when a member is not in the generated tables.
var Mapping = map[string]map[string]Input{
	"aws:apigateway/apiKey:ApiKey": {
		"description": to("apigateway", "CreateApiKey", "description"),
		"name":        to("apigateway", "CreateApiKey", "name"),
		"tags.*":      tagMap("apigateway", "CreateApiKey", "tags"),
	},
	"aws:apigateway/deployment:Deployment": {
		"description": to("apigateway", "CreateDeployment", "description"),
		"restApi":     to("apigateway", "CreateDeployment", "restApiId"),
		"triggers.*":  unmapped("Pulumi-only: a change replaces the deployment; the value never reaches AWS"),
	},
	"aws:apigateway/integration:Integration": {
		"connectionId":          to("apigateway", "PutIntegration", "connectionId"),
		"connectionType":        to("apigateway", "PutIntegration", "connectionType"),
		"credentials":           to("apigateway", "PutIntegration", "credentials"),
		"httpMethod":            to("apigateway", "PutIntegration", "httpMethod"),
		"integrationHttpMethod": to("apigateway", "PutIntegration", "integrationHttpMethod"),
		"passthroughBehavior":   to("apigateway", "PutIntegration", "passthroughBehavior"),
		"requestParameters.*":   entries("apigateway", "PutIntegration", "requestParameters{key}", "requestParameters{value}"),
		"requestTemplates.*":    entries("apigateway", "PutIntegration", "requestTemplates{key}", "requestTemplates{value}"),
		"resourceId":            to("apigateway", "PutIntegration", "resourceId"),
		"restApi":               to("apigateway", "PutIntegration", "restApiId"),
		"timeoutMilliseconds":   to("apigateway", "PutIntegration", "timeoutInMillis"),
		"type":                  to("apigateway", "PutIntegration", "type"),
		"uri":                   to("apigateway", "PutIntegration", "uri"),
	},
	"aws:apigateway/integrationResponse:IntegrationResponse": {
		"httpMethod":       to("apigateway", "PutIntegrationResponse", "httpMethod"),
		"resourceId":       to("apigateway", "PutIntegrationResponse", "resourceId"),
		"restApi":          to("apigateway", "PutIntegrationResponse", "restApiId"),
		"selectionPattern": to("apigateway", "PutIntegrationResponse", "selectionPattern"),
		"statusCode":       to("apigateway", "PutIntegrationResponse", "statusCode"),
	},
	"aws:apigateway/method:Method": {
		"authorization":      to("apigateway", "PutMethod", "authorizationType"),
		"httpMethod":         to("apigateway", "PutMethod", "httpMethod"),
		"operationName":      to("apigateway", "PutMethod", "operationName"),
		"requestModels.*":    entries("apigateway", "PutMethod", "requestModels{key}", "requestModels{value}"),
		"requestValidatorId": to("apigateway", "PutMethod", "requestValidatorId"),
		"resourceId":         to("apigateway", "PutMethod", "resourceId"),
		"restApi":            to("apigateway", "PutMethod", "restApiId"),
	},
	"aws:apigateway/methodResponse:MethodResponse": {
		"httpMethod":       to("apigateway", "PutMethodResponse", "httpMethod"),
		"resourceId":       to("apigateway", "PutMethodResponse", "resourceId"),
		"responseModels.*": entries("apigateway", "PutMethodResponse", "responseModels{key}", "responseModels{value}"),
		"restApi":          to("apigateway", "PutMethodResponse", "restApiId"),
		"statusCode":       to("apigateway", "PutMethodResponse", "statusCode"),
	},
	"aws:apigateway/methodSettings:MethodSettings": {
		"restApi":   to("apigateway", "UpdateStage", "restApiId"),
		"stageName": to("apigateway", "UpdateStage", "stageName"),
		"methodPath": unmapped("becomes the path of UpdateStage patch operations, " +
			"free-form strings in the model"),
		"settings.loggingLevel":         unmapped("sent as an UpdateStage patch operation value, a free-form string in the model"),
		"settings.throttlingBurstLimit": unmapped("sent as an UpdateStage patch operation value, a free-form string in the model"),
		"settings.throttlingRateLimit":  unmapped("sent as an UpdateStage patch operation value, a free-form string in the model"),
	},
	"aws:apigateway/model:Model": {
		"contentType": to("apigateway", "CreateModel", "contentType"),
		"name":        to("apigateway", "CreateModel", "name"),
		"restApi":     to("apigateway", "CreateModel", "restApiId"),
		"schema":      to("apigateway", "CreateModel", "schema"),
	},
	"aws:apigateway/requestValidator:RequestValidator": {
		"name":    to("apigateway", "CreateRequestValidator", "name"),
		"restApi": to("apigateway", "CreateRequestValidator", "restApiId"),
	},
	"aws:apigateway/resource:Resource": {
		"parentId": to("apigateway", "CreateResource", "parentId"),
		"pathPart": to("apigateway", "CreateResource", "pathPart", RuleAPIPathPart),
		"restApi":  to("apigateway", "CreateResource", "restApiId"),
	},
	"aws:apigateway/restApi:RestApi": {
		"apiKeySource":                to("apigateway", "CreateRestApi", "apiKeySource"),
		"description":                 to("apigateway", "CreateRestApi", "description"),
		"endpointConfiguration.types": to("apigateway", "CreateRestApi", "endpointConfiguration.types[]"),
		"name":                        to("apigateway", "CreateRestApi", "name"),
		"tags.*":                      tagMap("apigateway", "CreateRestApi", "tags"),
	},
	"aws:apigateway/stage:Stage": {
		"deployment": to("apigateway", "CreateStage", "deploymentId"),
		"restApi":    to("apigateway", "CreateStage", "restApiId"),
		"stageName":  to("apigateway", "CreateStage", "stageName"),
		"tags.*":     tagMap("apigateway", "CreateStage", "tags"),
	},
	"aws:apigateway/usagePlan:UsagePlan": {
		"apiStages[].apiId":           to("apigateway", "CreateUsagePlan", "apiStages[].apiId"),
		"apiStages[].stage":           to("apigateway", "CreateUsagePlan", "apiStages[].stage"),
		"name":                        to("apigateway", "CreateUsagePlan", "name"),
		"throttleSettings.burstLimit": to("apigateway", "CreateUsagePlan", "throttle.burstLimit"),
		"throttleSettings.rateLimit":  to("apigateway", "CreateUsagePlan", "throttle.rateLimit"),
		"tags.*":                      tagMap("apigateway", "CreateUsagePlan", "tags"),
	},
	"aws:apigateway/usagePlanKey:UsagePlanKey": {
		"keyId":       to("apigateway", "CreateUsagePlanKey", "keyId"),
		"keyType":     to("apigateway", "CreateUsagePlanKey", "keyType"),
		"usagePlanId": to("apigateway", "CreateUsagePlanKey", "usagePlanId"),
	},
	"aws:apigateway/vpcLink:VpcLink": {
		"description": to("apigateway", "CreateVpcLink", "description"),
		"name":        to("apigateway", "CreateVpcLink", "name"),
		"targetArn":   to("apigateway", "CreateVpcLink", "targetArns[]"),
		"tags.*":      tagMap("apigateway", "CreateVpcLink", "tags"),
	},
	"aws:budgets/budget:Budget": {
		"budgetType":  to("budgets", "CreateBudget", "Budget.BudgetType"),
		"limitAmount": to("budgets", "CreateBudget", "Budget.BudgetLimit.Amount"),
		"limitUnit":   to("budgets", "CreateBudget", "Budget.BudgetLimit.Unit"),
		"name":        to("budgets", "CreateBudget", "Budget.BudgetName"),
		"timeUnit":    to("budgets", "CreateBudget", "Budget.TimeUnit"),
		// The provider creates each notification with its subscribers after the budget.
		"notifications[].comparisonOperator":         to("budgets", "CreateNotification", "Notification.ComparisonOperator"),
		"notifications[].notificationType":           to("budgets", "CreateNotification", "Notification.NotificationType"),
		"notifications[].threshold":                  to("budgets", "CreateNotification", "Notification.Threshold"),
		"notifications[].thresholdType":              to("budgets", "CreateNotification", "Notification.ThresholdType"),
		"notifications[].subscriberEmailAddresses[]": to("budgets", "CreateNotification", "Subscribers[].Address"),
		"tags.*": tagList("budgets", "CreateBudget", "ResourceTags"),
	},
	"aws:cloudwatch/logGroup:LogGroup": {
		"name":            to("logs", "CreateLogGroup", "logGroupName"),
		"retentionInDays": to("logs", "PutRetentionPolicy", "retentionInDays", RuleLogRetentionDays),
		"tags.*":          tagMap("logs", "CreateLogGroup", "tags"),
	},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
		"vpcId":  unmapped("adopts the VPC's existing default group, found by a describe filter; no create call takes it"),
		"tags.*": tagList("ec2", "CreateTags", "Tags"),
	},
	"aws:ec2/eip:Eip": {
		"domain": to("ec2", "AllocateAddress", "Domain"),
		"tags.*": ec2Tags("AllocateAddress"),
	},
	"aws:ec2/instance:Instance": {
		"ami":                          to("ec2", "RunInstances", "ImageId"),
		"iamInstanceProfile":           to("ec2", "RunInstances", "IamInstanceProfile.Name"),
		"instanceType":                 to("ec2", "RunInstances", "InstanceType"),
		"metadataOptions.httpEndpoint": to("ec2", "RunInstances", "MetadataOptions.HttpEndpoint"),
		"metadataOptions.httpPutResponseHopLimit": to("ec2", "RunInstances", "MetadataOptions.HttpPutResponseHopLimit"),
		"metadataOptions.httpTokens":              to("ec2", "RunInstances", "MetadataOptions.HttpTokens"),
		"rootBlockDevice.volumeSize":              to("ec2", "RunInstances", "BlockDeviceMappings[].Ebs.VolumeSize"),
		"rootBlockDevice.volumeType":              to("ec2", "RunInstances", "BlockDeviceMappings[].Ebs.VolumeType"),
		"subnetId":                                to("ec2", "RunInstances", "SubnetId"),
		"userData":                                to("ec2", "RunInstances", "UserData"),
		"vpcSecurityGroupIds[]":                   to("ec2", "RunInstances", "SecurityGroupIds[]"),
		"volumeTags.*":                            ec2Tags("RunInstances"),
		"tags.*":                                  ec2Tags("RunInstances"),
	},
	"aws:ec2/internetGateway:InternetGateway": {
		"vpcId":  to("ec2", "AttachInternetGateway", "VpcId"),
		"tags.*": ec2Tags("CreateInternetGateway"),
	},
	"aws:ec2/natGateway:NatGateway": {
		"allocationId": to("ec2", "CreateNatGateway", "AllocationId"),
		"subnetId":     to("ec2", "CreateNatGateway", "SubnetId"),
		"tags.*":       ec2Tags("CreateNatGateway"),
	},
	"aws:ec2/route:Route": {
		"destinationCidrBlock": to("ec2", "CreateRoute", "DestinationCidrBlock"),
		"gatewayId":            to("ec2", "CreateRoute", "GatewayId"),
		"natGatewayId":         to("ec2", "CreateRoute", "NatGatewayId"),
		"routeTableId":         to("ec2", "CreateRoute", "RouteTableId"),
	},
	"aws:ec2/routeTable:RouteTable": {
		"vpcId":  to("ec2", "CreateRouteTable", "VpcId"),
		"tags.*": ec2Tags("CreateRouteTable"),
	},
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {
		"routeTableId": to("ec2", "AssociateRouteTable", "RouteTableId"),
		"subnetId":     to("ec2", "AssociateRouteTable", "SubnetId"),
	},
	"aws:ec2/securityGroup:SecurityGroup": {
		"description":            to("ec2", "CreateSecurityGroup", "Description", RuleEC2Description),
		"name":                   to("ec2", "CreateSecurityGroup", "GroupName"),
		"vpcId":                  to("ec2", "CreateSecurityGroup", "VpcId"),
		"ingress[].description":  to("ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].IpRanges[].Description", RuleEC2Description),
		"egress[].description":   to("ec2", "AuthorizeSecurityGroupEgress", "IpPermissions[].IpRanges[].Description", RuleEC2Description),
		"ingress[].cidrBlocks[]": to("ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].IpRanges[].CidrIp"),
		"egress[].cidrBlocks[]":  to("ec2", "AuthorizeSecurityGroupEgress", "IpPermissions[].IpRanges[].CidrIp"),
		"tags.*":                 ec2Tags("CreateSecurityGroup"),
	},
	// The legacy rule type: the stacks declare the standalone ingress and egress rules, but
	// ec2-descriptions-valid has always checked this one too.
	"aws:ec2/securityGroupRule:SecurityGroupRule": {
		"cidrBlocks[]":    to("ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].IpRanges[].CidrIp"),
		"description":     to("ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].IpRanges[].Description", RuleEC2Description),
		"fromPort":        to("ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].FromPort"),
		"protocol":        to("ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].IpProtocol"),
		"securityGroupId": to("ec2", "AuthorizeSecurityGroupIngress", "GroupId"),
		"toPort":          to("ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].ToPort"),
		"type":            unmapped("Pulumi-only: picks AuthorizeSecurityGroupIngress or AuthorizeSecurityGroupEgress"),
	},
	"aws:ec2/subnet:Subnet": {
		"availabilityZone": to("ec2", "CreateSubnet", "AvailabilityZone"),
		"cidrBlock":        to("ec2", "CreateSubnet", "CidrBlock"),
		"vpcId":            to("ec2", "CreateSubnet", "VpcId"),
		"tags.*":           ec2Tags("CreateSubnet"),
	},
	"aws:ec2/vpc:Vpc": {
		"cidrBlock": to("ec2", "CreateVpc", "CidrBlock"),
		"tags.*":    ec2Tags("CreateVpc"),
	},
	"aws:ec2/vpcEndpoint:VpcEndpoint": {
		"routeTableIds[]": to("ec2", "CreateVpcEndpoint", "RouteTableIds[]"),
		"serviceName":     to("ec2", "CreateVpcEndpoint", "ServiceName"),
		"vpcEndpointType": to("ec2", "CreateVpcEndpoint", "VpcEndpointType"),
		"vpcId":           to("ec2", "CreateVpcEndpoint", "VpcId"),
		"tags.*":          ec2Tags("CreateVpcEndpoint"),
	},
	"aws:iam/instanceProfile:InstanceProfile": {
		"name":   to("iam", "CreateInstanceProfile", "InstanceProfileName"),
		"path":   to("iam", "CreateInstanceProfile", "Path"),
		"role":   to("iam", "AddRoleToInstanceProfile", "RoleName"),
		"tags.*": tagList("iam", "CreateInstanceProfile", "Tags"),
	},
	"aws:iam/role:Role": {
		"assumeRolePolicy": to("iam", "CreateRole", "AssumeRolePolicyDocument"),
		"description":      to("iam", "CreateRole", "Description"),
		"name":             to("iam", "CreateRole", "RoleName", RuleIAMRoleNames),
		"path":             to("iam", "CreateRole", "Path", RuleIAMRoleNames),
		"tags.*":           tagList("iam", "CreateRole", "Tags"),
	},
	"aws:iam/rolePolicy:RolePolicy": {
		"name":   to("iam", "PutRolePolicy", "PolicyName"),
		"policy": to("iam", "PutRolePolicy", "PolicyDocument"),
		"role":   to("iam", "PutRolePolicy", "RoleName"),
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
		"policyArn": to("iam", "AttachRolePolicy", "PolicyArn"),
		"role":      to("iam", "AttachRolePolicy", "RoleName"),
	},
	"aws:kinesis/stream:Stream": {
		"encryptionType":               to("kinesis", "StartStreamEncryption", "EncryptionType"),
		"kmsKeyId":                     to("kinesis", "StartStreamEncryption", "KeyId"),
		"name":                         to("kinesis", "CreateStream", "StreamName"),
		"retentionPeriod":              to("kinesis", "IncreaseStreamRetentionPeriod", "RetentionPeriodHours"),
		"shardCount":                   to("kinesis", "CreateStream", "ShardCount"),
		"streamModeDetails.streamMode": to("kinesis", "CreateStream", "StreamModeDetails.StreamMode"),
		"tags.*":                       tagMap("kinesis", "CreateStream", "Tags"),
	},
	"aws:lb/listener:Listener": {
		"defaultActions[].targetGroupArn": to("elbv2", "CreateListener", "DefaultActions[].TargetGroupArn"),
		"defaultActions[].type":           to("elbv2", "CreateListener", "DefaultActions[].Type"),
		"loadBalancerArn":                 to("elbv2", "CreateListener", "LoadBalancerArn"),
		"port":                            to("elbv2", "CreateListener", "Port"),
		"protocol":                        to("elbv2", "CreateListener", "Protocol"),
		"tags.*":                          tagList("elbv2", "CreateListener", "Tags"),
	},
	"aws:lb/loadBalancer:LoadBalancer": {
		"loadBalancerType": to("elbv2", "CreateLoadBalancer", "Type"),
		"name":             to("elbv2", "CreateLoadBalancer", "Name"),
		"subnets[]":        to("elbv2", "CreateLoadBalancer", "Subnets[]"),
		"tags.*":           tagList("elbv2", "CreateLoadBalancer", "Tags"),
	},
	"aws:lb/targetGroup:TargetGroup": {
		"deregistrationDelay": unmapped("set through ModifyTargetGroupAttributes as the attribute " +
			"deregistration_delay.timeout_seconds, a free-form key/value string pair in the model"),
		"preserveClientIp": unmapped("set through ModifyTargetGroupAttributes as the attribute " +
			"preserve_client_ip.enabled, a free-form key/value string pair in the model"),
		"healthCheck.healthyThreshold":   to("elbv2", "CreateTargetGroup", "HealthyThresholdCount"),
		"healthCheck.interval":           to("elbv2", "CreateTargetGroup", "HealthCheckIntervalSeconds"),
		"healthCheck.path":               to("elbv2", "CreateTargetGroup", "HealthCheckPath"),
		"healthCheck.port":               to("elbv2", "CreateTargetGroup", "HealthCheckPort"),
		"healthCheck.protocol":           to("elbv2", "CreateTargetGroup", "HealthCheckProtocol"),
		"healthCheck.timeout":            to("elbv2", "CreateTargetGroup", "HealthCheckTimeoutSeconds"),
		"healthCheck.unhealthyThreshold": to("elbv2", "CreateTargetGroup", "UnhealthyThresholdCount"),
		"name":                           to("elbv2", "CreateTargetGroup", "Name"),
		"port":                           to("elbv2", "CreateTargetGroup", "Port"),
		"protocol":                       to("elbv2", "CreateTargetGroup", "Protocol"),
		"targetType":                     to("elbv2", "CreateTargetGroup", "TargetType"),
		"vpcId":                          to("elbv2", "CreateTargetGroup", "VpcId"),
		"tags.*":                         tagList("elbv2", "CreateTargetGroup", "Tags"),
	},
	"aws:lb/targetGroupAttachment:TargetGroupAttachment": {
		"port":           to("elbv2", "RegisterTargets", "Targets[].Port"),
		"targetGroupArn": to("elbv2", "RegisterTargets", "TargetGroupArn"),
		"targetId":       to("elbv2", "RegisterTargets", "Targets[].Id"),
	},
	"aws:msk/cluster:Cluster": {
		"brokerNodeGroupInfo.clientSubnets[]":                       to("kafka", "CreateCluster", "BrokerNodeGroupInfo.ClientSubnets[]"),
		"brokerNodeGroupInfo.instanceType":                          to("kafka", "CreateCluster", "BrokerNodeGroupInfo.InstanceType"),
		"brokerNodeGroupInfo.securityGroups[]":                      to("kafka", "CreateCluster", "BrokerNodeGroupInfo.SecurityGroups[]"),
		"brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize": to("kafka", "CreateCluster", "BrokerNodeGroupInfo.StorageInfo.EbsStorageInfo.VolumeSize"),
		"clusterName":                                     to("kafka", "CreateCluster", "ClusterName"),
		"configurationInfo.arn":                           to("kafka", "CreateCluster", "ConfigurationInfo.Arn"),
		"configurationInfo.revision":                      to("kafka", "CreateCluster", "ConfigurationInfo.Revision"),
		"encryptionInfo.encryptionAtRestKmsKeyArn":        to("kafka", "CreateCluster", "EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId"),
		"encryptionInfo.encryptionInTransit.clientBroker": to("kafka", "CreateCluster", "EncryptionInfo.EncryptionInTransit.ClientBroker"),
		"enhancedMonitoring":                              to("kafka", "CreateCluster", "EnhancedMonitoring"),
		"kafkaVersion":                                    to("kafka", "CreateCluster", "KafkaVersion"),
		"loggingInfo.brokerLogs.cloudwatchLogs.logGroup":  to("kafka", "CreateCluster", "LoggingInfo.BrokerLogs.CloudWatchLogs.LogGroup"),
		"numberOfBrokerNodes":                             to("kafka", "CreateCluster", "NumberOfBrokerNodes"),
		"tags.*":                                          tagMap("kafka", "CreateCluster", "Tags"),
	},
	"aws:msk/configuration:Configuration": {
		"description":      to("kafka", "CreateConfiguration", "Description"),
		"kafkaVersions[]":  to("kafka", "CreateConfiguration", "KafkaVersions[]"),
		"name":             to("kafka", "CreateConfiguration", "Name"),
		"serverProperties": to("kafka", "CreateConfiguration", "ServerProperties"),
	},
	"aws:mskconnect/connector:Connector": {
		"capacity.provisionedCapacity.mcuCount":    to("kafkaconnect", "CreateConnector", "capacity.provisionedCapacity.mcuCount"),
		"capacity.provisionedCapacity.workerCount": to("kafkaconnect", "CreateConnector", "capacity.provisionedCapacity.workerCount"),
		"connectorConfiguration.*": entries("kafkaconnect", "CreateConnector",
			"connectorConfiguration{key}", "connectorConfiguration{value}"),
		"description": to("kafkaconnect", "CreateConnector", "connectorDescription"),
		"kafkaCluster.apacheKafkaCluster.bootstrapServers": to("kafkaconnect", "CreateConnector",
			"kafkaCluster.apacheKafkaCluster.bootstrapServers"),
		"kafkaCluster.apacheKafkaCluster.vpc.securityGroups[]": to("kafkaconnect", "CreateConnector",
			"kafkaCluster.apacheKafkaCluster.vpc.securityGroups[]"),
		"kafkaCluster.apacheKafkaCluster.vpc.subnets[]": to("kafkaconnect", "CreateConnector",
			"kafkaCluster.apacheKafkaCluster.vpc.subnets[]"),
		"kafkaClusterClientAuthentication.authenticationType": to("kafkaconnect", "CreateConnector",
			"kafkaClusterClientAuthentication.authenticationType"),
		"kafkaClusterEncryptionInTransit.encryptionType": to("kafkaconnect", "CreateConnector",
			"kafkaClusterEncryptionInTransit.encryptionType"),
		"kafkaconnectVersion": to("kafkaconnect", "CreateConnector", "kafkaConnectVersion"),
		"logDelivery.workerLogDelivery.cloudwatchLogs.logGroup": to("kafkaconnect", "CreateConnector",
			"logDelivery.workerLogDelivery.cloudWatchLogs.logGroup"),
		"name":                            to("kafkaconnect", "CreateConnector", "connectorName"),
		"plugins[].customPlugin.arn":      to("kafkaconnect", "CreateConnector", "plugins[].customPlugin.customPluginArn"),
		"plugins[].customPlugin.revision": to("kafkaconnect", "CreateConnector", "plugins[].customPlugin.revision"),
		"serviceExecutionRoleArn":         to("kafkaconnect", "CreateConnector", "serviceExecutionRoleArn"),
		"workerConfiguration.arn":         to("kafkaconnect", "CreateConnector", "workerConfiguration.workerConfigurationArn"),
		"workerConfiguration.revision":    to("kafkaconnect", "CreateConnector", "workerConfiguration.revision"),
		"tags.*":                          tagMap("kafkaconnect", "CreateConnector", "tags"),
	},
	"aws:mskconnect/customPlugin:CustomPlugin": {
		"contentType":           to("kafkaconnect", "CreateCustomPlugin", "contentType"),
		"description":           to("kafkaconnect", "CreateCustomPlugin", "description"),
		"location.s3.bucketArn": to("kafkaconnect", "CreateCustomPlugin", "location.s3Location.bucketArn"),
		"location.s3.fileKey":   to("kafkaconnect", "CreateCustomPlugin", "location.s3Location.fileKey"),
		"name":                  to("kafkaconnect", "CreateCustomPlugin", "name"),
		"tags.*":                tagMap("kafkaconnect", "CreateCustomPlugin", "tags"),
	},
	"aws:mskconnect/workerConfiguration:WorkerConfiguration": {
		"description":           to("kafkaconnect", "CreateWorkerConfiguration", "description"),
		"name":                  to("kafkaconnect", "CreateWorkerConfiguration", "name"),
		"propertiesFileContent": to("kafkaconnect", "CreateWorkerConfiguration", "propertiesFileContent", RuleMSKConnectWorkerProperties),
		"tags.*":                tagMap("kafkaconnect", "CreateWorkerConfiguration", "tags"),
	},
	"aws:mwaa/environment:Environment": {
		"airflowConfigurationOptions.*": entries("mwaa", "CreateEnvironment",
			"AirflowConfigurationOptions{key}", "AirflowConfigurationOptions{value}"),
		"airflowVersion":   to("mwaa", "CreateEnvironment", "AirflowVersion", RuleMWAAClassAndVersion),
		"dagS3Path":        to("mwaa", "CreateEnvironment", "DagS3Path"),
		"environmentClass": to("mwaa", "CreateEnvironment", "EnvironmentClass", RuleMWAAClassAndVersion),
		"executionRoleArn": to("mwaa", "CreateEnvironment", "ExecutionRoleArn"),
		"loggingConfiguration.dagProcessingLogs.logLevel": to("mwaa", "CreateEnvironment", "LoggingConfiguration.DagProcessingLogs.LogLevel"),
		"loggingConfiguration.schedulerLogs.logLevel":     to("mwaa", "CreateEnvironment", "LoggingConfiguration.SchedulerLogs.LogLevel"),
		"loggingConfiguration.taskLogs.logLevel":          to("mwaa", "CreateEnvironment", "LoggingConfiguration.TaskLogs.LogLevel"),
		"loggingConfiguration.webserverLogs.logLevel":     to("mwaa", "CreateEnvironment", "LoggingConfiguration.WebserverLogs.LogLevel"),
		"loggingConfiguration.workerLogs.logLevel":        to("mwaa", "CreateEnvironment", "LoggingConfiguration.WorkerLogs.LogLevel"),
		"maxWorkers": to("mwaa", "CreateEnvironment", "MaxWorkers"),
		"minWorkers": to("mwaa", "CreateEnvironment", "MinWorkers"),
		"name":       to("mwaa", "CreateEnvironment", "Name"),
		"networkConfiguration.securityGroupIds[]": to("mwaa", "CreateEnvironment", "NetworkConfiguration.SecurityGroupIds[]"),
		"networkConfiguration.subnetIds[]":        to("mwaa", "CreateEnvironment", "NetworkConfiguration.SubnetIds[]"),
		"requirementsS3ObjectVersion":             to("mwaa", "CreateEnvironment", "RequirementsS3ObjectVersion"),
		"requirementsS3Path":                      to("mwaa", "CreateEnvironment", "RequirementsS3Path"),
		"sourceBucketArn":                         to("mwaa", "CreateEnvironment", "SourceBucketArn"),
		"webserverAccessMode":                     to("mwaa", "CreateEnvironment", "WebserverAccessMode"),
		"tags.*":                                  tagMap("mwaa", "CreateEnvironment", "Tags"),
	},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": {
		"bucket": to("s3", "PutBucketLifecycleConfiguration", "Bucket"),
		"rules[].abortIncompleteMultipartUpload.daysAfterInitiation": to("s3", "PutBucketLifecycleConfiguration",
			"LifecycleConfiguration.Rules[].AbortIncompleteMultipartUpload.DaysAfterInitiation"),
		"rules[].expiration.days": to("s3", "PutBucketLifecycleConfiguration", "LifecycleConfiguration.Rules[].Expiration.Days"),
		"rules[].filter.prefix":   to("s3", "PutBucketLifecycleConfiguration", "LifecycleConfiguration.Rules[].Filter.Prefix"),
		"rules[].id":              to("s3", "PutBucketLifecycleConfiguration", "LifecycleConfiguration.Rules[].ID"),
		"rules[].status":          to("s3", "PutBucketLifecycleConfiguration", "LifecycleConfiguration.Rules[].Status"),
		"rules[].noncurrentVersionExpiration.noncurrentDays": to("s3", "PutBucketLifecycleConfiguration",
			"LifecycleConfiguration.Rules[].NoncurrentVersionExpiration.NoncurrentDays"),
	},
	"aws:s3/bucketObjectv2:BucketObjectv2": {
		"bucket":      to("s3", "PutObject", "Bucket"),
		"content":     to("s3", "PutObject", "Body"),
		"contentType": to("s3", "PutObject", "ContentType"),
		"key":         to("s3", "PutObject", "Key"),
		"source":      unmapped("a Pulumi asset: the provider uploads the file's bytes as PutObject's Body"),
		"tags.*":      unmapped("sent URL-encoded in PutObject's Tagging, one free-form string in the model"),
	},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
		"bucket":               to("s3", "PutBucketOwnershipControls", "Bucket"),
		"rule.objectOwnership": to("s3", "PutBucketOwnershipControls", "OwnershipControls.Rules[].ObjectOwnership"),
	},
	"aws:s3/bucketPolicy:BucketPolicy": {
		"bucket": to("s3", "PutBucketPolicy", "Bucket"),
		"policy": to("s3", "PutBucketPolicy", "Policy"),
	},
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
		"bucket": to("s3", "PutPublicAccessBlock", "Bucket"),
	},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {
		"bucket": to("s3", "PutBucketEncryption", "Bucket"),
		"rules[].applyServerSideEncryptionByDefault.sseAlgorithm": to("s3", "PutBucketEncryption",
			"ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm"),
		"rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId": to("s3", "PutBucketEncryption",
			"ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.KMSMasterKeyID"),
	},
	"aws:s3/bucketV2:BucketV2": {
		"bucket": to("s3", "CreateBucket", "Bucket", RuleS3BucketName),
		"tags.*": entries("s3", "PutBucketTagging", "Tagging.TagSet[].Key", "Tagging.TagSet[].Value"),
	},
	"aws:s3/bucketVersioningV2:BucketVersioningV2": {
		"bucket":                         to("s3", "PutBucketVersioning", "Bucket"),
		"versioningConfiguration.status": to("s3", "PutBucketVersioning", "VersioningConfiguration.Status"),
	},
	"aws:secretsmanager/secret:Secret": {
		"description":          to("secretsmanager", "CreateSecret", "Description"),
		"name":                 to("secretsmanager", "CreateSecret", "Name"),
		"recoveryWindowInDays": to("secretsmanager", "DeleteSecret", "RecoveryWindowInDays"),
		"tags.*":               tagList("secretsmanager", "CreateSecret", "Tags"),
	},
	"aws:secretsmanager/secretVersion:SecretVersion": {
		"secretId":     to("secretsmanager", "PutSecretValue", "SecretId"),
		"secretString": to("secretsmanager", "PutSecretValue", "SecretString"),
	},
	"aws:ssm/association:Association": {
		"associationName":    to("ssm", "CreateAssociation", "AssociationName"),
		"maxErrors":          to("ssm", "CreateAssociation", "MaxErrors"),
		"name":               to("ssm", "CreateAssociation", "Name"),
		"parameters.*":       entries("ssm", "CreateAssociation", "Parameters{key}", "Parameters{value}[]"),
		"scheduleExpression": to("ssm", "CreateAssociation", "ScheduleExpression"),
		"targets[].key":      to("ssm", "CreateAssociation", "Targets[].Key"),
		"targets[].values[]": to("ssm", "CreateAssociation", "Targets[].Values[]"),
		"tags.*":             tagList("ssm", "CreateAssociation", "Tags"),
	},
	"aws:ssm/document:Document": {
		"content":        to("ssm", "CreateDocument", "Content"),
		"documentFormat": to("ssm", "CreateDocument", "DocumentFormat"),
		"documentType":   to("ssm", "CreateDocument", "DocumentType"),
		"name":           to("ssm", "CreateDocument", "Name"),
		"tags.*":         tagList("ssm", "CreateDocument", "Tags"),
	},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   ruleInputs("AuthorizeSecurityGroupEgress"),
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ruleInputs("AuthorizeSecurityGroupIngress"),
}

// ruleInputs maps a standalone security group rule, which pulumi-aws sends as one
// IpPermissions entry of AuthorizeSecurityGroupIngress or AuthorizeSecurityGroupEgress.
func ruleInputs(operation string) map[string]Input {
	return map[string]Input{
		"cidrIpv4":                  to("ec2", operation, "IpPermissions[].IpRanges[].CidrIp"),
		"description":               to("ec2", operation, "IpPermissions[].IpRanges[].Description", RuleEC2Description),
		"fromPort":                  to("ec2", operation, "IpPermissions[].FromPort"),
		"ipProtocol":                to("ec2", operation, "IpPermissions[].IpProtocol"),
		"referencedSecurityGroupId": to("ec2", operation, "IpPermissions[].UserIdGroupPairs[].GroupId"),
		"securityGroupId":           to("ec2", operation, "GroupId"),
		"toPort":                    to("ec2", operation, "IpPermissions[].ToPort"),
		"tags.*":                    ec2Tags(operation),
	}
}

// Members lists every member the mapping names, the generator's work list.
func Members() []Member {
	var out []Member
	for _, inputs := range Mapping {
		for _, in := range inputs {
			for _, m := range []Member{in.Member, in.Key} {
				if m.Path != "" {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

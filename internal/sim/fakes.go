package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Account is the AWS account id every stand-in ARN uses (the documentation example account).
const Account = "123456789012"

// fakeCtx is what a stand-in is built from. Everything is derived from the URN, so the same
// program and config always produce the same ids, ARNs and addresses.
type fakeCtx struct {
	region, urn, name string
	inputs            resource.PropertyMap
	digest            []byte
}

// hex returns n lowercase hex digits of the URN's digest.
func (f fakeCtx) hex(n int) string { return hex.EncodeToString(f.digest)[:n] }

// octet returns a byte of the digest, for stand-in addresses.
func (f fakeCtx) octet(i int) byte { return f.digest[i%len(f.digest)] }

func (f fakeCtx) input(key string) string {
	if v, ok := f.inputs[resource.PropertyKey(key)]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

func (f fakeCtx) arn(service, resourcePath string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, f.region, Account, resourcePath)
}

// standInType says how one resource type's provider-computed outputs look.
type standInType struct {
	// id builds the physical id.
	id func(f fakeCtx) string
	// outputs adds computed properties on top of the inputs; it may read the id.
	outputs func(f fakeCtx, id string) map[string]any
}

// ec2ID is the shape of EC2 ids: a prefix and 17 hex digits.
func ec2ID(prefix string) func(fakeCtx) string {
	return func(f fakeCtx) string { return prefix + "-" + f.hex(17) }
}

func ec2ARN(kind string) func(fakeCtx, string) map[string]any {
	return func(f fakeCtx, id string) map[string]any {
		return map[string]any{"arn": f.arn("ec2", kind+"/"+id), "ownerId": Account}
	}
}

// standIns holds the stand-ins per type token. Types missing here get a hashed id and no
// computed outputs, so anything that reads one shows up as [unknown] in the plan.
var standIns = map[string]standInType{
	"aws:ec2/vpc:Vpc": {id: ec2ID("vpc"), outputs: func(f fakeCtx, id string) map[string]any {
		return map[string]any{
			"arn": f.arn("ec2", "vpc/"+id), "ownerId": Account,
			"defaultRouteTableId": "rtb-" + f.hex(17)[1:] + "0", "mainRouteTableId": "rtb-" + f.hex(17)[1:] + "0",
			"defaultSecurityGroupId": "sg-" + f.hex(17)[1:] + "0", "defaultNetworkAclId": "acl-" + f.hex(17)[1:] + "0",
		}
	}},
	"aws:ec2/subnet:Subnet":                               {id: ec2ID("subnet"), outputs: ec2ARN("subnet")},
	"aws:ec2/internetGateway:InternetGateway":             {id: ec2ID("igw"), outputs: ec2ARN("internet-gateway")},
	"aws:ec2/routeTable:RouteTable":                       {id: ec2ID("rtb"), outputs: ec2ARN("route-table")},
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {id: ec2ID("rtbassoc")},
	"aws:ec2/route:Route": {id: func(f fakeCtx) string {
		return "r-rtb-" + f.hex(17) + "1080289494"
	}},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {id: ec2ID("sg"), outputs: ec2ARN("security-group")},
	"aws:ec2/securityGroup:SecurityGroup":               {id: ec2ID("sg"), outputs: ec2ARN("security-group")},
	"aws:ec2/eip:Eip": {id: ec2ID("eipalloc"), outputs: func(f fakeCtx, id string) map[string]any {
		// 198.51.100.0/24 is a documentation range: no real address is ever shown.
		return map[string]any{
			"allocationId": id, "publicIp": fmt.Sprintf("198.51.100.%d", 1+int(f.octet(0))%254),
			"arn": f.arn("ec2", "elastic-ip/"+id),
		}
	}},
	"aws:ec2/natGateway:NatGateway": {id: ec2ID("nat"), outputs: func(f fakeCtx, id string) map[string]any {
		return map[string]any{"privateIp": fmt.Sprintf("10.0.%d.%d", f.octet(1)%16+128, 4+int(f.octet(2))%250)}
	}},
	"aws:ec2/vpcEndpoint:VpcEndpoint": {id: ec2ID("vpce"), outputs: func(f fakeCtx, id string) map[string]any {
		return map[string]any{
			"arn": f.arn("ec2", "vpc-endpoint/"+id), "ownerId": Account, "state": "available",
			"prefixListId": "pl-" + f.hex(8), "cidrBlocks": []any{"16.15.192.0/18", "3.5.0.0/19"},
		}
	}},
}

// nameAsID is for resources whose physical id is their name (buckets, log groups, roles, documents).
func nameAsID(key string) func(fakeCtx) string {
	return func(f fakeCtx) string {
		if v := f.input(key); v != "" {
			return v
		}
		return f.name + "-" + f.hex(7)
	}
}

// uuid formats digest bytes as a UUID, as MSK and MSK Connect put in their ARNs.
func (f fakeCtx) uuid() string {
	h := f.hex(32)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func init() {
	more := map[string]standInType{
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {id: ec2ID("sgr"), outputs: ec2ARN("security-group-rule")},
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   {id: ec2ID("sgr"), outputs: ec2ARN("security-group-rule")},
		"aws:ec2/instance:Instance": {id: ec2ID("i"), outputs: func(f fakeCtx, id string) map[string]any {
			ip := fmt.Sprintf("10.0.%d.%d", f.octet(3)%16, 4+int(f.octet(4))%250)
			return map[string]any{
				"arn": f.arn("ec2", "instance/"+id), "privateIp": ip, "instanceState": "running",
				"privateDns":                "ip-" + strings.ReplaceAll(ip, ".", "-") + "." + f.region + ".compute.internal",
				"primaryNetworkInterfaceId": "eni-" + f.hex(17),
			}
		}},
		"aws:iam/role:Role": {id: nameAsID("name"), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": "arn:aws:iam::" + Account + ":role/" + id, "name": id, "uniqueId": "AROA" + strings.ToUpper(f.hex(17))}
		}},
		"aws:iam/instanceProfile:InstanceProfile": {id: nameAsID("name"), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": "arn:aws:iam::" + Account + ":instance-profile/" + id, "name": id, "uniqueId": "AIPA" + strings.ToUpper(f.hex(17))}
		}},
		"aws:iam/rolePolicy:RolePolicy": {id: func(f fakeCtx) string { return f.input("role") + ":" + f.name }},
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {id: func(f fakeCtx) string {
			return f.input("role") + "-" + f.hex(8)
		}},
		"aws:cloudwatch/logGroup:LogGroup": {id: nameAsID("name"), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": f.arn("logs", "log-group:"+id)}
		}},
		"aws:ssm/document:Document": {id: nameAsID("name"), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": f.arn("ssm", "document/"+id), "latestVersion": "1", "defaultVersion": "1", "status": "Active"}
		}},
		"aws:ssm/association:Association": {id: func(f fakeCtx) string { return f.uuid() }, outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"associationId": id, "arn": f.arn("ssm", "association/"+id)}
		}},
		"aws:s3/bucketV2:BucketV2": {id: nameAsID("bucket"), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{
				"arn": "arn:aws:s3:::" + id, "bucket": id, "bucketDomainName": id + ".s3.amazonaws.com",
				"bucketRegionalDomainName": id + ".s3." + f.region + ".amazonaws.com", "region": f.region,
				"hostedZoneId": "Z3AQBSTGFYJSTF",
			}
		}},
		"aws:s3/bucketObjectv2:BucketObjectv2": {id: nameAsID("key"), outputs: func(f fakeCtx, id string) map[string]any {
			// The stack's buckets are versioned, so S3 gives every object a version id; an empty
			// one is what MWAA's CreateEnvironment refuses (RequirementsS3ObjectVersion, min 1).
			return map[string]any{"etag": f.hex(32), "versionId": f.hex(32), "arn": "arn:aws:s3:::" + f.input("bucket") + "/" + id}
		}},
		"aws:msk/configuration:Configuration": {id: func(f fakeCtx) string {
			return f.arn("kafka", "configuration/"+f.input("name")+"/"+f.uuid()+"-2")
		}, outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": id, "latestRevision": 1}
		}},
		"aws:msk/cluster:Cluster": {id: func(f fakeCtx) string {
			return f.arn("kafka", "cluster/"+f.input("clusterName")+"/"+f.uuid()+"-2")
		}, outputs: mskClusterOutputs},
		"aws:mskconnect/customPlugin:CustomPlugin": {id: func(f fakeCtx) string {
			return f.arn("kafkaconnect", "custom-plugin/"+f.input("name")+"/"+f.uuid()+"-2")
		}, outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": id, "latestRevision": 1, "state": "ACTIVE"}
		}},
		"aws:mskconnect/workerConfiguration:WorkerConfiguration": {id: func(f fakeCtx) string {
			return f.arn("kafkaconnect", "worker-configuration/"+f.input("name")+"/"+f.uuid()+"-2")
		}, outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": id, "latestRevision": 1}
		}},
		"aws:mskconnect/connector:Connector": {id: func(f fakeCtx) string {
			return f.arn("kafkaconnect", "connector/"+f.input("name")+"/"+f.uuid()+"-2")
		}, outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": id, "version": "K" + strings.ToUpper(f.hex(13))}
		}},
	}
	// API Gateway ids are 10 lowercase letters and digits.
	apigwID := func(n int) func(fakeCtx) string {
		return func(f fakeCtx) string { return alnum(f.digest, n) }
	}
	for k, v := range map[string]standInType{
		"aws:kinesis/stream:Stream": {id: func(f fakeCtx) string {
			return f.arn("kinesis", "stream/"+f.input("name"))
		}, outputs: func(f fakeCtx, id string) map[string]any { return map[string]any{"arn": id} }},
		"aws:apigateway/restApi:RestApi": {id: apigwID(10), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{
				"rootResourceId": alnum(f.digest[10:], 10), "arn": "arn:aws:apigateway:" + f.region + "::/restapis/" + id,
				"executionArn": f.arn("execute-api", id), "createdDate": "2026-01-01T00:00:00Z",
			}
		}},
		"aws:apigateway/resource:Resource": {id: apigwID(6), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"path": "/" + f.input("pathPart")}
		}},
		"aws:apigateway/deployment:Deployment": {id: apigwID(6), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"createdDate": "2026-01-01T00:00:00Z"}
		}},
		"aws:apigateway/stage:Stage": {id: func(f fakeCtx) string { return "ags-" + f.input("restApi") + "-" + f.input("stageName") },
			outputs: func(f fakeCtx, id string) map[string]any {
				api, stage := f.input("restApi"), f.input("stageName")
				return map[string]any{
					"invokeUrl":    "https://" + api + ".execute-api." + f.region + ".amazonaws.com/" + stage,
					"arn":          "arn:aws:apigateway:" + f.region + "::/restapis/" + api + "/stages/" + stage,
					"executionArn": f.arn("execute-api", api+"/"+stage),
				}
			}},
		"aws:apigateway/vpcLink:VpcLink":                   {id: apigwID(6)},
		"aws:apigateway/requestValidator:RequestValidator": {id: apigwID(6)},
		"aws:apigateway/model:Model":                       {id: apigwID(6)},
		"aws:apigateway/apiKey:ApiKey": {id: apigwID(10), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"value": alnum(f.digest, 40), "arn": "arn:aws:apigateway:" + f.region + "::/apikeys/" + id}
		}},
		"aws:apigateway/usagePlan:UsagePlan": {id: apigwID(6)},
		"aws:lb/loadBalancer:LoadBalancer": {id: func(f fakeCtx) string {
			return f.arn("elasticloadbalancing", "loadbalancer/net/"+lbName(f)+"/"+f.hex(16))
		}, outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"arn": id, "dnsName": lbName(f) + "-" + f.hex(16) + ".elb." + f.region + ".amazonaws.com",
				"zoneId": "Z26RNL4JYFTOTI", "arnSuffix": id[strings.Index(id, "loadbalancer/")+len("loadbalancer/"):]}
		}},
		"aws:lb/targetGroup:TargetGroup": {id: func(f fakeCtx) string {
			return f.arn("elasticloadbalancing", "targetgroup/"+lbName(f)+"/"+f.hex(16))
		}, outputs: func(f fakeCtx, id string) map[string]any { return map[string]any{"arn": id} }},
		"aws:lb/listener:Listener": {id: func(f fakeCtx) string {
			return f.arn("elasticloadbalancing", "listener/net/"+lbName(f)+"/"+f.hex(16)+"/"+f.hex(16)[8:])
		}, outputs: func(f fakeCtx, id string) map[string]any { return map[string]any{"arn": id} }},
		"databricks:index/job:Job": {id: func(f fakeCtx) string {
			// Job ids are integers; 15 digits keep them in the range the Jobs API hands out.
			return fmt.Sprintf("%d", 100000000000000+int64(f.digest[0])<<40|int64(f.digest[1])<<32|int64(f.digest[2])<<24|int64(f.digest[3])<<16)
		}, outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"url": "https://dbc-workspace.cloud.databricks.com/#job/" + id}
		}},
		"databricks:index/notebook:Notebook": {id: nameAsID("path"), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{"url": "https://dbc-workspace.cloud.databricks.com/#workspace" + id, "objectId": float64(int(f.digest[0])<<8 | int(f.digest[1]))}
		}},
		"databricks:index/instanceProfile:InstanceProfile": {id: nameAsID("instanceProfileArn")},
		"aws:mwaa/environment:Environment": {id: nameAsID("name"), outputs: func(f fakeCtx, id string) map[string]any {
			return map[string]any{
				"arn":          f.arn("airflow", "environment/"+id),
				"webserverUrl": f.uuid() + ".c2." + f.region + ".airflow.amazonaws.com", "status": "AVAILABLE",
				"serviceRoleArn": "arn:aws:iam::" + Account + ":role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA",
			}
		}},
		"aws:secretsmanager/secret:Secret": {id: func(f fakeCtx) string {
			return f.arn("secretsmanager", "secret:"+f.input("name")+"-"+alnum(f.digest, 6))
		}, outputs: func(f fakeCtx, id string) map[string]any { return map[string]any{"arn": id} }},
		"aws:secretsmanager/secretVersion:SecretVersion": {id: func(f fakeCtx) string {
			return f.input("secretId") + "|" + f.uuid()
		}, outputs: func(f fakeCtx, id string) map[string]any { return map[string]any{"versionId": f.uuid()} }},
	} {
		more[k] = v
	}
	for k, v := range more {
		standIns[k] = v
	}
}

// mskClusterOutputs gives bootstrap strings in MSK's format: b-<n>.<name>.<id>.c<k>.kafka.<region>.amazonaws.com.
func mskClusterOutputs(f fakeCtx, id string) map[string]any {
	brokers := 2
	if v, ok := f.inputs["numberOfBrokerNodes"]; ok && v.IsNumber() {
		brokers = int(v.NumberValue())
	}
	host := strings.ToLower(strings.ReplaceAll(f.input("clusterName"), "-", ""))
	list := func(port int) string {
		hosts := make([]string, brokers)
		for i := range hosts {
			hosts[i] = fmt.Sprintf("b-%d.%s.%s.c2.kafka.%s.amazonaws.com:%d", i+1, host, f.hex(6), f.region, port)
		}
		return strings.Join(hosts, ",")
	}
	uuid := strings.TrimPrefix(id[strings.LastIndex(id, "/")+1:], "")
	return map[string]any{
		"arn": id, "clusterUuid": uuid, "currentVersion": "K" + strings.ToUpper(f.hex(13)),
		"bootstrapBrokersSaslIam": list(9098), "bootstrapBrokersTls": "", "bootstrapBrokers": "",
		"zookeeperConnectString": "", "zookeeperConnectStringTls": "",
	}
}

// standIn returns the physical id and output state of a custom resource: its inputs plus the
// provider-computed properties of its type.
func standIn(region, urn, typ, name string, inputs resource.PropertyMap) (string, resource.PropertyMap) {
	sum := sha256.Sum256([]byte(urn))
	f := fakeCtx{region: region, urn: urn, name: name, inputs: inputs, digest: sum[:]}
	st, known := standIns[typ]
	id := ""
	if known && st.id != nil {
		id = st.id(f)
	} else {
		id = genericID(typ, f)
	}
	state := inputs.Copy()
	if tags, ok := inputs["tags"]; ok {
		state["tagsAll"] = tags
	}
	if known && st.outputs != nil {
		for k, v := range resource.NewPropertyMapFromMap(st.outputs(f, id)) {
			state[k] = v
		}
	}
	return id, state
}

// genericID is "<type>-<hex>", e.g. "cluster-3f2a…" for aws:msk/cluster:Cluster.
func genericID(typ string, f fakeCtx) string {
	short := typ
	if i := strings.LastIndex(typ, ":"); i >= 0 {
		short = typ[i+1:]
	}
	return strings.ToLower(short) + "-" + f.hex(12)
}

// alnum derives n lowercase letters and digits from a digest.
func alnum(digest []byte, n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]byte, n)
	for i := range out {
		out[i] = chars[int(digest[i%len(digest)]+byte(i/len(digest)))%len(chars)]
	}
	return string(out)
}

// lbName is a load balancer or target group name as Pulumi auto-names them: at most 32 characters.
func lbName(f fakeCtx) string {
	name := f.name
	if len(name) > 24 {
		name = name[:24]
	}
	return name + "-" + f.hex(7)
}

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

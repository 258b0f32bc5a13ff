package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// highlights are the few inputs per type a reviewer looks at first.
var highlights = map[string][]string{
	"aws:ec2/vpc:Vpc":                                           {"cidrBlock"},
	"aws:ec2/subnet:Subnet":                                     {"cidrBlock", "availabilityZone", "mapPublicIpOnLaunch"},
	"aws:ec2/route:Route":                                       {"destinationCidrBlock"},
	"aws:ec2/eip:Eip":                                           {"domain"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                           {"serviceName", "vpcEndpointType"},
	"aws:ec2/routeTable:RouteTable":                             {"tags.Name"},
	"aws:ec2/natGateway:NatGateway":                             {"tags.Name"},
	"aws:ec2/internetGateway:InternetGateway":                   {"tags.Name"},
	"aws:ec2/securityGroup:SecurityGroup":                       {"tags.Name"},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {"fromPort", "cidrIpv4", "description"},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   {"fromPort", "cidrIpv4", "description"},
	"aws:s3/bucketV2:BucketV2":                                  {"bucket", "forceDestroy"},
	"aws:s3/bucketObjectv2:BucketObjectv2":                      {"key"},
	"aws:msk/cluster:Cluster":                                   {"clusterName", "kafkaVersion", "numberOfBrokerNodes", "brokerNodeGroupInfo.instanceType"},
	"aws:msk/configuration:Configuration":                       {"name"},
	"aws:cloudwatch/logGroup:LogGroup":                          {"name", "retentionInDays"},
	"aws:iam/role:Role":                                         {"name"},
	"aws:iam/instanceProfile:InstanceProfile":                   {"name"},
	"aws:ec2/instance:Instance":                                 {"instanceType", "metadataOptions.httpTokens"},
	"aws:ssm/document:Document":                                 {"name"},
	"aws:ssm/association:Association":                           {"parameters.Topics"},
	"aws:mskconnect/customPlugin:CustomPlugin":                  {"name"},
	"aws:mskconnect/workerConfiguration:WorkerConfiguration":    {"name"},
	"aws:mwaa/environment:Environment":                          {"name", "environmentClass", "airflowVersion", "webserverAccessMode"},
	"databricks:index/job:Job":                                  {"name"},
	"databricks:index/notebook:Notebook":                        {"path"},
	"aws:kinesis/stream:Stream":                                 {"name", "shardCount"},
	"aws:apigateway/restApi:RestApi":                            {"name"},
	"aws:apigateway/stage:Stage":                                {"stageName"},
	"aws:apigateway/method:Method":                              {"httpMethod", "operationName"},
	"aws:mskconnect/connector:Connector":                        {"name"},
}

// render prints the plan as a tree of components and their children, the outputs, and a
// summary by type.
func render(w io.Writer, p *sim.Plan) {
	fmt.Fprintf(w, "Offline plan of %s/%s: stand-in values for provider outputs; nothing is created.\n\n", p.Project, p.Stack)

	children := map[string][]sim.Resource{}
	known := map[string]bool{}
	for _, r := range p.Resources {
		known[r.URN] = true
	}
	var roots []sim.Resource
	for _, r := range p.Resources {
		if known[r.Parent] {
			children[r.Parent] = append(children[r.Parent], r)
		} else {
			roots = append(roots, r)
		}
	}
	for _, r := range roots {
		fmt.Fprintf(w, "%s\n", describe(r))
		printChildren(w, children, r.URN, "")
	}

	if len(p.Outputs) > 0 {
		fmt.Fprintln(w, "\nOutputs:")
		names := make([]string, 0, len(p.Outputs))
		width := 0
		for k := range p.Outputs {
			names = append(names, k)
			width = max(width, len(k))
		}
		sort.Strings(names)
		for _, k := range names {
			m, ok := p.Outputs[k].(map[string]any)
			if !ok {
				fmt.Fprintf(w, "  %-*s  %s\n", width, k, inline(p.Outputs[k]))
				continue
			}
			fmt.Fprintf(w, "  %s\n", k)
			keys := make([]string, 0, len(m))
			for mk := range m {
				keys = append(keys, mk)
			}
			sort.Strings(keys)
			for _, mk := range keys {
				fmt.Fprintf(w, "    %-*s  %s\n", width-2, mk, inline(m[mk]))
			}
		}
	}

	custom := len(p.Custom())
	fmt.Fprintf(w, "\nSummary: %s (%s, %s)\n", plural(len(p.Resources), "resource"),
		plural(len(p.Resources)-custom, "component"), plural(custom, "cloud resource"))
	counts := p.CountByType()
	width := 0
	for _, c := range counts {
		width = max(width, len(c.Type))
	}
	for _, c := range counts {
		fmt.Fprintf(w, "  %-*s  %3d\n", width, c.Type, c.Count)
	}
}

func printChildren(w io.Writer, children map[string][]sim.Resource, parent, indent string) {
	kids := children[parent]
	for i, r := range kids {
		branch, next := "├─ ", "│  "
		if i == len(kids)-1 {
			branch, next = "└─ ", "   "
		}
		fmt.Fprintf(w, "%s%s%s\n", indent, branch, describe(r))
		printChildren(w, children, r.URN, indent+next)
	}
}

func describe(r sim.Resource) string {
	parts := []string{r.Type, r.Name}
	for _, key := range highlights[r.Type] {
		if v, ok := lookupPath(r.Inputs, key); ok {
			parts = append(parts, key+"="+inline(v))
		}
	}
	var flags []string
	if r.Protect {
		flags = append(flags, "protect")
	}
	if r.RetainOnDelete {
		flags = append(flags, "retainOnDelete")
	}
	if len(flags) > 0 {
		parts = append(parts, "["+strings.Join(flags, ",")+"]")
	}
	return strings.Join(parts, "  ")
}

func lookupPath(m map[string]any, path string) (any, bool) {
	var cur any = m
	for _, p := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func inline(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = inline(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// renderBeforeDeploy prints what `pulumi up` still needs, each with its fix.
func renderBeforeDeploy(w io.Writer, notices []stacks.Problem) {
	if len(notices) == 0 {
		return
	}
	fmt.Fprintln(w, "\nBefore `pulumi up`:")
	for _, n := range notices {
		fmt.Fprintf(w, "  - %s\n", n)
	}
}

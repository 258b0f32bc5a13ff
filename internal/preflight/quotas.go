package preflight

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
)

// quota names one Service Quotas entry. Code is set where the code is documented; otherwise
// the quota is found by its documented name among the service's quotas.
type quota struct {
	Service, Code, Name string
}

// The quotas the plan adds to. Codes: "VPCs per Region" L-F678F1CE and "NAT gateways per
// Availability Zone" L-FE5A380F (Amazon VPC quotas, https://docs.aws.amazon.com/general/latest/gr/vpc-service.html,
// and the Service Quotas example of the Pulumi AWS provider, aws.servicequotas.ServiceQuota),
// "EC2-VPC Elastic IPs" L-0263D0A3 (service code ec2). MSK's "Number of brokers per account"
// ("Amazon MSK quota", MSK Developer Guide) and MWAA's environments quota ("Amazon Managed
// Workflows for Apache Airflow endpoints and quotas") are looked up by name.
var (
	quotaVPCs     = quota{Service: "vpc", Code: "L-F678F1CE", Name: "VPCs per Region"}
	quotaNATPerAZ = quota{Service: "vpc", Code: "L-FE5A380F", Name: "NAT gateways per Availability Zone"}
	quotaEIPs     = quota{Service: "ec2", Code: "L-0263D0A3", Name: "EC2-VPC Elastic IPs"}
	quotaBrokers  = quota{Service: "kafka", Name: "brokers per account"}
	quotaMWAA     = quota{Service: "airflow", Name: "environments"}
)

// quotaValue reads a quota: the applied value, else AWS's default (GetServiceQuota answers
// NoSuchResourceException for quotas that were never changed in some services).
func quotaValue(ctx context.Context, api QuotasAPI, q quota) (float64, string, error) {
	if q.Code != "" {
		out, err := api.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: aws.String(q.Service), QuotaCode: aws.String(q.Code)})
		if err == nil && out.Quota != nil && out.Quota.Value != nil {
			return *out.Quota.Value, q.Code, nil
		}
		def, derr := api.GetAWSDefaultServiceQuota(ctx, &servicequotas.GetAWSDefaultServiceQuotaInput{ServiceCode: aws.String(q.Service), QuotaCode: aws.String(q.Code)})
		if derr == nil && def.Quota != nil && def.Quota.Value != nil {
			return *def.Quota.Value, q.Code, nil
		}
		return 0, q.Code, firstErr(err, derr)
	}
	out, err := api.ListServiceQuotas(ctx, &servicequotas.ListServiceQuotasInput{ServiceCode: aws.String(q.Service)})
	if err == nil {
		if v, code, ok := findQuota(out.Quotas, q.Name); ok {
			return v, code, nil
		}
	}
	def, derr := api.ListAWSDefaultServiceQuotas(ctx, &servicequotas.ListAWSDefaultServiceQuotasInput{ServiceCode: aws.String(q.Service)})
	if derr == nil {
		if v, code, ok := findQuota(def.Quotas, q.Name); ok {
			return v, code, nil
		}
		derr = fmt.Errorf("no %s quota named like %q", q.Service, q.Name)
	}
	return 0, "", firstErr(err, derr)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return errors.New("no value")
}

func findQuota(qs []sqtypes.ServiceQuota, name string) (float64, string, bool) {
	for _, q := range qs {
		if strings.Contains(strings.ToLower(aws.ToString(q.QuotaName)), strings.ToLower(name)) && q.Value != nil {
			return *q.Value, aws.ToString(q.QuotaCode), true
		}
	}
	return 0, "", false
}

// room compares usage plus what the plan adds with the quota.
func room(check string, q quota, limit float64, code string, used, adds int, fix string) Result {
	label := fmt.Sprintf("%s (%s %s)", q.Name, q.Service, code)
	if float64(used+adds) > limit {
		return fail(check, fix, "%s: %d in use + %d planned > quota %.0f", label, used, adds, limit)
	}
	return pass(check, "%s: %d in use + %d planned <= quota %.0f", label, used, adds, limit)
}

func quotaUnread(check string, q quota, used, adds int, err error) Result {
	return warn(check, "allow servicequotas:GetServiceQuota and servicequotas:ListServiceQuotas, or compare in the Service Quotas console",
		"%s: %d in use + %d planned; the quota could not be read: %s", q.Name, used, adds, describe(err))
}

// quotaChecks compares each quota the plan adds to with the account's current usage.
func quotaChecks(a AWS, p Plan) []check {
	var out []check
	if p.NewVPC {
		out = append(out, check{name: "quota vpcs", run: func(ctx context.Context) []Result {
			return []Result{countAndCompare(ctx, a.Quotas, "quota vpcs", quotaVPCs, 1, "delete an unused VPC or request more VPCs per Region", func() (int, error) {
				vpcs, err := a.EC2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
				if err != nil {
					return 0, err
				}
				return len(vpcs.Vpcs), nil
			})}
		}})
	}
	if p.NATGateways > 0 {
		out = append(out, check{name: "quota elastic ips", run: func(ctx context.Context) []Result {
			return []Result{countAndCompare(ctx, a.Quotas, "quota elastic ips", quotaEIPs, p.NATGateways, "release unused Elastic IPs, set network.natGateways to single, or request more EC2-VPC Elastic IPs", func() (int, error) {
				addrs, err := a.EC2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
				if err != nil {
					return 0, err
				}
				return len(addrs.Addresses), nil
			})}
		}})
		out = append(out, check{name: "quota nat gateways", run: func(ctx context.Context) []Result {
			return []Result{natPerZone(ctx, a, p)}
		}})
	}
	out = append(out, check{name: "quota msk brokers", run: func(ctx context.Context) []Result {
		clusterTaken := false
		res := countAndCompare(ctx, a.Quotas, "quota msk brokers", quotaBrokers, p.Brokers, "delete an unused MSK cluster or request more brokers per account", func() (int, error) {
			n := 0
			var token *string
			for range 10 {
				clusters, err := a.Kafka.ListClustersV2(ctx, &kafka.ListClustersV2Input{NextToken: token})
				if err != nil {
					return 0, err
				}
				for _, c := range clusters.ClusterInfoList {
					if c.Provisioned != nil && c.Provisioned.NumberOfBrokerNodes != nil {
						n += int(*c.Provisioned.NumberOfBrokerNodes)
					}
					clusterTaken = clusterTaken || aws.ToString(c.ClusterName) == p.ClusterName
				}
				if token = clusters.NextToken; token == nil {
					break
				}
			}
			return n, nil
		})
		if clusterTaken {
			return []Result{res, warn("msk cluster name", "nothing for a stack already deployed; otherwise delete it or use another identity.userId",
				"an MSK cluster named %s already exists", p.ClusterName)}
		}
		return []Result{res}
	}})
	if p.MWAA {
		out = append(out, check{name: "mwaa", run: func(ctx context.Context) []Result {
			n, err := mwaaEnvironments(ctx, a.MWAA)
			if err != nil && unreachable(err) {
				return []Result{fail("mwaa", "pick a region that offers Amazon MWAA, or set airflow.enabled to false",
					"MWAA does not answer in %s: %s", p.Region, describe(err))}
			}
			offered := pass("mwaa", "offered in %s; environment class %s checked offline against the Airflow version table", p.Region, p.MWAAClass)
			if err != nil {
				return []Result{warn("mwaa", "allow airflow:ListEnvironments", "cannot list environments: %s", describe(err))}
			}
			return []Result{offered, countAndCompare(ctx, a.Quotas, "quota mwaa environments", quotaMWAA, 1, "delete an unused environment or request more", func() (int, error) { return n, nil })}
		}})
	}
	out = append(out, check{name: "quota kinesis shards", run: func(ctx context.Context) []Result {
		const name = "quota kinesis shards"
		lim, err := kinesisLimits(ctx, a.Kinesis)
		if err != nil {
			return []Result{warn(name, "allow kinesis:DescribeLimits", "cannot read the shard quota: %s", describe(err))}
		}
		open, limit := int(aws.ToInt32(lim.OpenShardCount)), int(aws.ToInt32(lim.ShardLimit))
		// An on-demand stream starts with the write capacity of 4 shards ("Choosing the data
		// stream capacity mode", Kinesis Data Streams Developer Guide), counted against the
		// same shard quota.
		adds := p.Shards + 4*p.OnDemandStreams
		if open+adds > limit {
			return []Result{fail(name, "lower streams.shardCount, delete unused streams, or request more shards per Region",
				"%d open + %d planned > %d shards (Kinesis DescribeLimits)", open, adds, limit)}
		}
		return []Result{pass(name, "%d open + %d planned <= %d shards (Kinesis DescribeLimits)", open, adds, limit)}
	}})
	return out
}

// countAndCompare reads the usage and the quota and compares them with what the plan adds.
func countAndCompare(ctx context.Context, api QuotasAPI, name string, q quota, adds int, fix string, count func() (int, error)) Result {
	used, err := count()
	if err != nil {
		return warn(name, "allow the Describe/List call to the credentials", "cannot count the %s in use: %s", q.Name, describe(err))
	}
	limit, code, err := quotaValue(ctx, api, q)
	if err != nil {
		return quotaUnread(name, q, used, adds, err)
	}
	return room(name, q, limit, code, used, adds, fix)
}

// natPerZone checks the zone with the most NAT gateways: the plan adds one per zone.
func natPerZone(ctx context.Context, a AWS, p Plan) Result {
	const name = "quota nat gateways"
	q := quotaNATPerAZ
	nats, err := a.EC2.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{
		Filter: []ec2types.Filter{{Name: aws.String("state"), Values: []string{"pending", "available"}}},
	})
	if err != nil {
		return warn(name, "allow ec2:DescribeNatGateways", "cannot count NAT gateways: %s", describe(err))
	}
	var subnets []string
	for _, n := range nats.NatGateways {
		if n.SubnetId != nil {
			subnets = append(subnets, *n.SubnetId)
		}
	}
	perZone := map[string]int{}
	if len(subnets) > 0 {
		out, err := a.EC2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: subnets})
		if err != nil {
			return warn(name, "allow ec2:DescribeSubnets", "cannot place NAT gateways in zones: %s", describe(err))
		}
		zoneOf := map[string]string{}
		for _, s := range out.Subnets {
			zoneOf[aws.ToString(s.SubnetId)] = aws.ToString(s.AvailabilityZone)
		}
		for _, s := range subnets {
			perZone[zoneOf[s]]++
		}
	}
	busiest, zone := 0, ""
	for z, n := range perZone {
		if n > busiest || n == busiest && z < zone {
			busiest, zone = n, z
		}
	}
	limit, code, err := quotaValue(ctx, a.Quotas, q)
	if err != nil {
		return quotaUnread(name, q, busiest, 1, err)
	}
	res := room(name, q, limit, code, busiest, 1, "delete unused NAT gateways in "+zone+" or request more NAT gateways per Availability Zone")
	if zone != "" {
		res.Message += " (busiest zone " + zone + ")"
	}
	return res
}

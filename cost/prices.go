package cost

import "sort"

// HoursPerMonth is the month AWS pricing pages use (365 × 24 / 12).
const HoursPerMonth = 730.0

// PriceTable holds one region's on-demand list prices in USD. A missing price (a nil single
// price, an absent key) means "no source gave it", never "free": the estimator reports a
// resource that needs it as unpriced, so a region's table may be partial and the budget still
// fails closed for exactly the resources it cannot price.
type PriceTable struct {
	Region string
	// MSKBrokerHour is the price of one provisioned broker-hour, by broker instance type.
	MSKBrokerHour map[string]float64
	// MSKStorageGBMonth is broker EBS storage per GB-month.
	MSKStorageGBMonth *float64
	// MSKServerlessClusterHour is an MSK Serverless cluster's hourly fee, before partitions and data.
	MSKServerlessClusterHour *float64
	// MSKConnectMCUHour is one MSK Connect unit (1 vCPU, 4 GiB) per hour.
	MSKConnectMCUHour *float64
	// EC2InstanceHour is Linux on-demand, by instance type.
	EC2InstanceHour map[string]float64
	// EBSGBMonth is EBS storage per GB-month, by volume type.
	EBSGBMonth map[string]float64
	// NATGatewayHour is a NAT gateway's hourly fee, before data processed.
	NATGatewayHour *float64
	// PublicIPv4Hour is one public IPv4 address (an Elastic IP, in use or idle).
	PublicIPv4Hour *float64
	// LoadBalancerHour is an NLB's or ALB's hourly fee, before capacity units.
	LoadBalancerHour *float64
	// InterfaceEndpointAZHour is one interface VPC endpoint in one zone.
	InterfaceEndpointAZHour *float64
	// KinesisShardHour is one provisioned shard-hour.
	KinesisShardHour *float64
	// KinesisExtendedRetentionShardHour is added per shard-hour when retention exceeds 24 hours.
	KinesisExtendedRetentionShardHour *float64
	// KinesisOnDemandStreamHour is an on-demand stream's hourly fee, before data in and out.
	KinesisOnDemandStreamHour *float64
	// MWAAEnvironmentHour is an environment's hourly fee (scheduler, web server, one worker), by class.
	MWAAEnvironmentHour map[string]float64
	// MWAAExtraWorkerHour is each worker beyond the one the environment includes, by class.
	MWAAExtraWorkerHour map[string]float64
	// MWAACeiling names, for a class whose own list price no source gave, a priced class that
	// costs at least as much. The estimate then counts the class at that price, marked as an
	// upper bound: the budget check fails closed instead of leaving the class out.
	MWAACeiling map[string]string
	// KMSKeyMonth is one customer-managed KMS key per month.
	KMSKeyMonth *float64
	// SecretMonth is one Secrets Manager secret per month.
	SecretMonth *float64
}

// usEast1 is us-east-1 (N. Virginia). Each price names where it was read and when. The
// machine that wrote this table had no network access to the AWS pages themselves on
// 2026-11-22, so each secondary source below is the one the project's research
// (../shared/docs/anchors.md section 8) recorded, and the primary page is the one to check
// when updating a price.
var usEast1 = PriceTable{
	Region: "us-east-1",
	MSKBrokerHour: map[string]float64{
		// https://aws.amazon.com/msk/pricing/ (Standard brokers); kafka.t3.small as recorded in
		// anchors.md section 8 (Gilgamech/OfferingOverview notes/MSK.md), 2026-11-22.
		"kafka.t3.small": 0.0456,
		// https://aws.amazon.com/msk/pricing/ Standard broker table, us-east-1, as recorded 2026-11-22.
		"kafka.m5.large":   0.21,
		"kafka.m5.xlarge":  0.42,
		"kafka.m5.2xlarge": 0.84,
		// https://aws.amazon.com/msk/pricing/ Standard broker table (Graviton), us-east-1, as recorded 2026-11-22.
		"kafka.m7g.large":   0.204,
		"kafka.m7g.xlarge":  0.408,
		"kafka.m7g.2xlarge": 0.816,
	},
	// https://aws.amazon.com/msk/pricing/ "broker storage $0.10 per GB-month"; anchors.md section 8, 2026-11-22.
	MSKStorageGBMonth: usd(0.10),
	// https://aws.amazon.com/msk/pricing/ MSK Serverless cluster-hour; anchors.md section 8 (EverettBerry gist d24aa940), 2026-11-22.
	MSKServerlessClusterHour: usd(0.75),
	// https://aws.amazon.com/msk/pricing/ MSK Connect "$0.11 per MCU-hour"; anchors.md section 8, 2026-11-22.
	MSKConnectMCUHour: usd(0.11),
	EC2InstanceHour: map[string]float64{
		// https://aws.amazon.com/ec2/pricing/on-demand/ Linux, us-east-1, as recorded 2026-11-22.
		"t3.nano":   0.0052,
		"t3.micro":  0.0104,
		"t3.small":  0.0208,
		"t3.medium": 0.0416,
		"t3.large":  0.0832,
		"t3.xlarge": 0.1664,
		"m5.large":  0.096,
		"m5d.large": 0.113,
	},
	EBSGBMonth: map[string]float64{
		// https://aws.amazon.com/ebs/pricing/ us-east-1, as recorded 2026-11-22.
		"gp3": 0.08,
		"gp2": 0.10,
	},
	// https://aws.amazon.com/vpc/pricing/ NAT gateway "$0.045 per hour"; anchors.md section 8
	// (basavytix.com, cloudburn.io NAT guides), 2026-11-22.
	NATGatewayHour: usd(0.045),
	// https://aws.amazon.com/vpc/pricing/ public IPv4 "$0.005 per IP per hour"; anchors.md section 8, 2026-11-22.
	PublicIPv4Hour: usd(0.005),
	// https://aws.amazon.com/elasticloadbalancing/pricing/ NLB and ALB "$0.0225 per hour", us-east-1, as recorded 2026-11-22.
	LoadBalancerHour: usd(0.0225),
	// https://aws.amazon.com/privatelink/pricing/ "$0.01 per VPC endpoint per AZ per hour", as recorded 2026-11-22.
	InterfaceEndpointAZHour: usd(0.01),
	// https://aws.amazon.com/kinesis/data-streams/pricing/ provisioned "$0.015 per shard-hour" and
	// extended retention "$0.020 per shard-hour"; anchors.md section 8, 2026-11-22.
	KinesisShardHour:                  usd(0.015),
	KinesisExtendedRetentionShardHour: usd(0.020),
	// https://aws.amazon.com/kinesis/data-streams/pricing/ on-demand "$0.04 per stream-hour"; anchors.md section 8, 2026-11-22.
	KinesisOnDemandStreamHour: usd(0.04),
	// https://aws.amazon.com/managed-workflows-for-apache-airflow/pricing/ small/medium/large and
	// additional workers; anchors.md section 8 (c3x.dev, dev.classmethod.jp), 2026-11-22. mw1.micro
	// is deliberately absent: no source searched on 2026-12-01 (the MWAA pricing page, the AWS
	// announcement, third-party price guides) gave its price; see MWAACeiling.
	MWAAEnvironmentHour: map[string]float64{
		"mw1.small":  0.49,
		"mw1.medium": 0.74,
		"mw1.large":  0.99,
	},
	MWAAExtraWorkerHour: map[string]float64{
		"mw1.small":  0.055,
		"mw1.medium": 0.11,
		"mw1.large":  0.22,
	},
	// mw1.micro is the class below mw1.small: AWS's MWAA resources page lists it as "Amazon MWAA
	// adds smaller environment size" (2024-11-21), and datadomain.blog's summary of the AWS launch
	// post calls it the cost-saving class (1 vCPU hybrid scheduler-worker, 3 concurrent tasks).
	// mw1.small's price is therefore a ceiling for it, read 2026-12-01; replace with its list
	// price once one is published.
	MWAACeiling: map[string]string{"mw1.micro": "mw1.small"},
	// https://aws.amazon.com/kms/pricing/ "$1 per customer managed key per month", as recorded 2026-11-22.
	KMSKeyMonth: usd(1),
	// https://aws.amazon.com/secrets-manager/pricing/ "$0.40 per secret per month", as recorded 2026-11-22.
	SecretMonth: usd(0.40),
}

func usd(v float64) *float64 { return &v }

// The other regions learners use (issue 17) are priced only where an AWS source was found; the
// machine that wrote them (2026-12-01) had no network access to the AWS pages or the Price List
// API, so every price below is an AWS Price List API value as a public repository committed it,
// with the offer file's version. Each missing price leaves the resources needing it unpriced.
//
// NAT gateway-hours: the AmazonEC2 offer files, version 20260904231117 (published
// 2026-09-04T23:11:17Z), usage type <prefix>-NatGateway-Hours (a zonal NAT gateway, not the
// regional kind), as trimmed into mooncitizen/togen internal/cost/prices/aws.json ("AWS Price
// List bulk offer files trimmed to the skus the matchers name", dated 2026-09-05):
// https://github.com/mooncitizen/togen/blob/e7656e592a330145bd48a2b038e661a337938943/internal/cost/prices/aws.json
// Primary page to check when updating: https://aws.amazon.com/vpc/pricing/

// usWest2 is us-west-2 (Oregon).
var usWest2 = PriceTable{
	Region: "us-west-2",
	// SKU 44T683R45QPT8RYQ, USW2-NatGateway-Hours (see above).
	NATGatewayHour: usd(0.045),
}

// euWest1 is eu-west-1 (Ireland).
var euWest1 = PriceTable{
	Region: "eu-west-1",
	// SKU KFNSSCHWD43WZK2R, EU-NatGateway-Hours (see above).
	NATGatewayHour: usd(0.048),
}

// euWest2 is eu-west-2 (London).
var euWest2 = PriceTable{
	Region: "eu-west-2",
	// SKU D8BXG95NJW6MV3B3, EUW2-NatGateway-Hours (see above).
	NATGatewayHour: usd(0.05),
	// The AWSELB offer file for eu-west-2, version 20260831092255 (published
	// 2026-08-31T09:22:55Z, effective 2026-08-01): "$0.02646 per Network LoadBalancer-hour"
	// (SKU QSWHNGUEGEPBSPC6) and the same per Application LoadBalancer-hour (SKU
	// 6AP766DZF74JPTE2), committed verbatim as a test fixture:
	// https://github.com/mooncitizen/togen/blob/fdee117423ceda3ca613fa90f8411ac1d32a0127/internal/cost/cmd/testdata/AWSELB-eu-west-2.csv
	// Primary page: https://aws.amazon.com/elasticloadbalancing/pricing/
	LoadBalancerHour: usd(0.02646),
}

// euCentral1 is eu-central-1 (Frankfurt).
var euCentral1 = PriceTable{
	Region: "eu-central-1",
	// SKU FY5BA3Q38RMNEMJS, EUC1-NatGateway-Hours (see above).
	NATGatewayHour: usd(0.052),
}

// apSoutheast2 is ap-southeast-2 (Sydney).
var apSoutheast2 = PriceTable{
	Region: "ap-southeast-2",
	// SKU NUKV5QPTHVFBW7DE, APS2-NatGateway-Hours (see above).
	NATGatewayHour: usd(0.059),
}

// tables are the regions with list prices, by region.
var tables = byRegion(usEast1, usWest2, euWest1, euWest2, euCentral1, apSoutheast2)

func byRegion(ts ...PriceTable) map[string]PriceTable {
	out := make(map[string]PriceTable, len(ts))
	for _, t := range ts {
		out[t.Region] = t
	}
	return out
}

// Prices returns the price table of a region; ok is false for a region no table covers, and
// the estimator then reports every billable resource as unpriced.
func Prices(region string) (PriceTable, bool) {
	t, ok := tables[region]
	if !ok {
		return PriceTable{Region: region}, false
	}
	return t, true
}

// PricedRegions lists the regions that have a price table, sorted.
func PricedRegions() []string {
	out := make([]string, 0, len(tables))
	for r := range tables {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

package cost

// HoursPerMonth is the month AWS pricing pages use (365 × 24 / 12).
const HoursPerMonth = 730.0

// PriceTable holds one region's on-demand list prices in USD. A missing key means "not
// known", never "free": the estimator reports such a resource as unpriced.
type PriceTable struct {
	Region string
	// MSKBrokerHour is the price of one provisioned broker-hour, by broker instance type.
	MSKBrokerHour map[string]float64
	// MSKStorageGBMonth is broker EBS storage per GB-month.
	MSKStorageGBMonth float64
	// MSKServerlessClusterHour is an MSK Serverless cluster's hourly fee, before partitions and data.
	MSKServerlessClusterHour float64
	// MSKConnectMCUHour is one MSK Connect unit (1 vCPU, 4 GiB) per hour.
	MSKConnectMCUHour float64
	// EC2InstanceHour is Linux on-demand, by instance type.
	EC2InstanceHour map[string]float64
	// EBSGBMonth is EBS storage per GB-month, by volume type.
	EBSGBMonth map[string]float64
	// NATGatewayHour is a NAT gateway's hourly fee, before data processed.
	NATGatewayHour float64
	// PublicIPv4Hour is one public IPv4 address (an Elastic IP, in use or idle).
	PublicIPv4Hour float64
	// LoadBalancerHour is an NLB's or ALB's hourly fee, before capacity units.
	LoadBalancerHour float64
	// InterfaceEndpointAZHour is one interface VPC endpoint in one zone.
	InterfaceEndpointAZHour float64
	// KinesisShardHour is one provisioned shard-hour.
	KinesisShardHour float64
	// KinesisExtendedRetentionShardHour is added per shard-hour when retention exceeds 24 hours.
	KinesisExtendedRetentionShardHour float64
	// KinesisOnDemandStreamHour is an on-demand stream's hourly fee, before data in and out.
	KinesisOnDemandStreamHour float64
	// MWAAEnvironmentHour is an environment's hourly fee (scheduler, web server, one worker), by class.
	MWAAEnvironmentHour map[string]float64
	// MWAAExtraWorkerHour is each worker beyond the one the environment includes, by class.
	MWAAExtraWorkerHour map[string]float64
	// MWAACeiling names, for a class whose own list price no source gave, a priced class that
	// costs at least as much. The estimate then counts the class at that price, marked as an
	// upper bound: the budget check fails closed instead of leaving the class out.
	MWAACeiling map[string]string
	// KMSKeyMonth is one customer-managed KMS key per month.
	KMSKeyMonth float64
	// SecretMonth is one Secrets Manager secret per month.
	SecretMonth float64
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
	MSKStorageGBMonth: 0.10,
	// https://aws.amazon.com/msk/pricing/ MSK Serverless cluster-hour; anchors.md section 8 (EverettBerry gist d24aa940), 2026-11-22.
	MSKServerlessClusterHour: 0.75,
	// https://aws.amazon.com/msk/pricing/ MSK Connect "$0.11 per MCU-hour"; anchors.md section 8, 2026-11-22.
	MSKConnectMCUHour: 0.11,
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
	NATGatewayHour: 0.045,
	// https://aws.amazon.com/vpc/pricing/ public IPv4 "$0.005 per IP per hour"; anchors.md section 8, 2026-11-22.
	PublicIPv4Hour: 0.005,
	// https://aws.amazon.com/elasticloadbalancing/pricing/ NLB and ALB "$0.0225 per hour", us-east-1, as recorded 2026-11-22.
	LoadBalancerHour: 0.0225,
	// https://aws.amazon.com/privatelink/pricing/ "$0.01 per VPC endpoint per AZ per hour", as recorded 2026-11-22.
	InterfaceEndpointAZHour: 0.01,
	// https://aws.amazon.com/kinesis/data-streams/pricing/ provisioned "$0.015 per shard-hour" and
	// extended retention "$0.020 per shard-hour"; anchors.md section 8, 2026-11-22.
	KinesisShardHour:                  0.015,
	KinesisExtendedRetentionShardHour: 0.020,
	// https://aws.amazon.com/kinesis/data-streams/pricing/ on-demand "$0.04 per stream-hour"; anchors.md section 8, 2026-11-22.
	KinesisOnDemandStreamHour: 0.04,
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
	KMSKeyMonth: 1,
	// https://aws.amazon.com/secrets-manager/pricing/ "$0.40 per secret per month", as recorded 2026-11-22.
	SecretMonth: 0.40,
}

// Prices returns the price table of a region; ok is false for a region the table does not
// cover, and the estimator then reports every billable resource as unpriced.
func Prices(region string) (PriceTable, bool) {
	if region == usEast1.Region {
		return usEast1, true
	}
	return PriceTable{Region: region}, false
}

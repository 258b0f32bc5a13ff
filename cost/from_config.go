package cost

import (
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// FromConfig describes the billable resources program.Deploy declares for cfg, in the input
// shapes the estimator reads, so that the running program can export its own estimate: a
// Pulumi program cannot read back the inputs of what it registered. Only priced types are
// described. program's tests compare this with the estimate of the recorded resources for
// several configurations, so a component change that moves cost fails a test until this
// description follows it.
func FromConfig(cfg *stacks.Config) []Resource {
	var out []Resource
	add := func(typ string, inputs map[string]property.Value) {
		out = append(out, Resource{Type: typ, Custom: true, Inputs: property.NewMap(inputs)})
	}
	num := func(n int) property.Value { return property.New(float64(n)) }
	str := property.New[string]
	obj := property.New[map[string]property.Value]

	if !cfg.Network.UsesExistingVPC() {
		nats := 0
		switch {
		case cfg.Paused: // no NAT gateway while paused (program.pauseNetwork)
		case cfg.Network.NATGateways == stacks.NATSingle:
			nats = 1
		case cfg.Network.NATGateways == stacks.NATOnePerAZ:
			nats = cfg.Network.EffectiveAZCount()
		}
		for range nats {
			add("aws:ec2/eip:Eip", nil)
			add("aws:ec2/natGateway:NatGateway", nil)
		}
		add("aws:ec2/vpcEndpoint:VpcEndpoint", map[string]property.Value{"vpcEndpointType": str("Gateway")})
	}

	if cfg.Paused {
		// Of the priced types a paused stack keeps only the connection secret (docs/pause.md).
		if cfg.Databricks.Enabled() && cfg.Airflow.Enabled {
			add("aws:secretsmanager/secret:Secret", nil)
		}
		return out
	}

	k := cfg.Kafka
	add("aws:msk/cluster:Cluster", map[string]property.Value{
		"numberOfBrokerNodes": num(k.BrokerCount),
		"brokerNodeGroupInfo": obj(map[string]property.Value{
			"instanceType": str(k.BrokerInstanceType),
			"storageInfo":  obj(map[string]property.Value{"ebsStorageInfo": obj(map[string]property.Value{"volumeSize": num(k.VolumeSizeGiB)})}),
		}),
	})

	c := cfg.Client
	add("aws:ec2/instance:Instance", map[string]property.Value{
		"instanceType":    str(c.InstanceType),
		"rootBlockDevice": obj(map[string]property.Value{"volumeSize": num(c.RootVolumeGiB), "volumeType": str("gp3")}),
	})

	cn := cfg.Connect
	capacity := map[string]property.Value{
		"provisionedCapacity": obj(map[string]property.Value{"mcuCount": num(cn.MCUCount), "workerCount": num(cn.WorkerCount)}),
	}
	if cn.MaxWorkerCount > 0 {
		capacity = map[string]property.Value{
			"autoscaling": obj(map[string]property.Value{"mcuCount": num(cn.MCUCount), "minWorkerCount": num(cn.WorkerCount)}),
		}
	}
	add("aws:mskconnect/connector:Connector", map[string]property.Value{"capacity": obj(capacity)})

	// The REST proxy's load balancer exists in both integration styles.
	add("aws:lb/loadBalancer:LoadBalancer", nil)

	s := cfg.Streams
	for range stacks.RecordKinds {
		stream := map[string]property.Value{
			"streamModeDetails": obj(map[string]property.Value{"streamMode": str(s.Mode)}),
			"retentionPeriod":   num(s.RetentionHours),
		}
		if s.Mode == stacks.StreamProvisioned {
			stream["shardCount"] = num(s.Shards())
		}
		add("aws:kinesis/stream:Stream", stream)
	}
	if cfg.Databricks.Enabled() && cfg.Airflow.Enabled {
		a := cfg.Airflow
		add("aws:mwaa/environment:Environment", map[string]property.Value{
			"environmentClass": str(a.EnvironmentClass), "minWorkers": num(a.MinWorkers), "maxWorkers": num(a.MaxWorkers),
		})
		add("aws:secretsmanager/secret:Secret", nil) // the databricks_default connection
	}
	return out
}

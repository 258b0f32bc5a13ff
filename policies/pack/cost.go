package pack

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/props"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Cost policy names.
const (
	PolicyEC2InstanceTypes      = "ec2-instance-types-allowed"
	PolicyMSKBrokerTypes        = "msk-broker-types-allowed"
	PolicyMWAAClasses           = "mwaa-environment-classes-allowed"
	PolicyNATGatewayCount       = "nat-gateway-count"
	PolicyKinesisStreamMode     = "kinesis-stream-mode"
	PolicyHourlyBudget          = "hourly-budget"
	PolicyCostFullyPriced       = "cost-fully-priced"
	maxNATGatewaysOutsideProd   = 1
	maxNATGatewaysInProd        = 3
	defaultMaxShardsOutsideProd = 2
)

// allowlist is the classes a resource type may use, per environment kind.
type allowlist struct {
	policy, description, key, configKey string
	types                               []string
	perEnvironment                      map[string][]string
}

var (
	smallEC2 = []string{"t3.micro", "t3.small", "t3.medium", "t4g.micro", "t4g.small", "t4g.medium"}
	ec2Types = allowlist{
		policy: PolicyEC2InstanceTypes, key: "instanceType", configKey: "client.instanceType",
		description: "EC2 instance types must be on the environment kind's allowlist, so a typo cannot start a large instance.",
		types:       []string{typeInstance},
		perEnvironment: map[string][]string{
			stacks.EnvDev: smallEC2, stacks.EnvStaging: smallEC2,
			stacks.EnvProd: append(slices.Clone(smallEC2), "t3.large", "t3.xlarge", "m5.large", "m7g.large"),
		},
	}
	mskTypes = allowlist{
		policy: PolicyMSKBrokerTypes, key: "brokerNodeGroupInfo.instanceType", configKey: "kafka.brokerInstanceType",
		description: "MSK broker types must be on the environment kind's allowlist: brokers are the stack's largest fixed cost after MWAA.",
		types:       []string{typeMSKCluster},
		perEnvironment: map[string][]string{
			stacks.EnvDev:     {"kafka.t3.small"},
			stacks.EnvStaging: {"kafka.t3.small", "kafka.m5.large", "kafka.m7g.large"},
			stacks.EnvProd:    {"kafka.t3.small", "kafka.m5.large", "kafka.m5.xlarge", "kafka.m7g.large", "kafka.m7g.xlarge"},
		},
	}
	mwaaClasses = allowlist{
		policy: PolicyMWAAClasses, key: "environmentClass", configKey: "airflow.environmentClass",
		description: "MWAA environment classes must be on the environment kind's allowlist; MWAA bills its class every hour, idle or not.",
		types:       []string{typeMWAAEnvironment},
		perEnvironment: map[string][]string{
			stacks.EnvDev:     {"mw1.micro", "mw1.small"},
			stacks.EnvStaging: {"mw1.micro", "mw1.small"},
			stacks.EnvProd:    {"mw1.micro", "mw1.small", "mw1.medium"},
		},
	}
)

func costPolicies(s Settings) []policyx.Policy {
	return []policyx.Policy{
		allowlistPolicy(ec2Types, s), allowlistPolicy(mskTypes, s), allowlistPolicy(mwaaClasses, s),
		natGatewayCount(s), kinesisStreamMode(s), hourlyBudget(s), costFullyPriced(s),
	}
}

func allowlistPolicy(a allowlist, s Settings) policyx.Policy {
	schema := &policyx.ConfigSchema{Properties: map[string]map[string]any{}}
	for _, env := range stacks.EnvironmentKinds {
		schema.Properties[env] = map[string]any{
			"type": "array", "items": map[string]any{"type": "string"},
			"description": fmt.Sprintf("Allowed values in %s stacks; replaces the default list.", env),
		}
	}
	return resourcePolicy(a.policy, a.description, policyx.EnforcementLevelMandatory, schema, a.types,
		func(r policyx.AnalyzerResource, config map[string]any, report func(string, ...any)) {
			value, st := props.String(r.Properties, strings.Split(a.key, ".")...)
			if st != props.Known {
				return // missing means the provider's default; unknown is decided at apply
			}
			env := environmentOf(r, s)
			allowed, ok := configStrings(config, env)
			if !ok {
				allowed, ok = a.perEnvironment[env]
			}
			if !ok {
				allowed = a.perEnvironment[stacks.EnvDev] // an unfamiliar kind gets the strictest list
			}
			if slices.Contains(allowed, value) {
				return
			}
			report("%s %s is not allowed in %s stacks (allowed: %s); set %s to one of them, or extend the list with "+
				`--policy-pack-config {"%s": {"%s": [...]}}`, a.key, value, env, strings.Join(allowed, ", "), a.configKey, a.policy, env)
		})
}

func natGatewayCount(s Settings) policyx.Policy {
	return stackPolicy(PolicyNATGatewayCount,
		fmt.Sprintf("A stack may run at most %d NAT gateway outside prod and %d in prod; each costs $0.045/hour before data.",
			maxNATGatewaysOutsideProd, maxNATGatewaysInProd),
		policyx.EnforcementLevelMandatory,
		func(resources []policyx.AnalyzerResource, report func(string, string, ...any)) {
			var nats []string
			for _, r := range resources {
				if r.Type == typeNATGateway {
					nats = append(nats, r.URN)
				}
			}
			limit, fix := maxNATGatewaysOutsideProd, "set network.natGateways: single"
			if s.Environment == stacks.EnvProd {
				limit, fix = maxNATGatewaysInProd, "use network.azCount 3 or fewer"
			}
			if len(nats) > limit {
				report(nats[limit], "the stack declares %d NAT gateways, above %d for a %s stack; %s",
					len(nats), limit, s.Environment, fix)
			}
		})
}

func kinesisStreamMode(s Settings) policyx.Policy {
	schema := &policyx.ConfigSchema{Properties: map[string]map[string]any{
		"maxShardsOutsideProd": {"type": "integer", "minimum": 1,
			"description": fmt.Sprintf("The most shards a provisioned stream may have outside prod. Default %d.", defaultMaxShardsOutsideProd)},
	}}
	return resourcePolicy(PolicyKinesisStreamMode,
		"Outside prod Kinesis streams must be provisioned with few shards: an on-demand stream costs $0.04/hour against $0.015 per shard.",
		policyx.EnforcementLevelMandatory, schema, []string{typeKinesisStream},
		func(r policyx.AnalyzerResource, config map[string]any, report func(string, ...any)) {
			env := environmentOf(r, s)
			if env == stacks.EnvProd {
				return
			}
			mode, st := props.String(r.Properties, "streamModeDetails", "streamMode")
			if undecided(st) {
				return
			}
			if st == props.Known && mode == stacks.StreamOnDemand {
				report("the stream is ON_DEMAND in a %s stack; set streams.mode: PROVISIONED with streams.shardCount: 1", env)
				return
			}
			limit := float64(defaultMaxShardsOutsideProd)
			if n, ok := configNumber(config, "maxShardsOutsideProd"); ok && n >= 1 {
				limit = n
			}
			if shards, st := props.Number(r.Properties, "shardCount"); st == props.Known && shards > limit {
				report("the stream has %g shards, above %g for a %s stack; lower streams.shardCount", shards, limit, env)
			}
		})
}

func hourlyBudget(s Settings) policyx.Policy {
	return stackPolicy(PolicyHourlyBudget,
		"The stack's estimated idle cost at list prices must stay within cost.hourlyBudgetUsd; a billable resource "+
			"without a price fails it (fail closed), since the stack cannot then be shown to stay within budget.",
		policyx.EnforcementLevelMandatory,
		func(resources []policyx.AnalyzerResource, report func(string, string, ...any)) {
			est := cost.EstimateResources(s.Region, cost.FromAnalyzer(resources))
			for _, u := range est.Unpriced {
				if u.Pending {
					continue // decided at `pulumi up`, like every value unknown during a preview
				}
				report(u.URN, "counts against the budget: not priced (%s), so the stack cannot be shown to stay within "+
					"$%.4f/hour (the priced resources alone come to $%.4f/hour). Use a size, class or region cost/prices.go "+
					"prices, or add this one's list price with its source and date to cost/prices.go",
					u.Reason, s.HourlyBudgetUSD, est.HourlyUSD)
			}
			if est.HourlyUSD <= s.HourlyBudgetUSD {
				return
			}
			var top []string
			for _, c := range est.TopComponents(3) {
				top = append(top, fmt.Sprintf("%s $%.4f", c.Name, c.HourlyUSD))
			}
			atLeast := ""
			if !est.Complete {
				atLeast = "at least "
			}
			report("", "estimated %s$%.4f/hour ($%.2f/month) exceeds the budget of $%.4f/hour; the largest components are %s. "+
				"Shrink them (smaller classes, fewer brokers, NAT gateways or workers) or raise cost.hourlyBudgetUsd",
				atLeast, est.HourlyUSD, est.MonthlyUSD, s.HourlyBudgetUSD, strings.Join(top, ", "))
		})
}

func costFullyPriced(s Settings) policyx.Policy {
	return stackPolicy(PolicyCostFullyPriced,
		"Every billable resource should have its own list price; one counted at a larger class's price (a ceiling) "+
			"overstates the estimate. Unpriced resources fail hourly-budget instead.",
		policyx.EnforcementLevelAdvisory,
		func(resources []policyx.AnalyzerResource, report func(string, string, ...any)) {
			est := cost.EstimateResources(s.Region, cost.FromAnalyzer(resources))
			for _, l := range est.Resources {
				if l.UpperBound {
					report(l.URN, "priced at a ceiling: %s, $%.4f/hour; the budget counts this upper bound until its list "+
						"price is added to cost/prices.go", l.Basis, l.HourlyUSD)
				}
			}
		})
}

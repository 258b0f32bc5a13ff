package program

import (
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// builderConfig is an environment's defaults with an identity, as stacks.Load would give.
func builderConfig(env string, edit func(*stacks.Config)) *stacks.Config {
	cfg := stacks.Defaults(env)
	cfg.Stack, cfg.Region = env, "us-east-1"
	cfg.Identity.UserID, cfg.Identity.Owner = "1a2b3c4d5e6f", "learner@example.com"
	if edit != nil {
		edit(&cfg)
	}
	return &cfg
}

// testNetwork has subnet outputs that tell private from public.
func testNetwork() *components.Network {
	return &components.Network{
		PrivateSubnetIDs: pulumi.StringArray{pulumi.String("private")}.ToStringArrayOutput(),
		PublicSubnetIDs:  pulumi.StringArray{pulumi.String("public")}.ToStringArrayOutput(),
	}
}

func TestRestProxyLoadBalancerIsPublicOnlyForTheHTTPIntegration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		integration string
		public      bool
	}{
		{stacks.ProxyPrivate, false},
		{stacks.ProxyHTTP, true},
	}
	for _, tt := range tests {
		t.Run(tt.integration, func(t *testing.T) {
			t.Parallel()
			network := testNetwork()
			cfg := builderConfig(stacks.EnvDev, func(c *stacks.Config) { c.API.ProxyIntegration = tt.integration })
			args := restProxyArgs(cfg, placementOf(network), &components.KafkaClient{}, nil)
			assert.Equal(t, tt.public, args.Public)
			want := network.PrivateSubnetIDs
			if tt.public {
				want = network.PublicSubnetIDs
			}
			assert.True(t, args.SubnetIDs == pulumi.StringArrayInput(want), "the load balancer's subnets")
			assert.Equal(t, cfg.Client.RestProxyPort, args.Port, "the port the client host's proxy listens on")
		})
	}
}

func TestEnvironmentChoicesReachTheComponents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env                     string
		monitoring              string
		forceDestroy, protect   bool
		enforceConsumerDeletion bool
	}{
		{stacks.EnvDev, "DEFAULT", true, false, true},
		{stacks.EnvStaging, "DEFAULT", true, false, true},
		{stacks.EnvProd, "PER_TOPIC_PER_BROKER", false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Parallel()
			cfg := builderConfig(tt.env, nil)
			assert.Equal(t, tt.monitoring, kafkaClusterArgs(cfg, testNetwork(), nil).EnhancedMonitoring)
			lake := dataLakeArgs(cfg, nil)
			assert.Equal(t, tt.forceDestroy, lake.ForceDestroy)
			assert.Equal(t, tt.protect, lake.Protect)
			assert.Equal(t, tt.enforceConsumerDeletion, streamsArgs(cfg, nil).EnforceConsumerDeletion)
		})
	}
}

func TestStreamsArgsNameOneStreamPerRecordKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		edit     func(*stacks.Config)
		onDemand bool
		shards   int
	}{
		{"provisioned", func(c *stacks.Config) { two := 2; c.Streams.ShardCount = &two }, false, 2},
		{"on demand", func(c *stacks.Config) { c.Streams.Mode = stacks.StreamOnDemand }, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := builderConfig(stacks.EnvDev, tt.edit)
			args := streamsArgs(cfg, nil)
			require.Len(t, args.Names, len(stacks.RecordKinds))
			for _, kind := range stacks.RecordKinds {
				assert.Equal(t, stacks.StreamName(cfg.Identity.UserID, kind), args.Names[kind])
			}
			assert.Equal(t, tt.onDemand, args.OnDemand)
			assert.Equal(t, tt.shards, args.ShardCount)
		})
	}
}

func TestTheAPIRoutesEveryDeclaredTopic(t *testing.T) {
	t.Parallel()
	cfg := builderConfig(stacks.EnvDev, func(c *stacks.Config) {
		c.Kafka.Topics = []components.TopicSpec{{Name: "1a2b3c4d5e6f.pin"}, {Name: "1a2b3c4d5e6f.clicks"}}
	})
	args := ingestAPIArgs(cfg, &components.ProxyTarget{}, nil, nil)
	assert.Equal(t, []string{"1a2b3c4d5e6f.pin", "1a2b3c4d5e6f.clicks"}, args.Topics)
}

func TestNetworkArgsBringAnExistingVPCOnlyWhenConfigured(t *testing.T) {
	t.Parallel()
	assert.Nil(t, networkArgs(builderConfig(stacks.EnvDev, nil), nil).Existing)
	args := networkArgs(builderConfig(stacks.EnvDev, func(c *stacks.Config) {
		c.Network.VpcID = "vpc-1"
		c.Network.PrivateSubnetIDs = []string{"subnet-a", "subnet-b"}
	}), nil)
	require.NotNil(t, args.Existing)
	assert.Equal(t, components.ExistingVPC{VpcID: "vpc-1", PrivateSubnetIDs: []string{"subnet-a", "subnet-b"}}, *args.Existing)
}

func TestKafkaClientArgsNeedClientSoftwareForTheVersion(t *testing.T) {
	t.Parallel()
	_, err := kafkaClientArgs(builderConfig(stacks.EnvDev, func(c *stacks.Config) { c.Kafka.Version = "9.9.9" }),
		placementOf(testNetwork()), &components.KafkaCluster{}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `kafka.version "9.9.9"`)
}

func TestTheBudgetLimit(t *testing.T) {
	t.Parallel()
	complete := cost.Estimate{Complete: true, MonthlyUSD: 123.45}
	lowerBound := cost.Estimate{Complete: false, MonthlyUSD: 100}
	tests := []struct {
		name     string
		env      string
		explicit float64
		estimate cost.Estimate
		limit    float64 // 0: no budget
	}{
		{"outside prod, the estimate's month", stacks.EnvDev, 0, complete, 123.45},
		{"a lower bound falls back to the hourly budget's month", stacks.EnvDev, 0, lowerBound, 730},
		{"an explicit limit wins", stacks.EnvDev, 150, complete, 150},
		{"prod has none unless asked", stacks.EnvProd, 0, complete, 0},
		{"prod with a limit", stacks.EnvProd, 2500, complete, 2500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := builderConfig(tt.env, func(c *stacks.Config) { c.Cost.MonthlyBudgetUSD = tt.explicit })
			args := budgetArgs(cfg, tt.estimate, nil)
			if tt.limit == 0 {
				assert.Nil(t, args)
				return
			}
			require.NotNil(t, args)
			assert.InDelta(t, tt.limit, args.MonthlyLimitUSD, 1e-9)
			assert.Equal(t, []string{"learner@example.com"}, args.Emails)
			assert.Equal(t, "1a2b3c4d5e6f-"+tt.env+"-monthly-cost", args.Name)
		})
	}
}

package program

import (
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// deployLearnerAccess gives a cohort learner a console and CLI role of their own when
// cohort.consoleRoleTrust names who assumes it: bounded to the learner's own names, so a learner
// sharing the platform's account cannot reach another learner's data or the platform.
func (p *Pipeline) deployLearnerAccess(ctx *pulumi.Context, tags map[string]string) error {
	cfg := p.Config
	if cfg.Cohort.ConsoleRoleTrust == "" {
		return nil
	}
	userID := cfg.Identity.UserID
	access, err := components.NewLearnerAccess(ctx, "learner-access", &components.LearnerAccessArgs{
		UserID:            userID,
		TrustPrincipalArn: cfg.Cohort.ConsoleRoleTrust,
		Region:            cfg.Region,
		BucketName:        cfg.Bucket.Name,
		StreamNamePrefix:  stacks.StreamName(userID, ""),
		ClusterArn:        pulumi.String(p.Platform.KafkaClusterArn),
		DAGBucketName:     pulumi.String(p.Platform.AirflowDAGBucket),
		LogGroupPrefixes: []string{
			fmt.Sprintf("/aws/apigateway/%s/", stacks.APIName(userID)),
			components.VendedLogsPrefix + "mskconnect/" + stacks.ConnectorName(userID),
		},
		NamePrefix: namePrefix(cfg),
		Tags:       tags,
	})
	if err != nil {
		return fmt.Errorf("declaring the learner's console role (cohort.consoleRoleTrust): %w", err)
	}
	p.Access = access
	return nil
}

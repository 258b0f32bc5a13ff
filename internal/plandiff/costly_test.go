package plandiff

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSlowOrStatefulReplacementsAreCalledOut(t *testing.T) {
	t.Parallel()
	// The bucket moves to another parent: a replacement, which empties it and takes its
	// delete and create times.
	r, md := diffOf(t, func(doc map[string]any) {
		res := resources(doc)[1].(map[string]any)
		res["urn"] = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:Archive$aws:s3/bucketV2:BucketV2::lake-bucket"
		res["parent"] = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:Archive::archive"
	})
	costly := Costly(r)
	require.Len(t, costly, 1)
	assert.Equal(t, "lake-bucket", costly[0].Name)
	assert.True(t, costly[0].Replaced)
	assert.Contains(t, md, "#### Time and data (1)\n")
	assert.Contains(t, md, "- **`aws:s3/bucketV2:BucketV2` lake-bucket** replaced: about 10s; loses every object in the bucket")
}

func TestRemovedMSKClusterIsCalledOutWithItsDeleteTime(t *testing.T) {
	t.Parallel()
	const clusterURN = "urn:pulumi:dev::pinterest-pipeline::pinterest-pipeline:components:KafkaCluster$aws:msk/cluster:Cluster::kafka-cluster"
	old, current := basePlan(), basePlan()
	old["resources"] = append(resources(old), map[string]any{"urn": clusterURN, "type": "aws:msk/cluster:Cluster",
		"name": "kafka-cluster", "custom": true, "inputs": map[string]any{}})
	r := Compare(parse(t, old), parse(t, current))
	md := Markdown(r, Options{})
	require.Len(t, Costly(r), 1)
	assert.Contains(t, md, "- **`aws:msk/cluster:Cluster` kafka-cluster** removed: about 15m; loses every topic and its messages")
}

func TestQuickStatelessChangesAreNotCalledOut(t *testing.T) {
	t.Parallel()
	// The lifecycle rule is neither slow nor holds data.
	r, md := diffOf(t, func(doc map[string]any) {
		doc["resources"] = resources(doc)[:2]
	})
	require.Len(t, r.Removed, 1)
	assert.Empty(t, Costly(r))
	assert.NotContains(t, md, "#### Time and data")
}

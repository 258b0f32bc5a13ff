package stacks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

//go:generate go run ./internal/regiongen

// AWSPartition is the only partition the stack supports: its policies and integrations spell
// ARNs as arn:aws:…, which the China and GovCloud partitions do not accept.
const AWSPartition = "aws"

// PartitionRegions lists the region names of one partition in botocore's endpoint data
// (botocore/data/endpoints.json, "partitions"[].regions), sorted. The data is the same the AWS
// SDKs resolve endpoints from; offline, it is the region list closest to AWS's own.
func PartitionRegions(endpointsJSON []byte, partition string) ([]string, error) {
	var data struct {
		Partitions []struct {
			Partition string                     `json:"partition"`
			Regions   map[string]json.RawMessage `json:"regions"`
		} `json:"partitions"`
	}
	if err := json.Unmarshal(endpointsJSON, &data); err != nil {
		return nil, fmt.Errorf("reading endpoint data: %w", err)
	}
	for _, p := range data.Partitions {
		if p.Partition != partition {
			continue
		}
		regions := make([]string, 0, len(p.Regions))
		for name := range p.Regions {
			regions = append(regions, name)
		}
		if len(regions) == 0 {
			return nil, fmt.Errorf("partition %s lists no regions", partition)
		}
		slices.Sort(regions)
		return regions, nil
	}
	return nil, fmt.Errorf("endpoint data has no partition %s", partition)
}

// IsAWSRegion says whether name is a region of the aws partition (see awsRegions).
func IsAWSRegion(name string) bool {
	_, ok := slices.BinarySearch(awsRegions, name)
	return ok
}

// AWSRegions lists the regions of the aws partition, sorted; the prices reference walks them
// to find the ones cost/prices.go covers.
func AWSRegions() []string { return slices.Clone(awsRegions) }

func (c *Config) regionValid() bool { return IsAWSRegion(c.Region) }

// nearestRegion suggests the region closest in spelling to a mistyped one.
func nearestRegion(name string) string {
	return nearest(strings.ToLower(name), awsRegions)
}

// nearest returns the candidate with the smallest edit distance to s (the first on ties).
func nearest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := editDistance(s, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

package sim

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// zoneLetters are the zones every commercial region has at least three of.
var zoneLetters = []string{"a", "b", "c", "d", "e", "f"}

// invokes answers the data-source calls the program makes. Anything else fails the run, so a
// new data source cannot slip into the program without an offline answer.
var invokes = map[string]func(region string, args resource.PropertyMap) resource.PropertyMap{
	"aws:index/getAvailabilityZones:getAvailabilityZones": func(region string, _ resource.PropertyMap) resource.PropertyMap {
		names, ids := []any{}, []any{}
		for i, letter := range zoneLetters {
			names = append(names, region+letter)
			ids = append(ids, fmt.Sprintf("%s-az%d", regionCode(region), i+1))
		}
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": region, "names": names, "zoneIds": ids, "groupNames": []any{region},
		})
	},
	"aws:index/getCallerIdentity:getCallerIdentity": func(_ string, _ resource.PropertyMap) resource.PropertyMap {
		return resource.NewPropertyMapFromMap(map[string]any{
			"accountId": Account, "arn": "arn:aws:iam::" + Account + ":user/plan", "id": Account, "userId": "AIDAPLANOFFLINE",
		})
	},
	"aws:index/getRegion:getRegion": func(region string, _ resource.PropertyMap) resource.PropertyMap {
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": region, "name": region, "endpoint": "ec2." + region + ".amazonaws.com", "description": region,
		})
	},
	"aws:index/getPartition:getPartition": func(_ string, _ resource.PropertyMap) resource.PropertyMap {
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws",
		})
	},
}

// regionCode is the zone-id prefix of a region, e.g. "use1" for us-east-1 and "apne1" for ap-northeast-1.
func regionCode(region string) string {
	directions := map[string]string{
		"north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
		"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
	}
	parts := strings.Split(region, "-")
	var b strings.Builder
	for i, p := range parts {
		if d, ok := directions[p]; ok && i > 0 && i < len(parts)-1 {
			b.WriteString(d)
			continue
		}
		b.WriteString(p)
	}
	return b.String()
}

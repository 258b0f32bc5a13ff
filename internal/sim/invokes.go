package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// zoneLetters are the zones every commercial region has at least three of.
var zoneLetters = []string{"a", "b", "c", "d", "e", "f"}

// invokes answers the data-source calls the program makes. Anything else fails the run, so a
// new data source cannot slip into the program without an offline answer.
var invokes = map[string]func(region string, args resource.PropertyMap) resource.PropertyMap{
	"aws:index/getAvailabilityZones:getAvailabilityZones": func(region string, args resource.PropertyMap) resource.PropertyMap {
		excluded := map[string]bool{}
		if v, ok := args["excludeZoneIds"]; ok && v.IsArray() {
			for _, id := range v.ArrayValue() {
				excluded[id.StringValue()] = true
			}
		}
		names, ids := []any{}, []any{}
		for i, letter := range zoneLetters {
			id := fmt.Sprintf("%s-az%d", regionCode(region), i+1)
			if excluded[id] {
				continue
			}
			names = append(names, region+letter)
			ids = append(ids, id)
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
	"aws:ssm/getParameter:getParameter": func(_ string, args resource.PropertyMap) resource.PropertyMap {
		name := ""
		if v, ok := args["name"]; ok && v.IsString() {
			name = v.StringValue()
		}
		// Public image parameters resolve to an AMI id; the stand-in id is derived from the name.
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": name, "name": name, "type": "String", "value": "ami-" + hexOf(name, 17), "version": 1,
			"arn": "arn:aws:ssm:" + "us-east-1" + "::parameter" + name,
		})
	},
	"aws:ec2/getVpc:getVpc": func(region string, args resource.PropertyMap) resource.PropertyMap {
		id := ""
		if v, ok := args["id"]; ok && v.IsString() {
			id = v.StringValue()
		}
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": id, "cidrBlock": "10.0.0.0/16", "arn": "arn:aws:ec2:" + region + ":" + Account + ":vpc/" + id,
			"ownerId": Account, "state": "available",
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

// hexOf is n hex digits derived from s.
func hexOf(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// InvokeTokens are the data sources the offline engine answers, sorted: every one the
// program may call, since any other fails the run.
func InvokeTokens() []string {
	out := make([]string, 0, len(invokes))
	for token := range invokes {
		out = append(out, token)
	}
	sort.Strings(out)
	return out
}

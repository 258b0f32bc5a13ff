package components

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// withName returns the tags plus a Name tag, as a new map so that callers' maps are never shared.
func withName(tags map[string]string, name string) pulumi.StringMap {
	out := make(pulumi.StringMap, len(tags)+1)
	for k, v := range tags {
		out[k] = pulumi.String(v)
	}
	out["Name"] = pulumi.String(name)
	return out
}

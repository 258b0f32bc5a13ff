package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// withName returns the tags plus a Name tag, as a new map so that callers' maps are never shared.
func withName(tags map[string]string, name string) pulumi.StringMap {
	out := make(pulumi.StringMap, len(tags)+1)
	for k, v := range tags {
		out[k] = pulumi.String(v)
	}
	out["Name"] = pulumi.String(name)
	return out
}

// objectTags is the teardown subset of tags plus a Name, for S3 objects, which take at most 10.
func objectTags(tags map[string]string, name string) pulumi.StringMap {
	out := pulumi.StringMap{"Name": pulumi.String(name)}
	for _, k := range []string{"environment", "owner", "expires-at", "stack"} {
		if v, ok := tags[k]; ok {
			out[k] = pulumi.String(v)
		}
	}
	return out
}

// emptyFields reports, in the order given, each required string field (name, value pairs)
// that is empty.
func emptyFields(pairs ...string) []error {
	var errs []error
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			errs = append(errs, fmt.Errorf("%s is empty", pairs[i]))
		}
	}
	return errs
}

package awslimits

import (
	"fmt"
	"slices"
	"strings"
)

// MaxEC2DescriptionLength is the longest security group or rule description EC2 accepts.
const MaxEC2DescriptionLength = 255

// ec2DescriptionPunctuation is the punctuation EC2 accepts in security group and rule
// descriptions besides letters, digits and spaces. The EC2 API reference lists
// "._-:/()#,@[]+=&;{}!$*" for CreateSecurityGroup, IpRange and Ipv6Range, but omits "&" for
// UserIdGroupPair and PrefixListId (rules that reference a security group or prefix list), so
// "&" is left out: one set that every kind of rule accepts.
// (EC2 API Reference: CreateSecurityGroup, IpRange, UserIdGroupPair, PrefixListId "Description".)
const ec2DescriptionPunctuation = "._-:/()#,@[]+=;{}!$*"

// EC2Description reports why EC2 would refuse s as a security group or security group rule
// description (CreateSecurityGroup, AuthorizeSecurityGroupIngress/Egress answer
// InvalidParameterValue), or nil when it is acceptable.
func EC2Description(s string) error {
	if n := len(s); n > MaxEC2DescriptionLength {
		return fmt.Errorf("is %d characters long; EC2 allows at most %d", n, MaxEC2DescriptionLength)
	}
	var bad []string
	for _, r := range s {
		ok := r == ' ' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
			strings.ContainsRune(ec2DescriptionPunctuation, r)
		if q := fmt.Sprintf("%q", r); !ok && !slices.Contains(bad, q) {
			bad = append(bad, q)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("contains %s; EC2 allows only letters, digits, spaces and %s", strings.Join(bad, ", "), ec2DescriptionPunctuation)
	}
	return nil
}

package pack

import (
	"slices"
	"strings"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/props"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Naming policy names.
const (
	PolicyCourseResourceNames = "course-resource-names"
	PolicyIAMRoleNamesScoped  = "iam-role-names-scoped"
	PolicyCourseNamesDeclared = "course-names-declared"
)

func namingPolicies(s Settings) []policyx.Policy {
	return []policyx.Policy{courseResourceNames(s), iamRoleNamesScoped(s), courseNamesDeclared(s)}
}

// userIDOf is the course user id for a resource: the stack's identity.userId, else the
// resource's user-id tag; ok is false when neither is known, and naming is then not checked.
func userIDOf(r policyx.AnalyzerResource, s Settings) (string, bool) {
	if s.UserID != "" {
		return s.UserID, true
	}
	id, st := props.String(r.Properties, "tags", "user-id")
	return id, st == props.Known && id != ""
}

// courseName says which input of a type carries a course name and which names it may take.
type courseName struct {
	key      string
	expected func(userID string, s Settings) []string
	fix      string
}

var courseNames = map[string]courseName{
	typeKinesisStream: {"name", func(id string, _ Settings) []string {
		out := make([]string, 0, len(stacks.RecordKinds))
		for _, kind := range stacks.RecordKinds {
			out = append(out, stacks.StreamName(id, kind))
		}
		return out
	}, "the emulation script and <userId>-kinesis-access-role use streaming-<userId>-<kind>; name streams with stacks.StreamName"},
	typeMSKCluster: {"clusterName", func(id string, _ Settings) []string { return []string{stacks.KafkaClusterName(id)} },
		"the client role's kafka-cluster grants name this cluster; use stacks.KafkaClusterName"},
	typeConnector: {"name", func(id string, _ Settings) []string { return []string{stacks.ConnectorName(id)} },
		"the course's notebooks expect <userId>-connector; use stacks.ConnectorName"},
	typeCustomPlugin: {"name", func(id string, _ Settings) []string { return []string{stacks.PluginName(id)} },
		"the course names the plugin <userId>-plugin; use stacks.PluginName"},
	typeBucketV2: {"bucket", func(id string, s Settings) []string {
		if s.BucketName != "" {
			return []string{s.BucketName}
		}
		return []string{stacks.BucketName(id)}
	}, "the S3 sink and Databricks mount read user-<userId>-bucket; use stacks.BucketName, or set bucket.name deliberately"},
	typeMWAAEnvironment: {"name", func(id string, _ Settings) []string { return []string{stacks.AirflowEnvironmentName(id)} },
		"use stacks.AirflowEnvironmentName, so the DAG <userId>_dag has one home per learner"},
}

func courseResourceNames(s Settings) policyx.Policy {
	types := make([]string, 0, len(courseNames))
	for t := range courseNames {
		types = append(types, t)
	}
	slices.Sort(types)
	return resourcePolicy(PolicyCourseResourceNames,
		"Resources the course's permission model and scripts address by name must carry the names stacks/naming.go derives from identity.userId.",
		policyx.EnforcementLevelMandatory, nil, types,
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			id, ok := userIDOf(r, s)
			if !ok {
				return
			}
			rule := courseNames[r.Type]
			name, st := props.String(r.Properties, rule.key)
			if st != props.Known {
				return // auto-named or unknown until apply: nothing to compare yet
			}
			// The MWAA DAG bucket is not a course bucket: MWAA requires its "airflow-" prefix and
			// stacks.AirflowBucketName makes it airflow-<userId>-<stack>-dags.
			if r.Type == typeBucketV2 && strings.HasPrefix(name, "airflow-"+id+"-") && strings.HasSuffix(name, "-dags") {
				return
			}
			want := rule.expected(id, s)
			if !slices.Contains(want, name) {
				report("%s is %q, expected %s; %s", rule.key, name, strings.Join(want, " or "), rule.fix)
			}
		})
}

func iamRoleNamesScoped(s Settings) policyx.Policy {
	return resourcePolicy(PolicyIAMRoleNamesScoped,
		"IAM role names must start with \"<userId>-\": learners share an account, and role names are per account.",
		policyx.EnforcementLevelMandatory, nil, []string{typeIAMRole},
		func(r policyx.AnalyzerResource, _ map[string]any, report func(string, ...any)) {
			id, ok := userIDOf(r, s)
			if !ok {
				return
			}
			name, st := props.String(r.Properties, "name")
			if st != props.Known {
				return // an auto-named role gets a unique suffix, so it cannot collide
			}
			if !strings.HasPrefix(name, id+"-") {
				report("role %q does not start with %q; name it with stacks.EC2AccessRoleName, stacks.KinesisAccessRoleName, "+
					"stacks.ConnectRoleName or the stack's \"<userId>-<stack>-\" prefix", name, id+"-")
			}
		})
}

func courseNamesDeclared(s Settings) policyx.Policy {
	return stackPolicy(PolicyCourseNamesDeclared,
		"The stack's user id must give legal names for every service, and the course's streams and roles must all be declared together.",
		policyx.EnforcementLevelMandatory,
		func(resources []policyx.AnalyzerResource, report func(string, string, ...any)) {
			if s.UserID == "" {
				return
			}
			for _, why := range stacks.UserIDProblems(s.UserID) {
				report("", "identity.userId %s; use the course user id (lowercase letters and digits)", why)
			}
			names := map[string]map[string]bool{}
			present := map[string]bool{}
			for _, r := range resources {
				present[r.Type] = true
				key := map[string]string{typeKinesisStream: "name", typeIAMRole: "name"}[r.Type]
				if key == "" {
					continue
				}
				if name, st := props.String(r.Properties, key); st == props.Known {
					if names[r.Type] == nil {
						names[r.Type] = map[string]bool{}
					}
					names[r.Type][name] = true
				}
			}
			if present[typeKinesisStream] {
				for _, kind := range stacks.RecordKinds {
					if want := stacks.StreamName(s.UserID, kind); !names[typeKinesisStream][want] {
						report("", "no Kinesis stream %q, though the stack declares streams; the course sends %s records there", want, kind)
					}
				}
			}
			roles := []struct{ needs, role string }{
				{typeInstance, stacks.EC2AccessRoleName(s.UserID)},
				{"aws:apigateway/restApi:RestApi", stacks.KinesisAccessRoleName(s.UserID)},
			}
			for _, r := range roles {
				if present[r.needs] && !names[typeIAMRole][r.role] {
					report("", "no IAM role %q, though the stack declares a %s that the course gives that role", r.role, r.needs)
				}
			}
		})
}

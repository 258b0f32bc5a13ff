package components

import (
	"errors"
	"fmt"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SharedClientTopicsArgs configures SharedClientTopics.
type SharedClientTopicsArgs struct {
	// InstanceID is the platform's shared Kafka client host (cohort.sharedClient). Required.
	InstanceID pulumi.StringInput
	// BootstrapServers, RestProxyRoleArn, RestProxyPort and Region are the platform host's own
	// configure parameters: the same values leave its REST proxy's settings unchanged, so the
	// script does not restart the proxy the whole cohort produces through. Required.
	BootstrapServers pulumi.StringInput
	RestProxyRoleArn pulumi.StringInput
	RestProxyPort    int
	Region           string
	// Topics are the learner's topics, which the script creates when missing. Required.
	Topics []TopicSpec
	// NamePrefix names the learner's SSM document and association. Required.
	NamePrefix string
	// Tags go on every taggable resource.
	Tags map[string]string
	// Paused declares the document only: the platform's host is gone while the cohort pauses.
	Paused bool
}

// SharedClientTopics creates one learner's topics from a cohort's shared client host: the
// learner's own copy of the configure document, and an association that runs it on the
// platform's host with the learner's topic list. The learner's stack stays self-contained: the
// platform knows nothing of its learners, and destroying the learner's stack removes both.
// (Topics it created stay on the cluster, as the configure script never deletes one.)
//
// The learner's document has its own name: CreateAssociation refuses a second association of
// one document on a node that already has it (AssociationAlreadyExists: "If you associate a
// document with a managed node that already has an associated document", AWS Systems Manager API
// Reference, CreateAssociationBatch), and the platform's host already runs the configure
// document. An account holds up to 2,000 active associations (AssociationLimitExceeded, same
// reference), far above a cohort's 50 learners.
type SharedClientTopics struct {
	pulumi.ResourceState
}

func (a *SharedClientTopicsArgs) withDefaults() SharedClientTopicsArgs {
	out := SharedClientTopicsArgs{}
	if a != nil {
		out = *a
	}
	if out.RestProxyPort == 0 {
		out.RestProxyPort = spec.DefaultRestProxyPort
	}
	return out
}

func (a SharedClientTopicsArgs) validate() error {
	var errs []error
	errs = append(errs, emptyFields("Region", a.Region, "NamePrefix", a.NamePrefix)...)
	if a.InstanceID == nil || a.BootstrapServers == nil || a.RestProxyRoleArn == nil {
		errs = append(errs, errors.New("InstanceID, BootstrapServers and RestProxyRoleArn are required: the platform's shared host"))
	}
	if err := checkTopicsParameter(a.Topics); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// NewSharedClientTopics declares the learner's configure document and its association on the
// platform's host.
func NewSharedClientTopics(ctx *pulumi.Context, name string, args *SharedClientTopicsArgs, opts ...pulumi.ResourceOption) (*SharedClientTopics, error) {
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("shared client topics %q: %w", name, err)
	}
	document, err := ConfigureDocument()
	if err != nil {
		return nil, fmt.Errorf("shared client topics %q: %w", name, err)
	}
	t := &SharedClientTopics{}
	if err := ctx.RegisterComponentResource(TypeSharedClientTopics, name, t, opts...); err != nil {
		return nil, fmt.Errorf("registering shared client topics %q: %w", name, err)
	}
	c := newChildren(ctx, name, t, a.Tags, a.NamePrefix)
	doc, err := newConfigureDocument(c, document)
	if err != nil {
		return nil, fmt.Errorf("shared client topics %q: %w", name, err)
	}
	if !a.Paused {
		if err := newConfigureAssociation(c, doc, configureRun{
			InstanceID: a.InstanceID, BootstrapServers: a.BootstrapServers, Topics: a.Topics,
			RestProxyPort: a.RestProxyPort, RestProxyRoleArn: a.RestProxyRoleArn, Region: a.Region,
		}); err != nil {
			return nil, fmt.Errorf("shared client topics %q: %w", name, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(t, pulumi.Map{}); err != nil {
		return nil, fmt.Errorf("shared client topics %q outputs: %w", name, err)
	}
	return t, nil
}

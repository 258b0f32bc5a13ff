package plandiff

import (
	"bytes"
	"fmt"
	"time"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/durations"
)

// stateful names what deleting a resource of the type loses; a replacement deletes the old
// resource, so it loses the same.
var stateful = map[string]string{
	"aws:msk/cluster:Cluster": "every topic and its messages; clients need the new bootstrap brokers",
	// "deleting an environment causes metadata loss" (AWS Compute Blog, "Automating stopping
	// and starting Amazon MWAA environments to reduce cost").
	"aws:mwaa/environment:Environment": "the Airflow metadata database: DAG run history, variables and connections",
	"aws:s3/bucketV2:BucketV2":         "every object in the bucket",
	"aws:kinesis/stream:Stream":        "the records still within the stream's retention period",
}

// slow is the replacement time from which a stateless resource is worth calling out.
const slow = 5 * time.Minute

// CostlyChange is a replacement or removal that takes long or loses data.
type CostlyChange struct {
	ResourceRef
	Replaced bool
	// Seconds is the expected time: delete, plus create for a replacement.
	Seconds int
	// Loses is what the old resource's data was; empty for a stateless resource.
	Loses string
}

// Costly lists the replaced and removed resources that are slow or hold data, replacements
// first, each in the order the diff lists them.
func Costly(r *Result) []CostlyChange {
	var out []CostlyChange
	consider := func(ref ResourceRef, replaced bool) {
		t, _ := durations.For(ref.Type, true)
		d := t.Delete
		if replaced {
			d += t.Create
		}
		loses, ok := stateful[ref.Type]
		if !ok && d < slow {
			return
		}
		out = append(out, CostlyChange{ResourceRef: ref, Replaced: replaced, Seconds: int(d / time.Second), Loses: loses})
	}
	for _, c := range r.Replaced {
		consider(c.ResourceRef, true)
	}
	for _, ref := range r.Removed {
		consider(ref, false)
	}
	return out
}

func writeCostly(b *bytes.Buffer, r *Result) {
	costly := Costly(r)
	if len(costly) == 0 {
		return
	}
	fmt.Fprintf(b, "#### Time and data (%d)\n\nReplacing or removing these takes long or loses what they hold "+
		"(typical times from internal/durations).\n\n", len(costly))
	for _, c := range costly {
		verb := "removed"
		if c.Replaced {
			verb = "replaced"
		}
		loses := "nothing stored, but the service is down meanwhile"
		if c.Loses != "" {
			loses = "loses " + c.Loses
		}
		fmt.Fprintf(b, "- **%s %s** %s: about %s; %s\n", code(c.Type), escape(c.Name), verb, durations.Format(c.Seconds), loses)
	}
	b.WriteString("\n")
}

package cohort

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// The platform's load balancer carries one listener per learner, each learner's REST proxy on
// its own port in this range (cohort.proxyPort, the cohort contract of issue 16).
const (
	MinProxyPort = stacks.MinCohortProxyPort
	MaxProxyPort = stacks.MaxCohortProxyPort
	// MaxLearners is how many learners one platform serves, all cohorts together: one listener
	// each on its load balancer (spec.MaxListenersPerNLB, a quota AWS does not raise).
	MaxLearners = spec.MaxListenersPerNLB
)

// AssignPorts gives every learner of userIDs (in roster order) a proxy port, and fails when the
// platform would carry more than MaxLearners listeners. held maps the user
// ids of the learner stacks that exist already to the port their configuration holds: a learner
// keeps its port, so that re-running never moves a listener, and a stack no longer on the roster
// keeps its port reserved until it is destroyed. New learners get the lowest free port. When
// two stacks hold the same port, the first in roster order keeps it and the other moves.
func AssignPorts(userIDs []string, held map[string]int) (map[string]int, error) {
	taken := map[int]string{}
	// Stacks off the roster first: their listeners exist, and nothing here may take their port.
	for _, id := range slices.Sorted(maps.Keys(held)) {
		if port := held[id]; !slices.Contains(userIDs, id) && inRange(port) {
			if _, dup := taken[port]; !dup {
				taken[port] = id
			}
		}
	}
	if n := len(taken) + len(userIDs); n > MaxLearners {
		return nil, fmt.Errorf("the platform's load balancer would carry %d learner listeners (%d on the roster, %d held by learner stacks off it); "+
			"a Network Load Balancer holds at most %d and AWS does not raise that quota: destroy the stacks of learners who left, "+
			"or give the extra learners a platform stack of their own", n, len(userIDs), len(taken), MaxLearners)
	}
	ports := map[string]int{}
	var unassigned []string
	for _, id := range userIDs {
		port, ok := held[id]
		if _, dup := taken[port]; ok && inRange(port) && !dup {
			taken[port] = id
			ports[id] = port
			continue
		}
		unassigned = append(unassigned, id)
	}
	// At most MaxLearners ports are taken, fewer than the range holds, so a free one is found.
	next := MinProxyPort
	for _, id := range unassigned {
		for taken[next] != "" {
			next++
		}
		taken[next] = id
		ports[id] = next
	}
	return ports, nil
}

func inRange(port int) bool { return port >= MinProxyPort && port <= MaxProxyPort }

package cohort

import (
	"fmt"
	"maps"
	"slices"
)

// The platform's load balancer carries one listener per learner, each learner's REST proxy on
// its own port in this range (cohort.proxyPort, the cohort contract of issue 16).
const (
	MinProxyPort = 8100
	MaxProxyPort = 8199
	// MaxLearners is how many learners one platform serves: one port each.
	MaxLearners = MaxProxyPort - MinProxyPort + 1
)

// AssignPorts gives every learner of userIDs (in roster order) a proxy port. held maps the user
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
	next := MinProxyPort
	for _, id := range unassigned {
		for ; next <= MaxProxyPort; next++ {
			if _, used := taken[next]; !used {
				break
			}
		}
		if next > MaxProxyPort {
			return nil, fmt.Errorf("no free proxy port for %s: ports %d to %d are all held (%d learner stacks); "+
				"destroy the stacks of learners who left, or split the roster into two cohorts",
				id, MinProxyPort, MaxProxyPort, len(taken))
		}
		taken[next] = id
		ports[id] = next
	}
	return ports, nil
}

func inRange(port int) bool { return port >= MinProxyPort && port <= MaxProxyPort }

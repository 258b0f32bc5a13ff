// Package cost estimates what a stack costs per idle hour at list prices, from the resources
// it declares (type and inputs), per component and in total. The offline plan, the stack's
// estimatedHourlyCostUsd output and the policy pack's budget policy all use Estimate, so the
// three agree. Usage charges (requests, data, storage growth) are not estimated; the
// estimate lists which resource types carry them. A billable resource the table cannot
// price (an unknown class, another region, a value known only after apply) is reported as
// unpriced, never counted as free.
package cost

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Resource is one declared resource as the estimator needs it.
type Resource struct {
	URN  string
	Type string
	// Parent is the URN of the component the resource belongs to; its cost is attributed there.
	Parent string
	// Custom is false for component resources, which cost nothing themselves.
	Custom bool
	Inputs property.Map
}

// Line is one priced resource.
type Line struct {
	URN       string  `json:"urn"`
	Type      string  `json:"type"`
	Component string  `json:"component"`
	HourlyUSD float64 `json:"hourlyUsd"`
	// Basis says how the figure was computed, e.g. "2 × kafka.t3.small broker + 20 GB storage".
	Basis string `json:"basis"`
	// UpperBound is set when the figure is a ceiling (a larger class's price) rather than the
	// resource's own list price, which no source gave.
	UpperBound bool `json:"upperBound,omitempty"`
}

// UpperBoundMark starts the part of a basis that says the figure is a ceiling.
const UpperBoundMark = "at most "

// Unpriced is a billable resource the estimate could not price.
type Unpriced struct {
	URN       string `json:"urn"`
	Type      string `json:"type"`
	Component string `json:"component"`
	Reason    string `json:"reason"`
	// Pending is set when the price waits only for an input known after apply (during a
	// preview); the budget policy decides such a resource at `pulumi up`.
	Pending bool `json:"pending,omitempty"`
}

// ComponentCost is the total of one component's priced resources.
type ComponentCost struct {
	Component  string  `json:"component"`
	Name       string  `json:"name"`
	HourlyUSD  float64 `json:"hourlyUsd"`
	MonthlyUSD float64 `json:"monthlyUsd"`
}

// Estimate is a stack's idle cost at list prices.
type Estimate struct {
	Region     string  `json:"region"`
	Currency   string  `json:"currency"`
	HourlyUSD  float64 `json:"hourlyUsd"`
	MonthlyUSD float64 `json:"monthlyUsd"`
	// Complete is false when some billable resource is unpriced: the total is then a lower
	// bound, and the budget policy fails closed.
	Complete bool `json:"complete"`
	// UpperBounds counts the lines priced at a ceiling (see Line.UpperBound).
	UpperBounds int             `json:"upperBounds"`
	Components  []ComponentCost `json:"components"`
	Resources   []Line          `json:"resources"`
	Unpriced    []Unpriced      `json:"unpriced"`
	// UsageBased lists the declared resource types that bill only per use, which the estimate leaves out.
	UsageBased []string `json:"usageBased"`
}

// StackComponent is the component name of resources declared directly in the stack.
const StackComponent = "stack"

// priceFunc prices one resource: hourly USD and how, or a reason it cannot be priced.
type priceFunc func(in property.Map, p PriceTable) (hourly float64, basis string, unpriced string)

// EstimateResources prices resources with the region's table.
func EstimateResources(region string, resources []Resource) Estimate {
	table, regionKnown := Prices(region)
	return estimate(region, table, regionKnown, resources)
}

// estimate prices resources with table; regionKnown is false when no table covers the region.
func estimate(region string, table PriceTable, regionKnown bool, resources []Resource) Estimate {
	est := Estimate{
		Region: region, Currency: "USD",
		Components: []ComponentCost{}, Resources: []Line{}, Unpriced: []Unpriced{}, UsageBased: []string{},
	}
	byComponent := map[string]float64{}
	usage := map[string]bool{}
	var total float64
	for _, r := range resources {
		if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		component := componentOf(r.Parent)
		if _, free := freeTypes[r.Type]; free {
			continue
		}
		if _, perUse := usageTypes[r.Type]; perUse {
			usage[r.Type] = true
			continue
		}
		price, known := priced[r.Type]
		reason := ""
		var hourly float64
		var basis string
		switch {
		case !known:
			reason = "the price table has no rule for this type; add one to cost/estimate.go"
		case !regionKnown:
			reason = fmt.Sprintf("no list prices for region %s (cost/prices.go has tables for %s)", region, strings.Join(PricedRegions(), ", "))
		default:
			hourly, basis, reason = price(r.Inputs, table)
		}
		if reason != "" {
			est.Unpriced = append(est.Unpriced, Unpriced{URN: r.URN, Type: r.Type, Component: component, Reason: reason,
				Pending: strings.HasSuffix(reason, afterApply)})
			continue
		}
		total += hourly
		byComponent[component] += hourly
		bound := strings.Contains(basis, UpperBoundMark)
		if bound {
			est.UpperBounds++
		}
		est.Resources = append(est.Resources, Line{URN: r.URN, Type: r.Type, Component: component, HourlyUSD: round(hourly, 6), Basis: basis, UpperBound: bound})
	}
	for c, h := range byComponent {
		est.Components = append(est.Components, ComponentCost{Component: c, Name: shortName(c), HourlyUSD: round(h, 4), MonthlyUSD: round(h*HoursPerMonth, 2)})
	}
	sort.Slice(est.Components, func(i, j int) bool { return est.Components[i].Component < est.Components[j].Component })
	// Stable: the running program's own records have no URNs and keep their registration order.
	sort.SliceStable(est.Resources, func(i, j int) bool { return est.Resources[i].URN < est.Resources[j].URN })
	sort.SliceStable(est.Unpriced, func(i, j int) bool { return est.Unpriced[i].URN < est.Unpriced[j].URN })
	for t := range usage {
		est.UsageBased = append(est.UsageBased, t)
	}
	sort.Strings(est.UsageBased)
	est.HourlyUSD, est.MonthlyUSD = round(total, 4), round(total*HoursPerMonth, 2)
	est.Complete = len(est.Unpriced) == 0
	return est
}

// componentOf is the component a resource's cost is attributed to: its parent, or the stack
// for resources declared at the top level.
func componentOf(parent string) string {
	if parent == "" || strings.Contains(parent, "::pulumi:pulumi:Stack::") {
		return StackComponent
	}
	return parent
}

// shortName is the logical name at the end of a URN ("kafka" for "…KafkaCluster::kafka").
func shortName(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

func round(x float64, places int) float64 {
	scale := math.Pow(10, float64(places))
	return math.Round(x*scale) / scale
}

// TopComponents returns the components by descending cost (ties by name), for messages.
func (e Estimate) TopComponents(n int) []ComponentCost {
	out := append([]ComponentCost(nil), e.Components...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].HourlyUSD != out[j].HourlyUSD {
			return out[i].HourlyUSD > out[j].HourlyUSD
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

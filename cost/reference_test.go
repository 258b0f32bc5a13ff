package cost_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/cost"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/gendoc"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/sim"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/simcheck"
	"github.com/pinterest-pipeline/pinterest-pipeline/program"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the generated tables of docs/reference/prices.md")

const (
	pricesDoc     = "../docs/reference/prices.md"
	updateCommand = "go test ./cost -update"
)

// pricedRegions are the regions cost/prices.go covers, in the partition's order.
func pricedRegions(t *testing.T) []cost.PriceTable {
	t.Helper()
	var tables []cost.PriceTable
	for _, region := range stacks.AWSRegions() {
		if table, ok := cost.Prices(region); ok {
			tables = append(tables, table)
		}
	}
	require.NotEmpty(t, tables, "no region has prices")
	return tables
}

// priceReference renders one row per price in cost.PriceTable, with its doc comment and its
// value in every priced region ("—" where a region has none: unpriced, never free).
func priceReference(t *testing.T) string {
	t.Helper()
	docs, err := gendoc.FieldDocs("prices.go")
	require.NoError(t, err)
	tables := pricedRegions(t)
	var b strings.Builder
	b.WriteString("| Price | What it is |")
	for _, table := range tables {
		fmt.Fprintf(&b, " %s |", table.Region)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(tables)) + "\n")
	rows := 0
	pt := reflect.TypeOf(cost.PriceTable{})
	for i := range pt.NumField() {
		field := pt.Field(i)
		single := field.Type.Kind() == reflect.Pointer && field.Type.Elem().Kind() == reflect.Float64
		isPrice := single || (field.Type.Kind() == reflect.Map && field.Type.Elem().Kind() == reflect.Float64)
		if !isPrice {
			continue // the region's name, and MWAACeiling, which names a class, not a price
		}
		doc := docs["PriceTable."+field.Name]
		require.NotEmpty(t, doc, "cost.PriceTable.%s has no doc comment", field.Name)
		values := make([]reflect.Value, len(tables))
		for j, table := range tables {
			values[j] = reflect.ValueOf(table).Field(i)
		}
		switch {
		case single:
			rows++
			fmt.Fprintf(&b, "| `%s` | %s |", field.Name, gendoc.Cell(doc))
			for _, v := range values {
				if v.IsNil() {
					b.WriteString(" " + priceCell(0, false) + " |")
					continue
				}
				b.WriteString(" " + priceCell(v.Elem().Float(), true) + " |")
			}
			b.WriteString("\n")
		default:
			for _, key := range mapKeys(values) {
				rows++
				fmt.Fprintf(&b, "| `%s` `%s` | %s |", field.Name, key, gendoc.Cell(doc))
				for _, v := range values {
					price := v.MapIndex(reflect.ValueOf(key))
					if !price.IsValid() {
						b.WriteString(" " + priceCell(0, false) + " |")
						continue
					}
					b.WriteString(" " + priceCell(price.Float(), true) + " |")
				}
				b.WriteString("\n")
			}
		}
	}
	require.Positive(t, rows)
	return b.String()
}

func mapKeys(values []reflect.Value) []string {
	seen := map[string]bool{}
	for _, v := range values {
		for _, k := range v.MapKeys() {
			seen[k.String()] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func priceCell(price float64, ok bool) string {
	if !ok || price == 0 {
		return "—"
	}
	return fmt.Sprintf("%g", price)
}

// estimateCases are the stacks the reference prices, from fixtures with the Go defaults so
// that a learner's edits to the committed stack files do not change the reference.
var estimateCases = []struct{ stack, label string }{
	{"dev-workspace", "dev with a workspace (MWAA on), the shape of `Pulumi.dev.yaml`"},
	{"dev-batch", "dev, batch-only (what `go run ./cmd/init` writes)"},
	{"prod-defaults", "prod with a workspace, the Go defaults"},
}

func estimateReference(t *testing.T) string {
	t.Helper()
	project, err := sim.ReadProject("..") // Pulumi.yaml; the stacks are this package's fixtures

	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("| Stack | $/hour | $/month (730 h) | Largest parts ($/hour) |\n|---|---|---|---|\n")
	for _, c := range estimateCases {
		opts, err := sim.ReadStack("testdata", project, c.stack)
		require.NoError(t, err, c.stack)
		sim.StandInForMissingSecrets(&opts) // the Databricks token, as the offline plan does
		plan, err := sim.Run(opts, program.Stack)
		require.NoError(t, err, c.stack)
		est := cost.EstimateResources(opts.Config[stacks.RegionKey], simcheck.CostResources(plan.Resources))
		require.True(t, est.Complete, "%s: every billable resource is priced", c.stack)
		bound := ""
		if est.UpperBounds > 0 {
			bound = "at most " // a class counted at a ceiling's price
		}
		var parts []string
		for _, p := range est.TopComponents(4) {
			parts = append(parts, fmt.Sprintf("%s %.4f", p.Name, p.HourlyUSD))
		}
		fmt.Fprintf(&b, "| %s | %s%.4f | %s%.2f | %s |\n", c.label, bound, est.HourlyUSD, bound, est.MonthlyUSD, strings.Join(parts, ", "))
	}
	return b.String()
}

// One test rewrites both blocks, so two -update runs never write the file at once.
func TestPricesReferenceIsCurrent(t *testing.T) {
	t.Parallel()
	gendoc.AssertBlock(t, filepath.FromSlash(pricesDoc), "price-table", updateCommand, priceReference(t), *update)
	gendoc.AssertBlock(t, filepath.FromSlash(pricesDoc), "stack-estimates", updateCommand, estimateReference(t), *update)
}

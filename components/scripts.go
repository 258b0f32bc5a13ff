package components

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/pinterest-pipeline/pinterest-pipeline/components/spec"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// clientBaseDir is where the client host keeps Kafka, the REST proxy and their settings.
const clientBaseDir = "/opt/pinterest-pipeline"

// clientDownloadDir holds archives while they are checked and unpacked. It is on the root EBS
// volume: /tmp on Amazon Linux 2023 is a tmpfs capped at half the memory (AL2023 user guide,
// "tmpfs"), under 1 GiB on a t3.small, which the Confluent archive and its unpacking nearly fill.
const clientDownloadDir = clientBaseDir + "/downloads"

// Bash's [[ ]] and ${...} and SSM's {{ Name }} must pass through untouched, so our templates use {{% %}}.
var scriptTemplates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("scripts").Delims("{{%", "%}}").Option("missingkey=error").ParseFS(templateFS, "templates/*.tmpl")
})

// ClientSoftware is what the Kafka client host installs (spec.ClientSoftware, which the
// stack configuration resolves).
type ClientSoftware = spec.ClientSoftware

var checksumValue = regexp.MustCompile(`^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$`)

func validateSoftware(s ClientSoftware) error {
	required := map[string]string{
		"KafkaVersion": s.KafkaVersion, "KafkaURL": s.KafkaURL, "IAMAuthVersion": s.IAMAuthVersion,
		"IAMAuthURL": s.IAMAuthURL, "ConfluentVersion": s.ConfluentVersion, "ConfluentURL": s.ConfluentURL,
	}
	for _, name := range slices.Sorted(maps.Keys(required)) {
		if err := safeScriptValue("Software."+name, required[name]); err != nil {
			return err
		}
	}
	optional := map[string]string{
		"KafkaChecksumURL": s.KafkaChecksumURL, "IAMAuthChecksumURL": s.IAMAuthChecksumURL, "ConfluentChecksumURL": s.ConfluentChecksumURL,
	}
	for _, name := range slices.Sorted(maps.Keys(optional)) {
		if v := optional[name]; v != "" {
			if err := safeScriptValue("Software."+name, v); err != nil {
				return err
			}
		}
	}
	sums := map[string]string{"KafkaChecksum": s.KafkaChecksum, "IAMAuthChecksum": s.IAMAuthChecksum, "ConfluentChecksum": s.ConfluentChecksum}
	for _, name := range slices.Sorted(maps.Keys(sums)) {
		if v := sums[name]; v != "" && !checksumValue.MatchString(v) {
			return fmt.Errorf("Software.%s %q is neither sha256:<64 hex> nor sha512:<128 hex>", name, v)
		}
	}
	return nil
}

// safeScriptValue refuses values that could break out of the single quotes they are rendered in.
func safeScriptValue(field, v string) error {
	if v == "" {
		return fmt.Errorf("%s is empty", field)
	}
	if strings.ContainsAny(v, "'\n\r\\`$") {
		return fmt.Errorf("%s %q contains a quote, backslash, $ or line break, which the bootstrap script cannot carry", field, v)
	}
	return nil
}

func render(name string, data any) (string, error) {
	tmpl, err := scriptTemplates()
	if err != nil {
		return "", fmt.Errorf("parsing the script templates: %w", err)
	}
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("rendering %s: %w", name, err)
	}
	return b.String(), nil
}

// RenderClientUserData renders the client host's cloud-init script, which installs the
// software and nothing cluster-specific.
func RenderClientUserData(s ClientSoftware) (string, error) {
	if err := validateSoftware(s); err != nil {
		return "", err
	}
	return render("client-user-data.sh.tmpl", struct {
		ClientSoftware
		BaseDir, DownloadDir string
	}{s, clientBaseDir, clientDownloadDir})
}

// SSM document parameters of the configure script, with the patterns SSM checks them against
// before it substitutes them into the script.
var configureParameters = []struct {
	Name, Description, Pattern string
}{
	{"BootstrapServers", "The cluster's SASL/IAM bootstrap brokers, host:port,host:port", `^[a-zA-Z0-9.:,-]+$`},
	{"Topics", "Topics as name:partitions:replication-factor:retention-ms, space separated", `^[a-zA-Z0-9._:\- ]+$`},
	{"RestProxyPort", "The port the REST proxy listens on", `^[0-9]{4,5}$`},
	{"RestProxyRoleArn", "The produce-only IAM role the REST proxy signs as", `^arn:aws[a-z-]*:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_-]{1,64}$`},
	{"Region", "The region of the cluster and of the STS endpoint the REST proxy assumes its role through", `^[a-z]{2}(-[a-z]+)+-[0-9]$`},
}

// configureParameter returns one of configureParameters by name.
func configureParameter(name string) (p struct{ Name, Description, Pattern string }) {
	for _, c := range configureParameters {
		if c.Name == name {
			return c
		}
	}
	return p
}

// RenderConfigureScript renders the configure script with the given values for its parameters.
// The SSM document renders it with SSM's own {{ Name }} placeholders instead.
func RenderConfigureScript(values map[string]string) (string, error) {
	data := map[string]string{"BaseDir": clientBaseDir}
	for _, p := range configureParameters {
		v, ok := values[p.Name]
		if !ok {
			return "", fmt.Errorf("configure script: no value for %s", p.Name)
		}
		data[p.Name] = v
	}
	return render("configure-kafka-client.sh.tmpl", data)
}

// ConfigureDocument returns the content of the SSM Command document that runs the configure
// script. SSM runs runCommand lines with /bin/sh, so the script is written to a file and run
// with bash, which its syntax needs.
func ConfigureDocument() (string, error) {
	placeholders := map[string]string{}
	params := map[string]any{}
	for _, p := range configureParameters {
		placeholders[p.Name] = "{{ " + p.Name + " }}"
		params[p.Name] = map[string]any{"type": "String", "description": p.Description, "allowedPattern": p.Pattern}
	}
	script, err := RenderConfigureScript(placeholders)
	if err != nil {
		return "", err
	}
	path := clientBaseDir + "/configure-kafka-client.sh"
	lines := []string{"mkdir -p " + clientBaseDir, "cat > " + path + " <<'CONFIGURE_SCRIPT'"}
	lines = append(lines, strings.Split(strings.TrimSuffix(script, "\n"), "\n")...)
	lines = append(lines, "CONFIGURE_SCRIPT", "bash "+path)
	doc := map[string]any{
		"schemaVersion": "2.2",
		"description":   "Connect the Pinterest pipeline's Kafka client host to MSK and create the declared topics.",
		"parameters":    params,
		"mainSteps": []any{map[string]any{
			"action": "aws:runShellScript",
			"name":   "configureKafkaClient",
			"inputs": map[string]any{"timeoutSeconds": "3600", "runCommand": lines},
		}},
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	return string(out), err
}

// TopicSpec declares one topic for the client host to create (spec.TopicSpec, which the
// stack configuration's kafka.topics uses as it is).
type TopicSpec = spec.TopicSpec

// TopicsParameter encodes topic specs as the configure script's Topics parameter, in a stable order.
func TopicsParameter(topics []TopicSpec) string {
	specs := make([]string, len(topics))
	for i, t := range topics {
		specs[i] = fmt.Sprintf("%s:%d:%d:%d", t.Name, t.Partitions, t.ReplicationFactor, int64(t.RetentionHours)*3600*1000)
	}
	sort.Strings(specs)
	return strings.Join(specs, " ")
}

// DAGParams fills the DAG template.
type DAGParams struct {
	DAGID    string
	UserID   string
	Owner    string
	Schedule string
	// JobID is the Databricks batch job the DAG runs.
	JobID string
}

var (
	dagIDPattern    = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,250}$`)
	schedulePattern = regexp.MustCompile(`^(@(once|hourly|daily|weekly|monthly|yearly)|[0-9*/,\- ]+)$`)
	jobIDPattern    = regexp.MustCompile(`^[0-9]+$`)
)

// RenderDAG renders the Airflow DAG that runs the batch job.
func RenderDAG(p DAGParams) (string, error) {
	var errs []error
	if !dagIDPattern.MatchString(p.DAGID) || !dagIDPattern.MatchString(p.UserID) {
		errs = append(errs, fmt.Errorf("dag id %q or user id %q is not a legal Airflow id", p.DAGID, p.UserID))
	}
	if !schedulePattern.MatchString(p.Schedule) {
		errs = append(errs, fmt.Errorf("schedule %q is neither an Airflow preset such as @daily nor a cron expression", p.Schedule))
	}
	if !jobIDPattern.MatchString(p.JobID) {
		errs = append(errs, fmt.Errorf("job id %q is not a Databricks job id", p.JobID))
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	// A JSON string is also a valid Python string literal, whatever the owner's name holds.
	owner, err := json.Marshal(p.Owner)
	if err != nil {
		return "", err
	}
	return render("dag.py.tmpl", struct {
		DAGParams
		OwnerLiteral string
	}{p, string(owner)})
}

// RenderRequirements renders MWAA's requirements.txt for an Airflow version and its Python.
func RenderRequirements(airflowVersion, pythonVersion string) (string, error) {
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(airflowVersion) || !regexp.MustCompile(`^3\.\d+$`).MatchString(pythonVersion) {
		return "", fmt.Errorf("airflow %q / python %q are not versions", airflowVersion, pythonVersion)
	}
	return render("requirements.txt.tmpl", map[string]string{"AirflowVersion": airflowVersion, "PythonVersion": pythonVersion})
}

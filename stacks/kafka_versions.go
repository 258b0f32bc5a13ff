package stacks

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"
)

// KafkaVersion is one Apache Kafka version Amazon MSK offers, with the client software that
// matches it. The client host runs exactly these versions, so the CLI and the REST proxy speak
// the cluster's protocol version.
type KafkaVersion struct {
	// MSK is the version string MSK accepts, e.g. "3.8.x".
	MSK string
	// EndOfSupport is the first day MSK no longer supports the version; zero while none is published.
	EndOfSupport time.Time
	// Client is the Apache Kafka release whose CLI the client host installs.
	Client string
	// Confluent is the Confluent Platform release whose REST proxy is built on the same Kafka.
	Confluent string
}

func ymd(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// KafkaVersions is the MSK version table, oldest first. End-of-support dates are from the
// Amazon MSK developer guide, "Supported Apache Kafka versions" (read 2026-11-22), and the
// version-support page for 3.6.0 and 3.7.x. Keep it current: a version past its date is refused.
var KafkaVersions = []KafkaVersion{
	{MSK: "2.8.1", EndOfSupport: ymd(2024, time.September, 11), Client: "2.8.1", Confluent: "6.2.15"},
	{MSK: "2.8.2.tiered", EndOfSupport: ymd(2025, time.January, 14), Client: "2.8.2", Confluent: "6.2.15"},
	{MSK: "3.3.2", EndOfSupport: ymd(2024, time.September, 11), Client: "3.3.2", Confluent: "7.3.10"},
	{MSK: "3.4.0", EndOfSupport: ymd(2025, time.August, 4), Client: "3.4.1", Confluent: "7.4.8"},
	{MSK: "3.5.1", EndOfSupport: ymd(2025, time.October, 23), Client: "3.5.2", Confluent: "7.5.7"},
	{MSK: "3.6.0", EndOfSupport: ymd(2026, time.June, 1), Client: "3.6.2", Confluent: "7.6.5"},
	{MSK: "3.7.x", EndOfSupport: ymd(2026, time.September, 1), Client: "3.7.2", Confluent: "7.7.3"},
	{MSK: "3.8.x", Client: "3.8.1", Confluent: "7.8.2"},
	{MSK: "3.9.x", Client: "3.9.1", Confluent: "7.9.2"},
	{MSK: "4.0.x.kraft", Client: "4.0.0", Confluent: "8.0.0"},
	{MSK: "4.1.x.kraft", Client: "4.1.0", Confluent: "8.1.0"},
}

// DefaultKafkaVersion is the version MSK recommends for new clusters.
const DefaultKafkaVersion = "3.8.x"

// Supported reports whether MSK still supports the version on the given day.
func (v KafkaVersion) Supported(today time.Time) bool {
	return v.EndOfSupport.IsZero() || today.Before(v.EndOfSupport)
}

// LookupKafkaVersion returns the table entry for an MSK version string, or an error that names
// the nearest version MSK supports on the given day.
func LookupKafkaVersion(version string, today time.Time) (KafkaVersion, error) {
	for i, v := range KafkaVersions {
		if v.MSK != version {
			continue
		}
		if v.Supported(today) {
			return v, nil
		}
		return v, fmt.Errorf("reached end of support on MSK on %s; use %s, the nearest supported version",
			v.EndOfSupport.Format(time.DateOnly), nearestSupported(i, today))
	}
	return KafkaVersion{}, fmt.Errorf("is not a Kafka version MSK offers; use one of %s", strings.Join(SupportedKafkaVersions(today), ", "))
}

// nearestSupported is the first supported version at or after index i (upgrades only go forward).
func nearestSupported(i int, today time.Time) string {
	for _, v := range KafkaVersions[i:] {
		if v.Supported(today) {
			return v.MSK
		}
	}
	return DefaultKafkaVersion
}

// SupportedKafkaVersions lists the MSK versions supported on the given day, oldest first.
func SupportedKafkaVersions(today time.Time) []string {
	var out []string
	for _, v := range KafkaVersions {
		if v.Supported(today) {
			out = append(out, v.MSK)
		}
	}
	return out
}

// Download locations of the client host's software. The {version} placeholders are filled from
// the version table or from config, so no version is written twice.
const (
	defaultKafkaURL     = "https://archive.apache.org/dist/kafka/{version}/kafka_2.13-{version}.tgz"
	defaultIAMAuthURL   = "https://github.com/aws/aws-msk-iam-auth/releases/download/v{version}/aws-msk-iam-auth-{version}-all.jar"
	defaultConfluentURL = "https://packages.confluent.io/archive/{minor}/confluent-community-{version}.tar.gz"
	// Confluent Hub's current download location. The CloudFront addresses the course used
	// (d2p6pa21dvn84, d1i4a15mxbxib1) are not permanent (confluentinc/kafka-connect-storage-cloud#786,
	// confluentinc/cp-ansible#1575).
	defaultPluginURL = "https://hub-downloads.confluent.io/api/plugins/confluentinc/kafka-connect-s3/versions/{version}/confluentinc-kafka-connect-s3-{version}.zip"
	// DefaultIAMAuthVersion is the aws-msk-iam-auth release the client host installs.
	DefaultIAMAuthVersion = "2.3.0"
)

// ExpandURL fills {version} and {minor} (the first two version components) in a URL template.
func ExpandURL(template, version string) string {
	minor := version
	if parts := strings.SplitN(version, ".", 3); len(parts) >= 2 {
		minor = parts[0] + "." + parts[1]
	}
	return strings.NewReplacer("{version}", version, "{minor}", minor).Replace(template)
}

// MSKUnsupportedZoneIDs are zone ids where MSK cannot place brokers. Zone names map to ids
// differently in every account, so the network avoids these by id.
var MSKUnsupportedZoneIDs = map[string][]string{
	"us-east-1": {"use1-az3"},
}

// MWAAClasses are the MWAA environment classes, smallest first ("Amazon MWAA environment
// class", MWAA User Guide).
var MWAAClasses = []string{"mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge"}

// AirflowRelease is one Airflow release MWAA offers.
type AirflowRelease struct {
	// Python is the Python it runs, which names the constraints file requirements.txt pins the
	// Databricks provider with.
	Python string
	// Classes are the environment classes MWAA runs the release on.
	Classes []string
}

// AirflowReleases are the Airflow releases this stack deploys, from "Apache Airflow versions on
// Amazon Managed Workflows for Apache Airflow" (MWAA User Guide). The environment class page
// lists mw1.micro (added November 2024) next to the other classes without restricting it to
// some releases, so each release here takes every class; a release that does not goes in
// with its own list, and Validate refuses the pairs it leaves out.
var AirflowReleases = map[string]AirflowRelease{
	"2.9.2":  {Python: "3.11", Classes: MWAAClasses},
	"2.10.1": {Python: "3.11", Classes: MWAAClasses},
	"2.10.3": {Python: "3.11", Classes: MWAAClasses},
}

// iamConnectionRates are the new IAM-authenticated connections per second a broker accepts,
// where it is lower than the 20 of every other size (Amazon MSK developer guide, "Amazon MSK
// quota": "up to 20 TCP connections per broker per second for all broker types, except for
// brokers of type kafka.t3.small, which are limited to 4").
var iamConnectionRates = map[string]int{"kafka.t3.small": 4}

// KafkaWarnings are advice the plan prints about the Kafka settings: choices that are valid but
// known to fail under load. The cluster always uses IAM authentication, so the broker type alone
// decides the connection-rate warning.
func (c *Config) KafkaWarnings() []string {
	rate, ok := iamConnectionRates[c.Kafka.BrokerInstanceType]
	if !ok {
		return nil
	}
	return []string{fmt.Sprintf("kafka.brokerInstanceType %s accepts only %d new IAM-authenticated connections per second per broker "+
		"(20 for other broker types); a starting MSK Connect worker or a burst of Kafka CLI runs can exceed it and fail with "+
		"\"Too many connects\" (aws/aws-msk-iam-auth#28), even with the reconnect backoff the stack sets. "+
		"For a connector that must start reliably, set kafka.brokerInstanceType to kafka.m7g.large",
		c.Kafka.BrokerInstanceType, rate)}
}

// PluginCacheDir is where a Pulumi run keeps the S3 sink plugin archive, relative to the
// project directory (Pulumi runs the program there). The program uploads it from this file:
// Pulumi hashes an asset on every run, and a remote asset would be fetched every time.
const PluginCacheDir = ".cache/connect-plugins"

// PluginArchivePath is the cached plugin archive the program uploads.
func (c *Config) PluginArchivePath() string {
	return PluginCacheDir + "/" + path.Base(c.PluginURL())
}

// PinnedChecksums are the checksums of the client host's downloads, by file name, as
// "sha256:<hex>" or "sha512:<hex>". The host refuses a download that does not match.
// client.checksums adds to or overrides them. Sources (not re-computed here, no network):
//   - kafka_2.13-3.8.1.tgz, kafka_2.13-3.9.1.tgz: SHA-512 values copied from public installer
//     scripts that check them (two unrelated scripts agree on each); they were not recomputed
//     here, so the host also checks Apache's own .sha512 file and refuses the archive unless
//     both match.
//   - kafka_2.13-4.0.0.tgz, kafka_2.13-4.1.0.tgz: SHA-256 from Homebrew's kafka formula.
//
// aws-msk-iam-auth and the Confluent archives have no checksum published beside them; pin
// one with client.checksums after checking the file yourself.
var PinnedChecksums = map[string]string{
	"kafka_2.13-3.8.1.tgz": "sha512:b43fada353b7dca51c0f90acf594ec1ce06b2344c046d4059d4deab0615e0e3e76e92eccdbdfa1adad1fbde76c5f25e71acd0db013fb4b1778827448b5285edf",
	"kafka_2.13-3.9.1.tgz": "sha512:1ea204ba73411737a275429ca976d440f007ff0957b90b19be41dc5a4bae52617267769be9f0b5791714d0b3c4c760605bd426faea39edd90763585523fa2cfe",
	"kafka_2.13-4.0.0.tgz": "sha256:7b852e938bc09de10cd96eca3755258c7d25fb89dbdd76305717607e1835e2aa",
	"kafka_2.13-4.1.0.tgz": "sha256:85b4538470d1dcb98d0273286bfab8717065522e597ecfffcd4db83a3021758e",
}

var checksumPattern = regexp.MustCompile(`^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$`)

// ValidChecksum reports whether a checksum is written as "sha256:<64 hex>" or "sha512:<128 hex>".
func ValidChecksum(sum string) bool { return checksumPattern.MatchString(sum) }

// apacheHosts publish a .sha512 file beside every release archive
// (https://www.apache.org/info/verification.html).
var apacheHosts = []string{"https://archive.apache.org/dist/", "https://downloads.apache.org/", "https://dlcdn.apache.org/"}

// PublisherChecksumURL is the publisher's own checksum file for a download, or "" when the
// publisher has none.
func PublisherChecksumURL(url string) string {
	for _, host := range apacheHosts {
		if strings.HasPrefix(url, host) {
			return url + ".sha512"
		}
	}
	return ""
}

// checksumFor is the pinned checksum of a download: the stack's client.checksums entry for its
// file name, else the built-in one, else "".
func (c *Config) checksumFor(url string) string {
	name := path.Base(url)
	if sum, ok := c.Client.Checksums[name]; ok {
		return sum
	}
	return PinnedChecksums[name]
}

// DownloadWarnings name the downloads nothing can verify: client host software with neither a
// pinned checksum nor a publisher's checksum file (the host installs it and says so in its
// bootstrap log), and an S3 sink plugin without connect.pluginSha256.
func (c *Config) DownloadWarnings() []string {
	var out []string
	if sw, ok := c.ClientSoftware(); ok {
		for _, d := range []struct{ url, sum, sumURL string }{
			{sw.KafkaURL, sw.KafkaChecksum, sw.KafkaChecksumURL},
			{sw.IAMAuthURL, sw.IAMAuthChecksum, sw.IAMAuthChecksumURL},
			{sw.ConfluentURL, sw.ConfluentChecksum, sw.ConfluentChecksumURL},
		} {
			if d.sum == "" && d.sumURL == "" {
				out = append(out, fmt.Sprintf("%s has no pinned checksum and its publisher none beside it, so the client host installs it unverified; "+
					"check it yourself and pin it with `pulumi config set --path 'client.checksums[\"%s\"]' sha256:<hex>`", path.Base(d.url), path.Base(d.url)))
			}
		}
	}
	if c.Connect.PluginSHA256 == "" {
		out = append(out, fmt.Sprintf("connect.pluginSha256 is not set: the first `pulumi preview` or `pulumi up` on a machine trusts the plugin archive %s as downloaded and caches it; "+
			"pin its SHA-256 with `pulumi config set --path connect.pluginSha256 <hex>` (the first run prints it)", path.Base(c.PluginURL())))
	}
	return out
}

// Warnings are everything the plan and the preview advise about: Kafka choices known to fail
// under load and downloads nothing verifies.
func (c *Config) Warnings() []string {
	var ws []string
	if !c.IsLearner() { // a learner's brokers are its platform's
		ws = append(ws, c.KafkaWarnings()...)
	}
	if !c.IsPlatform() { // a platform installs nothing on a host and uploads no plugin
		ws = append(ws, c.DownloadWarnings()...)
	}
	return ws
}

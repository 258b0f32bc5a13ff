package components

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClientUserDataDownloadsToDiskNotTmp(t *testing.T) {
	t.Parallel()
	script, err := RenderClientUserData(testSoftware)
	require.NoError(t, err)
	assert.Contains(t, script, "readonly DOWNLOADS='/opt/pinterest-pipeline/downloads'")
	assert.Contains(t, script, `mkdir -p "$BASE" "$DOWNLOADS"`)
	assert.Contains(t, script, `archive="$DOWNLOADS/archive.tgz"`)
	// /tmp is a tmpfs of half the memory on Amazon Linux 2023: nothing may be written there.
	assert.NotRegexp(t, `/tmp/|mktemp|TMPDIR`, script)
}

func TestClientUserDataVerifiesEveryDownload(t *testing.T) {
	t.Parallel()
	sw := testSoftware
	sw.IAMAuthChecksum = "sha256:" + strings.Repeat("ab", 32)
	sw.ConfluentChecksumURL = "https://packages.example.com/confluent.tar.gz.sha256"
	script, err := RenderClientUserData(sw)
	require.NoError(t, err)
	for _, want := range []string{
		`unpack "$KAFKA_URL" "$KAFKA_CHECKSUM" "$KAFKA_CHECKSUM_URL" "$kafka_dir"`,
		`download "$IAM_AUTH_URL" "$IAM_AUTH_CHECKSUM" "$IAM_AUTH_CHECKSUM_URL" "$iam_jar"`,
		`unpack "$CONFLUENT_URL" "$CONFLUENT_CHECKSUM" "$CONFLUENT_CHECKSUM_URL" "$confluent_dir"`,
		"readonly KAFKA_CHECKSUM='" + testSoftware.KafkaChecksum + "'",
		"readonly KAFKA_CHECKSUM_URL='https://archive.apache.org/dist/kafka/3.8.1/kafka_2.13-3.8.1.tgz.sha512'",
		"readonly IAM_AUTH_CHECKSUM='sha256:" + strings.Repeat("ab", 32) + "'",
		"readonly CONFLUENT_CHECKSUM_URL='https://packages.example.com/confluent.tar.gz.sha256'",
	} {
		assert.Contains(t, script, want)
	}
	assert.Equal(t, 1, strings.Count(script, "curl "), "every download goes through fetch, and so through verify")
	checkShell(t, "user-data-checksums.sh", script)

	_, err = RenderClientUserData(ClientSoftware{
		KafkaVersion: "3.8.1", KafkaURL: "https://a/k.tgz", KafkaChecksum: "md5:abc",
		IAMAuthVersion: "2.3.0", IAMAuthURL: "https://a/i.jar", ConfluentVersion: "7.8.2", ConfluentURL: "https://a/c.tgz",
	})
	assert.ErrorContains(t, err, "KafkaChecksum")
}

// bootstrapFunctions cuts the shell functions out of the rendered user data, so a test can run
// the very download and verification code the host runs, against a stub curl.
func bootstrapFunctions(t *testing.T, script string) string {
	t.Helper()
	var out []string
	for _, name := range []string{"fail", "fetch", "digest", "checksum_in", "verify", "download"} {
		m := regexp.MustCompile(`(?ms)^` + name + `\(\) \{\n.*?^\}\n`).FindString(script)
		require.NotEmpty(t, m, "the user data defines %s()", name)
		out = append(out, m)
	}
	return strings.Join(out, "\n")
}

func TestClientUserDataDownloadChecks(t *testing.T) {
	t.Parallel()
	script, err := RenderClientUserData(testSoftware)
	require.NoError(t, err)
	functions := bootstrapFunctions(t, script)

	content := []byte("pretend this is kafka_2.13-3.8.1.tgz\n")
	s256 := sha256.Sum256(content)
	s512 := sha512.Sum512(content)
	hex256, hex512 := hex.EncodeToString(s256[:]), hex.EncodeToString(s512[:])
	// Apache writes its .sha512 files with gpg --print-md: upper case, in groups, over lines.
	upper := strings.ToUpper(hex512)
	var groups []string
	for i := 0; i < len(upper); i += 8 {
		groups = append(groups, upper[i:i+8])
	}
	gpgStyle := "kafka.tgz: " + strings.Join(groups[:8], " ") + "\n           " + strings.Join(groups[8:], " ") + "\n"
	wrong := strings.Repeat("0", 64)

	tests := []struct {
		name, pinned, publisher string // publisher: the checksum file's text; "-" when it cannot be fetched
		ok                      bool
		log                     string
	}{
		{"pinned sha256 matches", "sha256:" + hex256, "", true, "sha256 matches the pinned checksum"},
		{"pinned sha512 matches", "sha512:" + hex512, "", true, "sha512 matches the pinned checksum"},
		{"pinned checksum differs", "sha256:" + wrong, "", false, "bootstrap FAILED: kafka.tgz: sha256 is " + hex256 + " but the pinned checksum is " + wrong},
		{"publisher file in gpg format matches", "", gpgStyle, true, "sha512 matches https://mirror.example/kafka.tgz.sha512"},
		{"publisher file in sha256sum format matches", "", hex256 + "  kafka.tgz\n", true, "sha256 matches"},
		{"publisher file differs", "", wrong + "  kafka.tgz\n", false, "bootstrap FAILED: kafka.tgz: sha256 is " + hex256 + " but https://mirror.example/kafka.tgz.sha512 says " + wrong},
		{"publisher file unreachable", "", "-", false, "bootstrap FAILED: kafka.tgz: cannot fetch the publisher's checksum"},
		{"pinned matches but publisher differs", "sha256:" + hex256, wrong + "  kafka.tgz\n", false, "refusing the download"},
		{"nothing to check against", "", "", true, "WARNING: kafka.tgz is NOT verified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testtool.RequireOne(t, "bash")
			dir := t.TempDir()
			mirror := filepath.Join(dir, "mirror")
			require.NoError(t, os.MkdirAll(mirror, 0o755))
			require.NoError(t, os.MkdirAll(filepath.Join(dir, "downloads"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(mirror, "kafka.tgz"), content, 0o600))
			sumURL := ""
			if tt.publisher != "" {
				sumURL = "https://mirror.example/kafka.tgz.sha512"
				if tt.publisher != "-" {
					require.NoError(t, os.WriteFile(filepath.Join(mirror, "kafka.tgz.sha512"), []byte(tt.publisher), 0o600))
				}
			}
			// curl is replaced by a copy from the mirror directory, keyed by the URL's file name.
			harness := "set -euo pipefail\n" +
				"DOWNLOADS=" + filepath.Join(dir, "downloads") + "\n" +
				`curl() { local out url; while (($#)); do case $1 in --output) out=$2; shift 2 ;; --*) shift; [[ ${1:-} =~ ^[0-9]+$ ]] && shift; true ;; *) url=$1; shift ;; esac; done; cp "` + mirror + `/${url##*/}" "$out" 2>/dev/null; }` + "\n" +
				functions + "\n" +
				`download "https://mirror.example/kafka.tgz" "$1" "$2" "` + filepath.Join(dir, "kafka.tgz") + `"` + "\n" +
				"echo DONE\n"
			path := filepath.Join(dir, "harness.sh")
			require.NoError(t, os.WriteFile(path, []byte(harness), 0o600))
			out, err := exec.Command("bash", path, tt.pinned, sumURL).CombinedOutput()
			assert.Contains(t, string(out), tt.log)
			_, statErr := os.Stat(filepath.Join(dir, "kafka.tgz"))
			if tt.ok {
				require.NoError(t, err, "%s", out)
				assert.Contains(t, string(out), "DONE")
				assert.NoError(t, statErr, "a verified download is moved into place")
			} else {
				require.Error(t, err, "%s", out)
				assert.NotContains(t, string(out), "DONE")
				assert.True(t, os.IsNotExist(statErr), "a refused download never reaches its destination")
			}
		})
	}
}

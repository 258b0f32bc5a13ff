package plugincache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var archive = []byte("PK\x03\x04 pretend plugin archive")

func archiveSHA256() string {
	s := sha256.Sum256(archive)
	return hex.EncodeToString(s[:])
}

// server serves the archive and counts the requests it gets.
func server(t *testing.T, body []byte, status int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestEnsureDownloadsOnceThenReadsTheCache(t *testing.T) {
	t.Parallel()
	srv, hits := server(t, archive, http.StatusOK)
	path := filepath.Join(t.TempDir(), "cache", "plugin.zip")

	first, err := Ensure(context.Background(), srv.Client(), srv.URL+"/plugin.zip", path, archiveSHA256())
	require.NoError(t, err)
	assert.True(t, first.Downloaded)
	assert.Equal(t, archiveSHA256(), first.SHA256)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, archive, got)

	second, err := Ensure(context.Background(), srv.Client(), srv.URL+"/plugin.zip", path, archiveSHA256())
	require.NoError(t, err)
	assert.False(t, second.Downloaded)
	assert.Equal(t, int32(1), hits.Load(), "an unchanged plugin is read from disk, not fetched again")
}

func TestEnsureWorksOfflineOnceCached(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "plugin.zip")
	require.NoError(t, os.WriteFile(path, archive, 0o600))
	// An address nothing answers: the cached, matching file must be enough.
	offline := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		t.Error("Ensure went to the network for a cached plugin")
		return nil, http.ErrServerClosed
	})}
	res, err := Ensure(context.Background(), offline, "https://hub-downloads.confluent.io/plugin.zip", path, archiveSHA256())
	require.NoError(t, err)
	assert.False(t, res.Downloaded)
}

func TestEnsureRefusesAnArchiveThatDoesNotMatchThePin(t *testing.T) {
	t.Parallel()
	srv, _ := server(t, []byte("tampered"), http.StatusOK)
	dir := t.TempDir()
	path := filepath.Join(dir, "plugin.zip")
	_, err := Ensure(context.Background(), srv.Client(), srv.URL+"/plugin.zip", path, archiveSHA256())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not the pinned "+archiveSHA256())
	assert.Contains(t, err.Error(), "connect.pluginSha256")
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "nothing is left in the cache")
}

func TestEnsureReplacesAStaleCacheEntry(t *testing.T) {
	t.Parallel()
	srv, hits := server(t, archive, http.StatusOK)
	path := filepath.Join(t.TempDir(), "plugin.zip")
	require.NoError(t, os.WriteFile(path, []byte("an older plugin"), 0o600))
	res, err := Ensure(context.Background(), srv.Client(), srv.URL+"/plugin.zip", path, archiveSHA256())
	require.NoError(t, err)
	assert.True(t, res.Downloaded)
	assert.Equal(t, int32(1), hits.Load())
	got, _ := os.ReadFile(path)
	assert.Equal(t, archive, got)
}

func TestEnsureTrustsTheFirstDownloadWhenNothingIsPinned(t *testing.T) {
	t.Parallel()
	srv, hits := server(t, archive, http.StatusOK)
	path := filepath.Join(t.TempDir(), "plugin.zip")
	res, err := Ensure(context.Background(), srv.Client(), srv.URL+"/plugin.zip", path, "")
	require.NoError(t, err)
	assert.Equal(t, archiveSHA256(), res.SHA256, "the hash to pin is reported")
	_, err = Ensure(context.Background(), srv.Client(), srv.URL+"/plugin.zip", path, "")
	require.NoError(t, err)
	assert.Equal(t, int32(1), hits.Load())
}

func TestEnsureReportsAFailedDownload(t *testing.T) {
	t.Parallel()
	srv, _ := server(t, []byte("gone"), http.StatusForbidden)
	path := filepath.Join(t.TempDir(), "plugin.zip")
	_, err := Ensure(context.Background(), srv.Client(), srv.URL+"/plugin.zip", path, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "403 Forbidden")
	assert.Contains(t, err.Error(), "connect.pluginUrl")
	_, statErr := os.Stat(path)
	assert.True(t, os.IsNotExist(statErr))
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

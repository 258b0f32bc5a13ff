// Package plugincache keeps a downloaded archive on local disk, checked against its SHA-256, so
// that a Pulumi run reads the MSK Connect plugin from a file instead of the network.
//
// Pulumi hashes an asset's content on every preview and update (pulumi/pulumi#455); a remote
// asset is therefore fetched on every run, and every run fails the day its address stops
// answering. A file asset is read from disk: once the archive is cached, neither the plan nor a
// preview of an unchanged plugin touches the network.
package plugincache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// Result describes the cached archive.
type Result struct {
	// Path is the cached file.
	Path string
	// SHA256 is its SHA-256 in lowercase hex.
	SHA256 string
	// Downloaded is true when this call fetched it.
	Downloaded bool
}

// Ensure makes path hold the archive at url. A cached file is used as it is when it matches
// sha256Hex, or when sha256Hex is empty (nothing pinned yet: the first download is trusted and
// its hash returned so it can be pinned). Otherwise the archive is downloaded once, checked, and
// only then put in place; a mismatch leaves nothing behind and names both hashes.
func Ensure(ctx context.Context, client *http.Client, url, path, sha256Hex string) (Result, error) {
	if sum, err := fileSHA256(path); err == nil {
		if sha256Hex == "" || sum == sha256Hex {
			return Result{Path: path, SHA256: sum}, nil
		}
		// A stale or damaged cache entry (for example after the pin changed): fetch it again.
	} else if !errors.Is(err, os.ErrNotExist) {
		return Result{}, fmt.Errorf("reading the cached plugin %s: %w", path, err)
	}
	sum, err := download(ctx, client, url, path, sha256Hex)
	if err != nil {
		return Result{}, err
	}
	return Result{Path: path, SHA256: sum, Downloaded: true}, nil
}

func download(ctx context.Context, client *http.Client, url, path, sha256Hex string) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("creating the plugin cache: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("downloading the plugin: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("downloading the plugin from %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("downloading the plugin from %s: %s; set connect.pluginUrl to a working address", url, resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".part-*")
	if err != nil {
		return "", fmt.Errorf("writing the plugin cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), resp.Body); err != nil {
		tmp.Close()
		return "", fmt.Errorf("downloading the plugin from %s: %w", url, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("writing the plugin cache: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if sha256Hex != "" && sum != sha256Hex {
		return "", fmt.Errorf("the plugin from %s has SHA-256 %s, not the pinned %s (connect.pluginSha256); refusing it", url, sum, sha256Hex)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("writing the plugin cache: %w", err)
	}
	return sum, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

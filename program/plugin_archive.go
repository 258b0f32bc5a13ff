package program

import (
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/plugincache"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PreparePluginArchive makes sure the S3 sink plugin archive Deploy uploads is in the local
// cache under the project directory root, checked against connect.pluginSha256. Only a real
// Pulumi run calls it (main.go): the offline plan and the tests declare the same file asset
// without the file, so they never touch the network. Once cached, an unchanged plugin is read
// from disk on every preview and update.
func PreparePluginArchive(ctx *pulumi.Context, cfg *stacks.Config, client *http.Client, root string) error {
	path := filepath.Join(root, filepath.FromSlash(cfg.PluginArchivePath()))
	res, err := plugincache.Ensure(ctx.Context(), client, cfg.PluginURL(), path, cfg.Connect.PluginSHA256)
	if err != nil {
		return fmt.Errorf("preparing the S3 sink plugin: %w", err)
	}
	if res.Downloaded {
		if err := ctx.Log.Info(fmt.Sprintf("downloaded %s into %s (SHA-256 %s)", cfg.PluginURL(), cfg.PluginArchivePath(), res.SHA256), nil); err != nil {
			return fmt.Errorf("logging: %w", err)
		}
	}
	if cfg.Connect.PluginSHA256 == "" {
		msg := fmt.Sprintf("connect.pluginSha256 is not set, so the plugin archive %s (SHA-256 %s) was trusted as downloaded; "+
			"pin it with `pulumi config set --path connect.pluginSha256 %s`", cfg.PluginArchivePath(), res.SHA256, res.SHA256)
		if err := ctx.Log.Warn(msg, nil); err != nil {
			return fmt.Errorf("logging: %w", err)
		}
	}
	return nil
}

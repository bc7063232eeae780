package app

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// runStore runs the embedded store as its own process, so several server instances can
// share it (scale-out tests, store-outage drills).
func runStore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ideenwerk store", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := getenv("IDEENWERK_DATA_DIR")
	if dir == "" {
		dir = "./data"
	}
	dataDir := fs.String("data-dir", dir+"/store", "directory of the store's SQLite files")
	addr := fs.String("addr", "127.0.0.1:27017", "loopback address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := newLogger(getenv("IDEENWERK_LOG_FORMAT"), "info", stderr)
	e, err := mongo.StartEmbedded(ctx, *dataDir, *addr, logger)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", e.URI)
	<-ctx.Done()
	e.Stop()
	return nil
}

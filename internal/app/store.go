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
	db := getenv("IDEENWERK_DATABASE")
	if db == "" {
		db = "ideenwerk"
	}
	database := fs.String("database", db, "database the servers use (IDEENWERK_DATABASE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := newLogger(getenv("IDEENWERK_LOG_FORMAT"), "info", stderr)
	e, err := mongo.StartEmbedded(ctx, *dataDir, *addr, logger)
	if err != nil {
		return err
	}
	// Create every partition and index its _id before any server connects (see
	// mongo.DB.CreateCollections).
	if err := prepareStandalone(ctx, e, *database); err != nil {
		e.Stop()
		return err
	}
	fmt.Fprintf(stdout, "%s\n", e.URI)
	<-ctx.Done()
	e.Stop()
	return nil
}

func prepareStandalone(ctx context.Context, e *mongo.Embedded, database string) error {
	db, err := mongo.Open(ctx, e.URI, database)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close(context.WithoutCancel(ctx)) }()
	if _, err := db.CreateCollections(ctx); err != nil {
		return err
	}
	return e.IndexIDs(ctx)
}

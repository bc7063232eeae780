package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"

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
	sync := getenv("IDEENWERK_STORE_SYNC")
	if sync == "" {
		sync = mongo.SyncNormal
	}
	syncMode := fs.String("sync", sync, "when commits reach the disk: normal or full (IDEENWERK_STORE_SYNC)")
	db := getenv("IDEENWERK_DATABASE")
	if db == "" {
		db = "ideenwerk"
	}
	database := fs.String("database", db, "database the servers use (IDEENWERK_DATABASE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if !loopback(*addr) {
		return fmt.Errorf("store: -addr %s is not a loopback address: the embedded store has no authentication, so it serves this machine only (share a database across machines with MongoDB)", *addr)
	}
	logger := newLogger(getenv("IDEENWERK_LOG_FORMAT"), "info", stderr)
	// The store listens on a private port first: every collection and index is created (see
	// mongo.DB.CreateCollections) before a server can connect — a schema change while a
	// server reads makes its read fail — and only then is the public address opened, in
	// front of the private one.
	release, err := mongo.LockStore(*dataDir)
	if err != nil {
		return err
	}
	defer release()
	e, err := mongo.StartEmbedded(ctx, *dataDir, "", *syncMode, logger)
	if err != nil {
		return err
	}
	defer e.Stop()
	if err := prepareStandalone(ctx, e, *database); err != nil {
		return err
	}
	private, err := url.Parse(e.URI)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	public := *private
	public.Host = ln.Addr().String()
	fmt.Fprintf(stdout, "%s\n", public.String())
	forward(ctx, ln, private.Host, logger)
	return nil
}

// forward passes every connection accepted on ln to target until ctx ends, then closes
// the listener and the connections.
func forward(ctx context.Context, ln net.Listener, target string, logger *slog.Logger) {
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	track := func(c net.Conn, on bool) {
		mu.Lock()
		defer mu.Unlock()
		if on {
			conns[c] = true
		} else {
			delete(conns, c)
		}
	}
	go func() {
		<-ctx.Done()
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for c := range conns {
			_ = c.Close()
		}
	}()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() == nil {
				logger.Error("store: accept", "err", err)
			}
			return
		}
		wg.Go(func() {
			defer c.Close()
			b, err := net.Dial("tcp", target)
			if err != nil {
				logger.Error("store: connect to the embedded store", "err", err)
				return
			}
			defer b.Close()
			track(c, true)
			track(b, true)
			defer track(c, false)
			defer track(b, false)
			done := make(chan struct{}, 2)
			pipe := func(dst, src net.Conn) {
				_, _ = io.Copy(dst, src)
				done <- struct{}{}
			}
			go pipe(b, c)
			go pipe(c, b)
			<-done // one side closed: close both, so the other copy ends too
		})
	}
}

func prepareStandalone(ctx context.Context, e *mongo.Embedded, database string) error {
	db, err := mongo.Open(ctx, e.URI, database)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close(context.WithoutCancel(ctx)) }()
	if _, err := db.MoveToLayout(ctx); err != nil {
		return err
	}
	if _, err := db.CreateCollections(ctx); err != nil {
		return err
	}
	// The servers' own EnsureIndexes then finds every index there: no schema change while
	// they serve.
	if err := db.EnsureIndexes(ctx); err != nil {
		return err
	}
	return e.IndexIDs(ctx)
}

// loopback reports whether addr (host:port) names a loopback host: localhost or a loopback IP.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

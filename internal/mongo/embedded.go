package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/gofrs/flock"
)

// Embedded is a FerretDB server with the SQLite backend running in this process.
type Embedded struct {
	URI    string
	dir    string
	logger *slog.Logger
	cancel context.CancelFunc
	done   chan struct{}
	// flushDone is closed when the write-ahead log flusher ended (SyncNormal).
	flushDone chan struct{}
}

// EmbeddedPoolSize is the driver's connection pool size for the embedded store (see
// StartEmbedded).
const EmbeddedPoolSize = 8

// SyncFull and SyncNormal are the embedded store's choices of when commits reach the disk
// (SQLite's synchronous setting; the store runs in WAL mode).
//
// With SyncNormal (the default) a commit is written to the write-ahead log without waiting
// for the disk, and the store flushes the logs to the disk every walFlushInterval (like
// MongoDB's journal, every 100 ms by default) — outside SQLite's write lock, for all the
// commits since at once. A crash of the process loses nothing; a crash of the machine or a
// power cut may lose the commits of the last interval, never the store (SQLite's recovery
// ends the log at its last whole commit). With SyncFull every commit waits for the disk,
// and SQLite holds the database's write lock meanwhile: measured, supports at 32 clients
// went from 1,420 to 890 per second (p95 38 → 71 ms).
const (
	SyncNormal = "normal"
	SyncFull   = "full"
)

// walCheckpointPages is the size of a write-ahead log (pages of 4 KiB) at which the
// connection whose commit passed it copies the log back into the database file (SQLite's
// wal_autocheckpoint; its default is 1,000). A page written many times between two
// checkpoints is copied once, so fewer, larger checkpoints copy less: under reviews at 32
// clients, checkpoints took 13 % of the server's CPU at 4,000 pages and 10 % at 16,000 (a
// log of up to 64 MiB per database file, on the disk, not in memory). Two ways of moving
// checkpoints out of the requests were tried and dropped. A loop on connections of the
// store's own, kept open, corrupted a database dropped and created again under the same
// name (the old log was replayed into the new file; an import test found it). Opened per
// checkpoint, they were safe for the server (which never drops a database) but did not
// help: under continuous writes a background checkpoint never catches up with the log's
// end, so the log is never restarted, grows past this limit, and the committing
// connections checkpoint anyway.
const walCheckpointPages = 16_000

// walFlushInterval is how often a SyncNormal store flushes its write-ahead logs.
const walFlushInterval = 100 * time.Millisecond

// StartEmbedded starts FerretDB on a loopback port chosen by the OS, storing its data in
// dir (created if needed). addr may name a fixed loopback address ("127.0.0.1:27017") for
// the standalone store; empty picks a free port. sync is SyncNormal or SyncFull (empty:
// SyncNormal).
func StartEmbedded(ctx context.Context, dir, addr, sync string, logger *slog.Logger) (*Embedded, error) {
	switch sync {
	case "":
		sync = SyncNormal
	case SyncNormal, SyncFull:
	default:
		return nil, fmt.Errorf("embedded store: synchronous mode %q is not %s or %s", sync, SyncNormal, SyncFull)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	// FerretDB logs every connection at info; only its errors are of interest here (it warns about every command it lacks, e.g. endSessions).
	fl := slog.New(levelFilter{Handler: logger.Handler(), min: slog.LevelError}).With("component", "ferretdb")
	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: addr},
		Handler:  "sqlite",
		// A 64 KiB page cache per SQLite connection instead of 2 MiB: FerretDB keeps a
		// connection per concurrent operation open for each database (one per partitioned
		// family, see layout.go), and the OS caches the files anyway. Statement journals in
		// memory: FerretDB runs each write in a transaction, so every UPDATE keeps one, and
		// by default it starts as a 64 KiB buffer that the Go SQLite port maps and unmaps
		// per statement (2–3 % of the CPU under writes); in memory it grows in 1 KiB pieces.
		SQLiteURL: "file:" + abs + "/?_pragma=cache_size(-64)&_pragma=temp_store(memory)&_pragma=synchronous(" + sync + ")" +
			"&_pragma=wal_autocheckpoint(" + strconv.Itoa(walCheckpointPages) + ")",
		Logger: fl,
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded store: %w", err)
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e := &Embedded{cancel: cancel, done: make(chan struct{}), dir: abs, logger: logger}
	go func() {
		defer close(e.done)
		_ = f.Run(rctx)
	}()
	// MongoDBURI blocks until the listener is up; it must only be called after Run started.
	uriCh := make(chan string, 1)
	go func() { uriCh <- f.MongoDBURI() }()
	select {
	case uri := <-uriCh:
		// Each concurrent operation holds one of FerretDB's SQLite connections, and each
		// connection keeps its own parsed copy of the schema (thousands of tables and
		// indexes: the partitions): 16 connections keep both CPUs busy, 100 (the driver's
		// default) only cost memory.
		e.URI = uri + "?maxPoolSize=" + strconv.Itoa(EmbeddedPoolSize)
	case <-time.After(30 * time.Second):
		cancel()
		return nil, errors.New("embedded store did not start within 30s")
	}
	// No client has the URI yet, so indexing the existing tables disturbs nobody.
	if err := e.IndexIDs(ctx); err != nil {
		logger.Warn("embedded store: add _id lookup indexes", "err", err)
	}
	if sync == SyncNormal {
		e.flushDone = make(chan struct{})
		go e.flushLoop(rctx)
	}
	return e, nil
}

// flushLoop flushes the write-ahead logs every walFlushInterval until ctx ends, and once
// more then.
func (e *Embedded) flushLoop(ctx context.Context) {
	defer close(e.flushDone)
	t := time.NewTicker(walFlushInterval)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			_, _ = e.FlushWAL()
			return
		case <-t.C:
		}
		// Told once when flushing fails, and once when it works again.
		_, err := e.FlushWAL()
		switch {
		case err != nil && !failing:
			e.logger.Error("embedded store: flush the write-ahead logs", "err", err)
		case err == nil && failing:
			e.logger.Info("embedded store: the write-ahead logs are flushed again")
		}
		failing = err != nil
	}
}

// FlushWAL writes the store's write-ahead logs through to the disk (fsync: of the file,
// whichever descriptor wrote it) and reports how many it flushed.
func (e *Embedded) FlushWAL() (int, error) {
	logs, err := filepath.Glob(filepath.Join(e.dir, "*.sqlite-wal"))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, name := range logs {
		f, err := os.Open(name)
		if errors.Is(err, os.ErrNotExist) {
			continue // its database was closed meanwhile
		}
		if err == nil {
			err = f.Sync()
			_ = f.Close()
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// IndexIDs adds the _id lookup index (see sqliteindex.go) to every collection table that
// lacks it. Call it only while no request runs.
func (e *Embedded) IndexIDs(ctx context.Context) error {
	x := newIDIndexer(e.dir, e.logger)
	defer x.close()
	return x.pass(ctx)
}

// Stop shuts the store down and waits for it, at most 5 seconds: FerretDB waits for its
// clients to disconnect, and a server holding connections would otherwise keep it alive.
func (e *Embedded) Stop() {
	e.cancel()
	select {
	case <-e.done:
	case <-time.After(5 * time.Second):
	}
	if e.flushDone != nil {
		<-e.flushDone
	}
}

// levelFilter passes on the records at min or above. FerretDB derives a logger with
// attributes for every connection and command; applying them costs the JSON handler its
// pre-formatting each time, so they are kept and applied only to a record that passes.
type levelFilter struct {
	slog.Handler
	min slog.Level
	ops []func(slog.Handler) slog.Handler // WithAttrs and WithGroup, not applied yet
}

func (l levelFilter) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.Handler.Enabled(ctx, lv)
}

func (l levelFilter) Handle(ctx context.Context, r slog.Record) error {
	h := l.Handler
	for _, op := range l.ops {
		h = op(h)
	}
	return h.Handle(ctx, r)
}

func (l levelFilter) with(op func(slog.Handler) slog.Handler) slog.Handler {
	return levelFilter{Handler: l.Handler, min: l.min, ops: append(slices.Clip(l.ops), op)}
}

func (l levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return l.with(func(h slog.Handler) slog.Handler { return h.WithAttrs(a) })
}

func (l levelFilter) WithGroup(n string) slog.Handler {
	return l.with(func(h slog.Handler) slog.Handler { return h.WithGroup(n) })
}

// lockFile is the writer lock of an embedded store's data directory (LockStore).
const lockFile = "ideenwerk.lock"

// LockStore takes the writer lock of the embedded store in dir (created if needed): the
// lock of a process that is the store's only writer of ideas (a server on its own embedded
// store, `ideenwerk store`, doctor, import). It fails at once, naming the cause, when
// another process holds it; release frees it (the OS frees it when the process ends).
func LockStore(dir string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	l := flock.New(filepath.Join(dir, lockFile))
	ok, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock the store directory %s: %w", dir, err)
	}
	if !ok {
		return nil, fmt.Errorf("the store directory %s is in use by another Ideenwerk process (a server, `ideenwerk store`, doctor or import); "+
			"stop it first — several servers share one store through `ideenwerk store` and IDEENWERK_MONGODB_URI", dir)
	}
	return func() { _ = l.Unlock() }, nil
}

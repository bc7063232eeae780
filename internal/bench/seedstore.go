package bench

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// seedStore is FerretDB on SQLite in the bench process, for writing the city only. It is the
// store the server embeds, with one difference: SQLite does not sync to disk on each commit
// (synchronous=off). Every write of the embedded store is a commit the disk must confirm
// (~5 ms on this machine's disk), and SQLite takes one commit at a time, so the city's
// 100,000 writes would take the better part of an hour; a generated city that a crash
// spoils is simply generated again. The files are ordinary SQLite files the server then
// opens with its own settings.
type seedStore struct {
	URI    string
	cancel context.CancelFunc
	done   chan struct{}
}

func startSeedStore(ctx context.Context, dir string) (*seedStore, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(off)",
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		return nil, err
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &seedStore{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = f.Run(rctx)
	}()
	uri := make(chan string, 1)
	go func() { uri <- f.MongoDBURI() }()
	select {
	case s.URI = <-uri:
		return s, nil
	case <-time.After(30 * time.Second):
		cancel()
		return nil, errors.New("the seeding store did not start within 30s")
	}
}

func (s *seedStore) Stop() {
	s.cancel()
	<-s.done
}

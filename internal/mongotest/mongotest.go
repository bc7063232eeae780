// Package mongotest gives tests a fresh database on the embedded store (or on the MongoDB
// named by MONGODB_TEST_URI), dropped when the test ends. It never skips.
package mongotest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

var (
	once     sync.Once
	uri      string
	embedded *mongo.Embedded
	onceErr  error
	counter  atomic.Int64
)

// URI returns the MongoDB URI shared by the tests of this package: MONGODB_TEST_URI, or one
// embedded store started on first use in a temporary directory and kept for the process.
func URI(tb testing.TB) string {
	tb.Helper()
	once.Do(func() {
		if u := os.Getenv("MONGODB_TEST_URI"); u != "" {
			uri = u
			return
		}
		dir, err := os.MkdirTemp("", "ideenwerk-test-store-")
		if err != nil {
			onceErr = err
			return
		}
		e, err := mongo.StartEmbedded(context.Background(), dir, "", mongo.SyncNormal, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			onceErr = err
			return
		}
		uri, embedded = e.URI, e
	})
	if onceErr != nil {
		tb.Fatalf("start test store: %v", onceErr)
	}
	return uri
}

// Embedded returns the embedded store behind URI (nil with MONGODB_TEST_URI).
func Embedded(tb testing.TB) *mongo.Embedded {
	URI(tb)
	return embedded
}

// DatabaseName returns a database name unique within the test process.
func DatabaseName(tb testing.TB) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, tb.Name())
	if len(name) > 30 { // the embedded store's family databases append up to 17 characters
		name = name[:30]
	}
	return fmt.Sprintf("t%d_%d_%s", os.Getpid()%100000, counter.Add(1), name)
}

// MustOpenDB returns a connection to a fresh, indexed database, dropped in t.Cleanup.
func MustOpenDB(tb testing.TB) *mongo.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := mongo.Open(ctx, URI(tb), DatabaseName(tb))
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	if err := db.EnsureIndexes(ctx); err != nil {
		tb.Fatalf("create indexes: %v", err)
	}
	tb.Cleanup(func() {
		_ = db.Drop(context.Background())
		_ = db.Close(context.Background())
	})
	return db
}

// MustCreateTenant creates a tenant with the given slug and returns a context scoped to it.
func MustCreateTenant(tb testing.TB, db *mongo.DB, slug string, hosts ...string) (context.Context, *domain.Tenant) {
	tb.Helper()
	t := &domain.Tenant{Slug: slug, Name: "Stadt " + slug, Hosts: hosts}
	if err := db.CreateTenant(context.Background(), t); err != nil {
		tb.Fatalf("create tenant %s: %v", slug, err)
	}
	return domain.WithTenant(context.Background(), t), t
}

package mongo_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// A store with SyncNormal writes its commits through to the disk itself: the write-ahead
// log a write went to is among those flushed.
func TestFlushWAL(t *testing.T) {
	e := mongotest.Embedded(t)
	if e == nil {
		t.Skip("MONGODB_TEST_URI names another store")
	}
	db := mongotest.MustOpenDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, db, "flush")
	if err := db.CreateIdea(ctx, newIdea("Auf die Platte")); err != nil {
		t.Fatal(err)
	}
	n, err := e.FlushWAL()
	if err != nil || n == 0 {
		t.Fatalf("flushed %d logs, %v", n, err)
	}
}

func TestStartEmbeddedRefusesUnknownSync(t *testing.T) {
	_, err := mongo.StartEmbedded(context.Background(), t.TempDir(), "", "off", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), `"off"`) {
		t.Fatalf("unknown synchronous mode: %v", err)
	}
}

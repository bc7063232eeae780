package mongo_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// Concurrent inserts go to the store in fewer commands than documents; each caller returns
// once its own document is stored, and a failing document fails only its own caller.
func TestGroupInsert(t *testing.T) {
	ctx := context.Background()
	var commands atomic.Int64
	client, err := driver.Connect(options.Client().ApplyURI(mongotest.URI(t)).SetMonitor(&event.CommandMonitor{
		Started: func(_ context.Context, e *event.CommandStartedEvent) {
			if e.CommandName == "insert" {
				commands.Add(1)
			}
		},
	}))
	if err != nil {
		t.Fatal(err)
	}
	db, err := mongo.OpenClient(ctx, client, mongotest.DatabaseName(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = db.Drop(context.Background())
		_ = db.Close(context.Background())
	})
	coll := db.DB.Collection("grouped")
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "taken"}}); err != nil {
		t.Fatal(err)
	}
	commands.Store(0)
	insert := mongo.GroupInserter(db, "grouped")

	const n = 200
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() {
			<-start
			id := fmt.Sprintf("doc-%03d", k)
			if k == 150 {
				id = "taken"
			}
			if errs[k] = insert(ctx, bson.D{{Key: "_id", Value: id}, {Key: "k", Value: k}}); errs[k] != nil {
				return
			}
			// Acknowledged means stored.
			if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Err(); err != nil {
				errs[k] = fmt.Errorf("acknowledged but not found: %w", err)
			}
		})
	}
	close(start)
	wg.Wait()
	for k, err := range errs {
		switch {
		case k == 150 && !driver.IsDuplicateKeyError(err):
			t.Errorf("the duplicate _id: got %v, want a duplicate key error", err)
		case k != 150 && err != nil:
			t.Errorf("insert %d: %v", k, err)
		}
	}
	if got, err := coll.CountDocuments(ctx, bson.D{}); err != nil || got != n {
		t.Fatalf("stored %d documents (%v), want %d", got, err, n)
	}
	got := commands.Load()
	t.Logf("%d inserts in %d commands", n, got)
	if got >= n || got < 1 {
		t.Fatalf("%d inserts took %d insert commands; concurrent ones should share commands", n, got)
	}
	// Alone, an insert is one command of its own.
	commands.Store(0)
	if err := insert(ctx, bson.D{{Key: "_id", Value: "alone"}}); err != nil || commands.Load() != 1 {
		t.Fatalf("a lone insert: %v, %d commands", err, commands.Load())
	}
}

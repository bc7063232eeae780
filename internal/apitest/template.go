package apitest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// Seeding the demo (tenant, departments, users, ~40 ideas with decisions, reviews, pilots,
// supports) takes hundreds of writes; every HTTP test needs it. So it is seeded once per test
// process into a template database and copied, collection by collection, into each test's
// fresh database — the same documents, a fraction of the writes.
var (
	tmplOnce sync.Once
	tmplDB   *mongo.DB
	tmplRes  *demo.Result
	tmplErr  error
)

// seededDB returns a fresh database holding the demo data.
func seededDB(tb testing.TB) (*mongo.DB, *demo.Result) {
	tb.Helper()
	ctx := context.Background()
	tmplOnce.Do(func() {
		db, err := mongo.Open(ctx, mongotest.URI(tb), fmt.Sprintf("tmpl_%d", os.Getpid()))
		if err != nil {
			tmplErr = err
			return
		}
		_ = db.Drop(ctx)
		if err := db.EnsureIndexes(ctx); err != nil {
			tmplErr = err
			return
		}
		tmplDB = db
		tmplRes, tmplErr = demo.Seed(ctx, db, Password)
	})
	if tmplErr != nil {
		tb.Fatalf("seed the demo template: %v", tmplErr)
	}
	db := mongotest.MustOpenDB(tb)
	if err := copyDatabase(ctx, tmplDB, db); err != nil {
		tb.Fatalf("copy the demo template: %v", err)
	}
	return db, tmplRes
}

// copyDatabase copies every collection with a few workers in parallel (most of the cost is
// round trips, and the partitioned families make for many small collections).
func copyDatabase(ctx context.Context, from, to *mongo.DB) error {
	names, err := from.CollectionNames(ctx)
	if err != nil {
		return err
	}
	work := make(chan string)
	errs := make(chan error, len(names))
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for name := range work {
				if err := copyCollection(ctx, from, to, name); err != nil {
					errs <- fmt.Errorf("copy %s: %w", name, err)
				}
			}
		})
	}
	for _, n := range names {
		work <- n
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs
}

func copyCollection(ctx context.Context, from, to *mongo.DB, name string) error {
	cur, err := from.Collection(name).Find(ctx, bson.D{}, options.Find().SetBatchSize(1000))
	if err != nil {
		return err
	}
	defer cur.Close(ctx)
	var docs []any
	for cur.Next(ctx) {
		docs = append(docs, append(bson.Raw(nil), cur.Current...))
	}
	if err := cur.Err(); err != nil {
		return err
	}
	if len(docs) == 0 {
		return nil
	}
	_, err = to.Collection(name).InsertMany(ctx, docs)
	return err
}

package mongo_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// TestLayoutMovesOldPartitions: collections an earlier version kept in the configured
// database are moved where the layout keeps them, documents and GridFS files included, and
// a second run (or an interrupted one) changes nothing.
func TestLayoutMovesOldPartitions(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx := context.Background()
	old := db.DB // the configured database: where every collection used to be
	docs := []any{bson.D{{Key: "_id", Value: "i1:u1"}, {Key: "n", Value: 1}}, bson.D{{Key: "_id", Value: "i1:u2"}, {Key: "n", Value: 2}}}
	if _, err := old.Collection("supports_0a").InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("Plan "), 100_000)
	if err := old.GridFSBucket(options.GridFSBucket().SetName("files_0a")).UploadFromStreamWithID(ctx, "att-1", "plan.pdf", bytes.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Collection("users").InsertOne(ctx, bson.D{{Key: "_id", Value: "u1"}}); err != nil {
		t.Fatal(err)
	}
	// One document moved already before an interruption.
	if db.Collection("supports_0a").Database().Name() != old.Name() {
		if _, err := db.Collection("supports_0a").InsertOne(ctx, docs[0]); err != nil {
			t.Fatal(err)
		}
	}

	moved, err := db.MoveToLayout(ctx)
	if err != nil {
		t.Fatal(err)
	}
	split := db.Collection("supports_0a").Database().Name() != old.Name()
	if split {
		// 1 support (the other was there already), the file document and its chunks.
		if moved < 3 {
			t.Errorf("moved %d documents, want the support, the file and its chunks", moved)
		}
		names, err := old.ListCollectionNames(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"supports_0a", "files_0a.files", "files_0a.chunks"} {
			if slices.Contains(names, n) {
				t.Errorf("%s is still in %s", n, old.Name())
			}
		}
		if !slices.Contains(names, "users") {
			t.Error("users left the configured database")
		}
	} else if moved != 0 {
		t.Errorf("one database (MongoDB): moved %d, want 0", moved)
	}
	if n, err := db.Collection("supports_0a").CountDocuments(ctx, bson.D{}); err != nil || n != 2 {
		t.Errorf("supports_0a holds %d documents (%v), want 2", n, err)
	}
	var got bytes.Buffer
	if _, err := db.GridFSBucket("files_0a").DownloadToStream(ctx, "att-1", &got); err != nil || !bytes.Equal(got.Bytes(), content) {
		t.Errorf("the file did not survive the move (%d of %d bytes, %v)", got.Len(), len(content), err)
	}
	names, err := db.CollectionNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"files_0a.chunks", "files_0a.files", "supports_0a", "users"} {
		if !slices.Contains(names, n) {
			t.Errorf("CollectionNames lacks %s: %v", n, names)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("CollectionNames not sorted: %v", names)
	}
	if again, err := db.MoveToLayout(ctx); err != nil || again != 0 {
		t.Errorf("second move: %d, %v; want 0, nil", again, err)
	}
}

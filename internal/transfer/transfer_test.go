package transfer_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	imongo "github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/transfer"
)

// seed fills db with documents of every BSON type the application stores, an index, an
// empty collection and a GridFS file of three chunks; it returns the file's content.
func seed(t testing.TB, db *imongo.DB) []byte {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 12, 30, 45, 123e6, time.UTC)
	docs := []any{
		bson.D{{Key: "_id", Value: "a"}, {Key: "title", Value: "Bürgeramt: Wartezeit senken – „schnell“ ✓\nzweite Zeile"},
			{Key: "n32", Value: int32(7)}, {Key: "n64", Value: int64(1) << 40}, {Key: "f", Value: 0.1},
			{Key: "whole", Value: 3.0}, {Key: "neg", Value: -2.5}, {Key: "big", Value: math.MaxFloat64},
			{Key: "at", Value: at}, {Key: "zero", Value: time.Time{}}, {Key: "ok", Value: true}, {Key: "nil", Value: nil},
			{Key: "tags", Value: bson.A{"a", int32(1), bson.D{{Key: "x", Value: "y"}}}},
			{Key: "nested", Value: bson.D{{Key: "b", Value: int32(2)}, {Key: "a", Value: int32(1)}}},
			{Key: "bin", Value: bson.Binary{Subtype: 0, Data: []byte{0, 1, 2, 255}}},
			{Key: "html", Value: "<script>alert('x')</script> & \u2028"}},
		bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "title", Value: "zwei"}},
		bson.D{{Key: "_id", Value: int32(3)}, {Key: "title", Value: "drei"}},
	}
	if _, err := db.Collection("things").InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("things").Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "title", Value: 1}}, Options: options.Index().SetName("title_1").SetUnique(true)}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateCollection(ctx, "empty"); err != nil {
		t.Fatal(err)
	}
	content := make([]byte, 600<<10)
	_, _ = rand.Read(content)
	b := db.GridFSBucket("files_1f")
	if err := b.UploadFromStreamWithID(ctx, "att-1", "plan.pdf", bytes.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	return content
}

func export(t testing.TB, db *imongo.DB) (string, *transfer.Summary) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.jsonl.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := transfer.Export(context.Background(), db, f, transfer.ExportOptions{App: "test"})
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return path, sum
}

func opener(path string) transfer.Opener {
	return func() (io.ReadCloser, error) { return os.Open(path) }
}

// dump returns every collection's documents as canonical Extended JSON, sorted.
func dump(t testing.TB, db *imongo.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	names, err := db.CollectionNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, n := range names {
		cur, err := db.Collection(n).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		out[n] = []string{}
		for cur.Next(ctx) {
			b, err := bson.MarshalExtJSON(cur.Current, true, false)
			if err != nil {
				t.Fatal(err)
			}
			out[n] = append(out[n], string(b))
		}
		slices.Sort(out[n])
		_ = cur.Close(ctx)
	}
	return out
}

func fresh(t testing.TB) *imongo.DB { return mongotest.MustOpenDB(t) }

func TestExportImport(t *testing.T) {
	ctx := context.Background()
	src := fresh(t)
	content := seed(t, src)
	path, es := export(t, src)

	dst := fresh(t)
	var phases []string
	is, err := transfer.Import(ctx, dst, opener(path), transfer.ImportOptions{
		EnsureIndexes: dst.EnsureIndexes, BatchDocs: 2,
		Progress: func(p transfer.Progress) {
			if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
				phases = append(phases, p.Phase)
			}
		},
	})
	if err != nil {
		t.Fatalf("import: %v", err)
	}

	t.Run("SameDocuments", func(t *testing.T) {
		want, got := dump(t, src), dump(t, dst)
		for n, docs := range want {
			if !slices.Equal(docs, got[n]) {
				t.Errorf("collection %s differs:\n got  %v\n want %v", n, got[n], docs)
			}
		}
		for _, n := range []string{"things", "empty", "files_1f.files", "files_1f.chunks"} {
			if _, ok := got[n]; !ok {
				t.Errorf("collection %s missing after import", n)
			}
		}
		if len(want["files_1f.chunks"]) != 3 {
			t.Errorf("expected 3 GridFS chunks, have %d", len(want["files_1f.chunks"]))
		}
	})

	t.Run("GridFS", func(t *testing.T) {
		var buf bytes.Buffer
		b := dst.GridFSBucket("files_1f")
		if _, err := b.DownloadToStream(ctx, "att-1", &buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), content) {
			t.Error("the attachment's content differs after the import")
		}
	})

	t.Run("Indexes", func(t *testing.T) {
		specs, err := dst.Collection("things").Indexes().ListSpecifications(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range specs {
			if s.Name == "title_1" && s.Unique != nil && *s.Unique {
				found = true
			}
		}
		if !found {
			t.Errorf("unique index title_1 not recreated: %+v", specs)
		}
		// The application's indexes exist (EnsureIndexes ran).
		specs, err = dst.Collection("users").Indexes().ListSpecifications(ctx)
		if err != nil || len(specs) < 2 {
			t.Errorf("users indexes: %v %v", specs, err)
		}
		if len(is.Warnings) > 0 {
			t.Errorf("warnings: %v", is.Warnings)
		}
	})

	t.Run("Summary", func(t *testing.T) {
		if es.Documents != is.Documents || es.Documents != 3+1+3 {
			t.Errorf("documents: export %d, import %d, want 7", es.Documents, is.Documents)
		}
		if !slices.Equal(phases, []string{"verify", "import", "check"}) {
			t.Errorf("phases %v", phases)
		}
		if es.Bytes <= 0 || es.Bytes != is.Bytes {
			t.Errorf("bytes: export %d, import %d", es.Bytes, is.Bytes)
		}
		for k, c := range es.Collections {
			if c != is.Collections[k] || len(c.SHA256) != 64 || len(c.Digest) != 64 {
				t.Errorf("checksums of %s: %+v vs %+v", c.Name, c, is.Collections[k])
			}
		}
	})

	t.Run("ExportOfImportIsIdentical", func(t *testing.T) {
		_, again := export(t, dst)
		for k, c := range again.Collections {
			if c != es.Collections[k] {
				t.Errorf("collection %s: %+v, first export %+v", c.Name, c, es.Collections[k])
			}
		}
	})
}

func TestImportRefuses(t *testing.T) {
	ctx := context.Background()
	src := fresh(t)
	seed(t, src)
	path, _ := export(t, src)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	plain := gunzip(t, raw)

	write := func(t *testing.T, data []byte) string {
		p := filepath.Join(t.TempDir(), "x.gz")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name string
		data func() []byte
		is   error
		msg  string
	}{
		{"ErrNewerFormat", func() []byte {
			return gz(t, bytes.Replace(plain, []byte(`"version":1`), []byte(`"version":2`), 1))
		}, transfer.ErrNewerFormat, "format version 2"},
		{"ErrCorruptDocument", func() []byte {
			return gz(t, bytes.Replace(plain, []byte(`"drei"`), []byte(`"DREI"`), 1))
		}, transfer.ErrCorrupt, "checksum of collection things"},
		{"ErrCorruptTruncated", func() []byte { return raw[:len(raw)/2] }, transfer.ErrCorrupt, "not written completely"},
		{"ErrCorruptNoTrailer", func() []byte {
			k := bytes.LastIndex(plain[:len(plain)-1], []byte("\n"))
			return gz(t, plain[:k+1])
		}, transfer.ErrCorrupt, "without its trailer"},
		{"NotGzip", func() []byte { return plain }, nil, "not a gzip-compressed file"},
		{"NotAnExport", func() []byte { return gz(t, []byte("{\"hello\":1}\n")) }, nil, "not an Ideenwerk export"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := fresh(t)
			_, err := transfer.Import(ctx, dst, opener(write(t, tc.data())), transfer.ImportOptions{})
			if err == nil || tc.is != nil && !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.is, tc.msg)
			}
			// Nothing was written.
			if err := transfer.CheckEmpty(ctx, dst); err != nil {
				t.Errorf("the target was written to: %v", err)
			}
		})
	}

	t.Run("ErrNotEmpty", func(t *testing.T) {
		dst := fresh(t)
		if _, err := dst.Collection("users").InsertOne(ctx, bson.D{{Key: "_id", Value: "u1"}}); err != nil {
			t.Fatal(err)
		}
		_, err := transfer.Import(ctx, dst, opener(path), transfer.ImportOptions{})
		if !errors.Is(err, transfer.ErrNotEmpty) || !strings.Contains(err.Error(), "users") {
			t.Fatalf("err = %v, want ErrNotEmpty naming users", err)
		}
		n, _ := dst.Collection("things").CountDocuments(ctx, bson.D{})
		if n != 0 {
			t.Errorf("%d documents were imported into a non-empty database", n)
		}
	})
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

package transfer

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// ExportOptions configure an export.
type ExportOptions struct {
	// App is written to the header (the writing program's version).
	App string
	// Now stamps the header; time.Now when nil.
	Now func() time.Time
	// Progress is called now and then (every ProgressEvery, default 200 ms) and once at
	// the end of each collection.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// Level is the gzip level; gzip.DefaultCompression when 0.
	Level int
}

// Database is where the collections are: internal/mongo's DB, which knows the embedded
// store's layout (partitioned families in databases of their own).
type Database interface {
	// Name is the configured database name.
	Name() string
	// CollectionNames returns the names of the collections (no views), sorted.
	CollectionNames(ctx context.Context) ([]string, error)
	// Collection returns the collection name wherever it is kept.
	Collection(name string) *mongo.Collection
	// CreateCollection creates the collection name; one that exists is not an error.
	CreateCollection(ctx context.Context, name string) error
}

// Export writes every collection of db to w in the format of the package documentation.
// w receives the compressed stream; Export does not close it.
func Export(ctx context.Context, db Database, w io.Writer, o ExportOptions) (*Summary, error) {
	start := time.Now()
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Level == 0 {
		o.Level = gzip.DefaultCompression
	}
	cw := &countingWriter{w: w}
	gz, err := gzip.NewWriterLevel(cw, o.Level)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(gz, 256<<10)

	names, err := listCollections(ctx, db)
	if err != nil {
		return nil, err
	}
	h := Header{Format: Format, Version: Version, CreatedAt: o.Now().UTC(), App: o.App, Database: db.Name(),
		Collections: make([]CollectionInfo, 0, len(names))}
	var total int64
	for _, n := range names {
		c, err := estimateCount(ctx, db, n)
		if err != nil {
			return nil, fmt.Errorf("count documents of %s: %w", n, err)
		}
		h.Collections = append(h.Collections, CollectionInfo{Name: n, Count: c})
		total += c
	}
	if err := writeLine(bw, "header", h); err != nil {
		return nil, err
	}

	p := newTicker("export", total, o.Progress, o.ProgressEvery)
	tr := Trailer{Collections: make([]CollectionSums, 0, len(names))}
	for _, n := range names {
		s, err := exportCollection(ctx, db.Collection(n), bw, p)
		if err != nil {
			return nil, err
		}
		tr.Collections = append(tr.Collections, s)
		tr.Documents += s.Count
	}
	p.done()
	if err := writeLine(bw, "trailer", tr); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return &Summary{Header: h, Collections: tr.Collections, Documents: tr.Documents, Bytes: cw.n, Duration: time.Since(start)}, nil
}

func exportCollection(ctx context.Context, c *mongo.Collection, bw *bufio.Writer, p *ticker) (CollectionSums, error) {
	idx, err := indexSpecs(ctx, c)
	if err != nil {
		return CollectionSums{}, err
	}
	if err := writeLine(bw, "collection", CollectionStart{Name: c.Name(), Indexes: idx}); err != nil {
		return CollectionSums{}, err
	}
	cur, err := c.Find(ctx, bson.D{})
	if err != nil {
		return CollectionSums{}, fmt.Errorf("read %s: %w", c.Name(), err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	s := newSums()
	p.collection(c.Name())
	for cur.Next(ctx) {
		doc, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return CollectionSums{}, fmt.Errorf("encode a document of %s: %w", c.Name(), err)
		}
		bw.WriteString(`{"doc":`)
		bw.Write(doc)
		if _, err := bw.WriteString("}\n"); err != nil {
			return CollectionSums{}, fmt.Errorf("write: %w", err)
		}
		s.add(doc)
		p.add(1)
	}
	if err := cur.Err(); err != nil {
		return CollectionSums{}, fmt.Errorf("read %s: %w", c.Name(), err)
	}
	p.flush()
	return s.result(c.Name()), nil
}

// estimateCount returns about how many documents a collection holds, for the progress
// display. collStats answers from metadata on both stores; estimatedDocumentCount is the
// fallback (on the embedded store it scans the collection, measured 30× slower).
func estimateCount(ctx context.Context, db Database, name string) (int64, error) {
	var res struct {
		Count any `bson:"count"`
	}
	c := db.Collection(name)
	if err := c.Database().RunCommand(ctx, bson.D{{Key: "collStats", Value: name}}).Decode(&res); err == nil {
		switch v := res.Count.(type) {
		case int32:
			return int64(v), nil
		case int64:
			return v, nil
		case float64:
			return int64(v), nil
		}
	}
	return c.EstimatedDocumentCount(ctx)
}

// listCollections returns the names of the data collections, sorted.
func listCollections(ctx context.Context, db Database) ([]string, error) {
	all, err := db.CollectionNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	var names []string
	for _, n := range all {
		if !skipCollection(n) {
			names = append(names, n)
		}
	}
	return names, nil
}

// indexSpecs returns the secondary indexes of a collection.
func indexSpecs(ctx context.Context, c *mongo.Collection) ([]IndexSpec, error) {
	specs, err := c.Indexes().ListSpecifications(ctx)
	if err != nil {
		return nil, fmt.Errorf("list indexes of %s: %w", c.Name(), err)
	}
	out := []IndexSpec{}
	for _, s := range specs {
		if s.Name == "_id_" {
			continue
		}
		key, err := bson.MarshalExtJSON(s.KeysDocument, true, false)
		if err != nil {
			return nil, fmt.Errorf("encode index %s of %s: %w", s.Name, c.Name(), err)
		}
		out = append(out, IndexSpec{Name: s.Name, Key: key, Unique: s.Unique != nil && *s.Unique,
			Sparse: s.Sparse != nil && *s.Sparse, ExpireAfterSeconds: s.ExpireAfterSeconds})
	}
	return out, nil
}

// writeLine writes {"<key>": v} and a newline.
func writeLine(w *bufio.Writer, key string, v any) error {
	b, err := json.Marshal(map[string]any{key: v})
	if err != nil {
		return err
	}
	w.Write(b)
	if err := w.WriteByte('\n'); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ticker calls a progress function at most every interval.
type ticker struct {
	p        Progress
	fn       func(Progress)
	every    time.Duration
	last     time.Time
	sinceChk int
}

func newTicker(phase string, total int64, fn func(Progress), every time.Duration) *ticker {
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	t := &ticker{p: Progress{Phase: phase, Total: total}, fn: fn, every: every, last: time.Now()}
	t.flush()
	return t
}

func (t *ticker) collection(name string) { t.p.Collection = name }

func (t *ticker) add(n int64) {
	t.p.Done += n
	if t.p.Done > t.p.Total {
		t.p.Total = t.p.Done
	}
	// Looking at the clock on every document would cost more than the document.
	if t.sinceChk++; t.sinceChk < 64 {
		return
	}
	t.sinceChk = 0
	if time.Since(t.last) >= t.every {
		t.flush()
	}
}

func (t *ticker) flush() {
	t.last = time.Now()
	if t.fn != nil {
		t.fn(t.p)
	}
}

// done reports the end: Total becomes the exact count.
func (t *ticker) done() {
	t.p.Total = t.p.Done
	t.p.Collection = ""
	t.flush()
}

package transfer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// ImportOptions configure an import.
type ImportOptions struct {
	// Progress is called now and then (every ProgressEvery, default 200 ms).
	Progress      func(Progress)
	ProgressEvery time.Duration
	// A batch is inserted once it holds BatchDocs documents (default 1000) or BatchBytes
	// bytes of BSON (default 8 MiB).
	BatchDocs  int
	BatchBytes int
	// EnsureIndexes creates the application's indexes after the documents are in
	// (the store's EnsureIndexes); the file's other indexes are created after it.
	EnsureIndexes func(ctx context.Context) error
	// SkipCheck skips reading the imported database back to compare it with the file.
	SkipCheck bool
}

// Opener opens the export file anew; Import reads it twice (check, then load).
type Opener func() (io.ReadCloser, error)

// Import loads a file written by Export into db, which must hold no documents:
//
//  1. the whole file is read and checked against its trailer (counts, checksums), and
//     refused if its format version is newer than Version — nothing is written yet;
//  2. db is checked to be empty (collections without documents, e.g. with indexes only,
//     are fine) — ErrNotEmpty otherwise;
//  3. the documents are inserted in batches, collection by collection;
//  4. the indexes are created: EnsureIndexes, then those of the file that are missing;
//  5. unless SkipCheck, every collection is read back and its count and digest compared
//     with the trailer.
//
// Errors wrap ErrNewerFormat, ErrCorrupt or ErrNotEmpty where they apply.
func Import(ctx context.Context, db Database, open Opener, o ImportOptions) (*Summary, error) {
	start := time.Now()
	if o.BatchDocs <= 0 {
		o.BatchDocs = 1000
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 8 << 20
	}
	sum, err := Verify(open, o.Progress, o.ProgressEvery)
	if err != nil {
		return nil, err
	}
	if err := CheckEmpty(ctx, db); err != nil {
		return nil, err
	}
	specs, err := load(ctx, db, open, sum, o)
	if err != nil {
		return nil, err
	}
	if o.EnsureIndexes != nil {
		if err := o.EnsureIndexes(ctx); err != nil {
			return nil, fmt.Errorf("create the application's indexes: %w", err)
		}
	}
	for _, cs := range specs {
		sum.Warnings = append(sum.Warnings, createIndexes(ctx, db.Collection(cs.Name), cs.Indexes)...)
	}
	if !o.SkipCheck {
		if err := check(ctx, db, sum, o); err != nil {
			return nil, err
		}
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// Verify reads a whole file and checks it against its trailer without touching any
// database. It returns the summary of what the file holds.
func Verify(open Opener, progress func(Progress), every time.Duration) (*Summary, error) {
	var sum *Summary
	err := readFile(open, func(r *reader) error {
		h := r.header
		var total int64
		for _, c := range h.Collections {
			total += c.Count
		}
		p := newTicker("verify", total, progress, every)
		var seen []CollectionSums
		var cur *sums
		var curName string
		finish := func() {
			if cur != nil {
				seen = append(seen, cur.result(curName))
			}
		}
		for {
			kind, payload, err := r.next()
			if err != nil {
				return err
			}
			switch kind {
			case "collection":
				finish()
				var cs CollectionStart
				if err := json.Unmarshal(payload, &cs); err != nil || cs.Name == "" {
					return corrupt("line %d: a collection line without a name", r.line)
				}
				for _, s := range seen {
					if s.Name == cs.Name {
						return corrupt("line %d: collection %s appears twice", r.line, cs.Name)
					}
				}
				cur, curName = newSums(), cs.Name
				p.collection(cs.Name)
			case "doc":
				if cur == nil {
					return corrupt("line %d: a document before any collection line", r.line)
				}
				cur.add(payload)
				p.add(1)
			case "trailer":
				finish()
				var tr Trailer
				if err := json.Unmarshal(payload, &tr); err != nil {
					return corrupt("line %d: unreadable trailer", r.line)
				}
				if err := compareSums(seen, tr); err != nil {
					return err
				}
				if _, _, err := r.next(); err != io.EOF {
					return corrupt("line %d: data after the trailer", r.line)
				}
				p.done()
				sum = &Summary{Header: *h, Collections: tr.Collections, Documents: tr.Documents, Bytes: r.bytes()}
				return nil
			case "header":
				return corrupt("line %d: a second header", r.line)
			}
		}
	})
	return sum, err
}

func compareSums(seen []CollectionSums, tr Trailer) error {
	if len(seen) != len(tr.Collections) {
		return corrupt("the trailer lists %d collections, the file holds %d", len(tr.Collections), len(seen))
	}
	var n int64
	for k, s := range seen {
		t := tr.Collections[k]
		switch {
		case s.Name != t.Name:
			return corrupt("collection %d is %s in the file but %s in the trailer", k+1, s.Name, t.Name)
		case s.Count != t.Count:
			return corrupt("collection %s holds %d documents, the trailer says %d", s.Name, s.Count, t.Count)
		case s.SHA256 != t.SHA256 || s.Digest != t.Digest:
			return corrupt("the checksum of collection %s does not match the trailer", s.Name)
		}
		n += s.Count
	}
	if n != tr.Documents {
		return corrupt("the file holds %d documents, the trailer says %d", n, tr.Documents)
	}
	return nil
}

// CheckEmpty returns an error wrapping ErrNotEmpty if a collection of db holds a document.
func CheckEmpty(ctx context.Context, db Database) error {
	names, err := listCollections(ctx, db)
	if err != nil {
		return err
	}
	for _, n := range names {
		err := db.Collection(n).FindOne(ctx, bson.D{}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return fmt.Errorf("check that collection %s is empty: %w", n, err)
		}
		return fmt.Errorf("%w: database %q already holds documents (collection %s); import only into an empty database — drop it first or choose another database name",
			ErrNotEmpty, db.Name(), n)
	}
	return nil
}

// load inserts the documents and returns the collections' index specifications.
func load(ctx context.Context, db Database, open Opener, sum *Summary, o ImportOptions) ([]CollectionStart, error) {
	var specs []CollectionStart
	err := readFile(open, func(r *reader) error {
		p := newTicker("import", sum.Documents, o.Progress, o.ProgressEvery)
		var coll *mongo.Collection
		batch := make([]any, 0, o.BatchDocs)
		size := 0
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			if _, err := coll.InsertMany(ctx, batch, options.InsertMany().SetOrdered(true)); err != nil {
				return fmt.Errorf("insert into %s: %w", coll.Name(), err)
			}
			p.add(int64(len(batch)))
			clear(batch)
			batch, size = batch[:0], 0
			return nil
		}
		for {
			kind, payload, err := r.next()
			if err != nil {
				return err
			}
			switch kind {
			case "collection":
				if err := flush(); err != nil {
					return err
				}
				var cs CollectionStart
				if err := json.Unmarshal(payload, &cs); err != nil {
					return corrupt("line %d: unreadable collection line", r.line)
				}
				specs = append(specs, cs)
				coll = db.Collection(cs.Name)
				p.collection(cs.Name)
				// Create the collection even if it has no documents, so the target has
				// the same collections.
				if err := db.CreateCollection(ctx, cs.Name); err != nil {
					return fmt.Errorf("create collection %s: %w", cs.Name, err)
				}
			case "doc":
				var doc bson.Raw
				if err := bson.UnmarshalExtJSON(payload, true, &doc); err != nil {
					return corrupt("line %d: a document that is not canonical Extended JSON: %v", r.line, err)
				}
				batch = append(batch, doc)
				size += len(doc)
				if len(batch) >= o.BatchDocs || size >= o.BatchBytes {
					if err := flush(); err != nil {
						return err
					}
				}
			case "trailer":
				if err := flush(); err != nil {
					return err
				}
				p.done()
				return nil
			}
		}
	})
	return specs, err
}

func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && (ce.Code == 48 || ce.Name == "NamespaceExists")
}

// createIndexes creates the indexes of a collection that it does not have yet (by name;
// the embedded store fails on creating an existing one). Failures become warnings: the
// data is complete, and the application's own indexes exist already.
func createIndexes(ctx context.Context, c *mongo.Collection, idx []IndexSpec) []string {
	if len(idx) == 0 {
		return nil
	}
	have := map[string]bool{}
	specs, err := c.Indexes().ListSpecifications(ctx)
	if err != nil {
		return []string{fmt.Sprintf("list indexes of %s: %v", c.Name(), err)}
	}
	for _, s := range specs {
		have[s.Name] = true
	}
	var warnings []string
	for _, x := range idx {
		if have[x.Name] {
			continue
		}
		var key bson.D
		if err := bson.UnmarshalExtJSON(x.Key, true, &key); err != nil {
			warnings = append(warnings, fmt.Sprintf("index %s of %s: unreadable key: %v", x.Name, c.Name(), err))
			continue
		}
		opts := options.Index().SetName(x.Name)
		if x.Unique {
			opts.SetUnique(true)
		}
		if x.Sparse {
			opts.SetSparse(true)
		}
		if x.ExpireAfterSeconds != nil {
			opts.SetExpireAfterSeconds(*x.ExpireAfterSeconds)
		}
		if _, err := c.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: key, Options: opts}); err != nil {
			warnings = append(warnings, fmt.Sprintf("index %s of %s not created: %v", x.Name, c.Name(), err))
		}
	}
	return warnings
}

// check reads every imported collection back and compares count and digest.
func check(ctx context.Context, db Database, sum *Summary, o ImportOptions) error {
	p := newTicker("check", sum.Documents, o.Progress, o.ProgressEvery)
	for _, want := range sum.Collections {
		c := db.Collection(want.Name)
		p.collection(want.Name)
		cur, err := c.Find(ctx, bson.D{})
		if err != nil {
			return fmt.Errorf("read back %s: %w", want.Name, err)
		}
		s := newSums()
		for cur.Next(ctx) {
			doc, err := bson.MarshalExtJSON(cur.Current, true, false)
			if err != nil {
				_ = cur.Close(ctx)
				return fmt.Errorf("read back %s: %w", want.Name, err)
			}
			s.count++
			s.addDigest(doc)
			p.add(1)
		}
		err = cur.Err()
		_ = cur.Close(ctx)
		if err != nil {
			return fmt.Errorf("read back %s: %w", want.Name, err)
		}
		if s.count != want.Count {
			return fmt.Errorf("after the import, collection %s holds %d documents instead of %d", want.Name, s.count, want.Count)
		}
		if s.digestHex() != want.Digest {
			return fmt.Errorf("after the import, the documents of collection %s differ from the file (digest mismatch): the target store changed them", want.Name)
		}
	}
	p.done()
	return nil
}

// reader reads the lines of a file.
type reader struct {
	counter *countingReader
	br      *bufio.Reader
	buf     []byte
	line    int64
	header  *Header
}

// readFile opens the file, reads and checks its header and hands the reader to fn.
func readFile(open Opener, fn func(*reader) error) error {
	f, err := open()
	if err != nil {
		return err
	}
	defer f.Close()
	cr := &countingReader{r: f}
	gz, err := gzip.NewReader(bufio.NewReaderSize(cr, 256<<10))
	if err != nil {
		return fmt.Errorf("not an Ideenwerk export (not a gzip-compressed file): %w", err)
	}
	defer gz.Close()
	r := &reader{counter: cr, br: bufio.NewReaderSize(gz, 256<<10)}
	kind, payload, err := r.next()
	if err != nil || kind != "header" {
		return fmt.Errorf("not an Ideenwerk export: the first line is not its header")
	}
	var h Header
	if err := json.Unmarshal(payload, &h); err != nil || h.Format != Format {
		return fmt.Errorf("not an Ideenwerk export: the header does not name the format %q", Format)
	}
	if h.Version > Version || h.Version < 1 {
		return fmt.Errorf("%w: the file has format version %d, this Ideenwerk reads format versions 1 to %d — import it with a newer Ideenwerk",
			ErrNewerFormat, h.Version, Version)
	}
	r.header = &h
	err = fn(r)
	if err == io.EOF {
		return corrupt("the file ends after line %d without its trailer: it was not written completely", r.line)
	}
	return err
}

var docPrefix = []byte(`{"doc":`)

// next returns the kind of the next line and its value: for "doc" lines the document's
// Extended JSON exactly as written (the checksums are over these bytes).
func (r *reader) next() (kind string, payload []byte, err error) {
	r.buf = r.buf[:0]
	for {
		chunk, err := r.br.ReadSlice('\n')
		r.buf = append(r.buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(r.buf) == 0 {
			return "", nil, io.EOF
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return "", nil, corrupt("the file ends in the middle (line %d): it was not written completely", r.line+1)
		}
		if err != nil {
			return "", nil, corrupt("line %d: %v", r.line+1, err)
		}
		break
	}
	r.line++
	line := r.buf[:len(r.buf)-1]
	if bytes.HasPrefix(line, docPrefix) && len(line) > len(docPrefix) && line[len(line)-1] == '}' {
		return "doc", line[len(docPrefix) : len(line)-1], nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil || len(m) != 1 {
		return "", nil, corrupt("line %d is not a line of an Ideenwerk export", r.line)
	}
	for k, v := range m {
		switch k {
		case "header", "collection", "trailer":
			return k, v, nil
		}
		return "", nil, corrupt("line %d has the unknown kind %q", r.line, k)
	}
	panic("unreachable")
}

func (r *reader) bytes() int64 { return r.counter.n }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

package mongo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Where collections live.
//
// On MongoDB every collection is in the one database the configuration names. On the
// embedded store (FerretDB v1 on SQLite) each partitioned family lives in a database of
// its own, "<name>__<family>" (one SQLite file each): FerretDB copies the metadata of
// every collection of a database — with its indexes — on every find, to look one up
// (measured: a find by _id 0.15 ms in a database of 10 collections, 0.35–0.40 ms in one of
// 1,000; the partitions make ~1,000), and SQLite lets one writer at a time into a file.
// With the families apart, a find copies at most 128 collections' metadata and writes to
// different families do not wait for each other.
//
// Collections keep their names ("supports_3f") wherever they live, so exports, doctor and
// tests address them by name through DB.Collection, and an export from one layout
// imports into the other.

// maxEmbeddedDBName bounds the configured database name on the embedded store, which
// accepts database names of at most 63 characters: the longest family database is the
// name, "__" and "attachmentslots".
const maxEmbeddedDBName = 63 - 2 - len(famAttachmentSlots)

// familyDBSep separates the database name from the family in a family database's name.
const familyDBSep = "__"

// splitDatabases gives each partitioned family its own database (embedded store only).
func (db *DB) splitDatabases() error {
	name := db.DB.Name()
	if len(name) > maxEmbeddedDBName {
		return fmt.Errorf("database name %q is too long for the embedded store: at most %d characters", name, maxEmbeddedDBName)
	}
	db.families = make(map[string]*mongo.Database, len(partitionedFamilies)+1)
	for _, fam := range append(slices.Clone(partitionedFamilies), famFiles) {
		db.families[fam] = db.Client.Database(name + familyDBSep + fam)
	}
	return nil
}

// familyOf returns the partitioned family of a collection name ("supports_3f" →
// "supports"; GridFS's "files_3f.chunks" and the bucket name "files_3f" → "files"), or "".
func familyOf(name string) string {
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".files"), ".chunks")
	k := strings.LastIndexByte(name, '_')
	if k < 0 || len(name)-k != 3 {
		return ""
	}
	if _, ok := partitionOfID(name[k+1:] + "-x"); !ok {
		return ""
	}
	fam := name[:k]
	if fam == famFiles || slices.Contains(partitionedFamilies, fam) {
		return fam
	}
	return ""
}

// database returns the database that holds the collection (or GridFS bucket) name.
func (db *DB) database(name string) *mongo.Database {
	return db.familyDB(familyOf(name))
}

// familyDB returns the database of the partitioned family fam ("" for none).
func (db *DB) familyDB(fam string) *mongo.Database {
	if d := db.families[fam]; d != nil {
		return d
	}
	return db.DB
}

// Collection returns the collection name wherever the store's layout keeps it.
func (db *DB) Collection(name string) *mongo.Collection { return db.database(name).Collection(name) }

// GridFSBucket returns the GridFS bucket name (its collections name.files and name.chunks).
func (db *DB) GridFSBucket(name string) *mongo.GridFSBucket {
	return db.database(name).GridFSBucket(options.GridFSBucket().SetName(name))
}

// Name returns the configured database name.
func (db *DB) Name() string { return db.DB.Name() }

// databases returns every database of the layout, the configured one first.
func (db *DB) databases() []*mongo.Database {
	out := []*mongo.Database{db.DB}
	for _, fam := range append(slices.Clone(partitionedFamilies), famFiles) {
		if d := db.families[fam]; d != nil {
			out = append(out, d)
		}
	}
	return out
}

// CollectionNames returns the names of all collections (no views) of the layout, sorted.
func (db *DB) CollectionNames(ctx context.Context) ([]string, error) {
	var names []string
	for _, d := range db.databases() {
		specs, err := d.ListCollectionSpecifications(ctx, bson.D{})
		if err != nil {
			return nil, mapErr(err, "collections")
		}
		for _, s := range specs {
			if s.Type != "view" && db.database(s.Name) == d {
				names = append(names, s.Name)
			}
		}
	}
	slices.Sort(names)
	return names, nil
}

// CreateCollection creates the collection name where the layout keeps it; one that exists
// already is not an error.
func (db *DB) CreateCollection(ctx context.Context, name string) error {
	if err := db.database(name).CreateCollection(ctx, name); err != nil && !isNamespaceExists(err) {
		return mapErr(err, "create collection "+name)
	}
	return nil
}

// Drop removes every database of the layout (tests).
func (db *DB) Drop(ctx context.Context) error {
	var errs []error
	for _, d := range db.databases() {
		errs = append(errs, d.Drop(ctx))
	}
	return errors.Join(errs...)
}

// MoveToLayout moves partitioned collections that an earlier version kept in the
// configured database into their family databases (embedded store; call it at start,
// before anything else uses the store). Documents already moved are skipped, so an
// interrupted move resumes. It returns the number of documents moved.
func (db *DB) MoveToLayout(ctx context.Context) (moved int, err error) {
	if db.families == nil {
		return 0, nil
	}
	names, err := db.DB.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return 0, mapErr(err, "collections")
	}
	for _, name := range names {
		target := db.database(name)
		if target == db.DB {
			continue
		}
		n, err := moveCollection(ctx, db.DB.Collection(name), target.Collection(name))
		moved += n
		if err != nil {
			return moved, fmt.Errorf("move %s to %s: %w", name, target.Name(), err)
		}
	}
	return moved, nil
}

// moveCollection copies every document of from into to (existing _ids are kept as they
// are) and drops from.
func moveCollection(ctx context.Context, from, to *mongo.Collection) (int, error) {
	cur, err := from.Find(ctx, bson.D{}, options.Find().SetBatchSize(bulkBatch))
	if err != nil {
		return 0, err
	}
	defer cur.Close(ctx)
	moved := 0
	var batch []any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := to.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false))
		n := len(batch)
		batch = batch[:0]
		var bwe mongo.BulkWriteException
		if err != nil && errors.As(err, &bwe) && bwe.WriteConcernError == nil {
			for _, we := range bwe.WriteErrors {
				if !mongo.IsDuplicateKeyError(we) {
					return we
				}
				n-- // moved before an interruption
			}
			err = nil
		}
		if err == nil {
			moved += n
		}
		return err
	}
	for cur.Next(ctx) {
		batch = append(batch, append(bson.Raw(nil), cur.Current...))
		if len(batch) == bulkBatch {
			if err := flush(); err != nil {
				return moved, err
			}
		}
	}
	if err := cur.Err(); err != nil {
		return moved, err
	}
	if err := flush(); err != nil {
		return moved, err
	}
	return moved, from.Drop(ctx)
}

package mongo

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the driver FerretDB's SQLite backend uses
)

// FerretDB v1.24 on SQLite indexes _id as `_ferretdb_sjson->"_id"` but looks documents up
// with `_ferretdb_sjson->'$._id' = ?`; SQLite only uses an expression index whose
// expression matches, so every find, update and delete by _id scanned its whole table
// (measured: 8.8 ms at 726 documents, 0.01 ms with a matching index; an update by _id in a
// 5,000-document collection 21 ms → 1.2 ms). The embedded store therefore gets the matching
// index on every collection table. Creating an index changes the schema, which makes a
// concurrent long read in FerretDB fail ("database schema has changed"), so it only happens
// while no request runs: when the store starts, and once more after the demo seed, before the
// server serves (Embedded.IndexIDs). Collections created later get theirs at the next start.

// idIndexer adds the lookup index to every collection table in the store's directory.
type idIndexer struct {
	dir    string
	logger *slog.Logger
	dbs    map[string]*sql.DB
	done   map[string]bool // "<file>/<table>" already indexed
}

func newIDIndexer(dir string, logger *slog.Logger) *idIndexer {
	return &idIndexer{dir: dir, logger: logger, dbs: map[string]*sql.DB{}, done: map[string]bool{}}
}

func (x *idIndexer) close() {
	for f, db := range x.dbs {
		_ = db.Close()
		delete(x.dbs, f)
	}
}

func (x *idIndexer) pass(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		return err
	}
	for _, f := range files {
		db, ok := x.dbs[f]
		if !ok {
			if _, err := os.Stat(f); err != nil {
				continue
			}
			// The same pragmas as FerretDB: WAL, and waiting for a lock instead of failing.
			db, err = sql.Open("sqlite", "file:"+f+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
			if err != nil {
				return err
			}
			db.SetMaxOpenConns(1)
			x.dbs[f] = db
		}
		if err := x.indexFile(ctx, f, db); err != nil {
			// A dropped database file: forget its handle and look again next time.
			_ = db.Close()
			delete(x.dbs, f)
			return err
		}
	}
	return nil
}

func (x *idIndexer) indexFile(ctx context.Context, file string, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\_ferretdb\_%' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, n)
	}
	rows.Close()
	seen := map[string]bool{}
	for _, t := range tables {
		key := file + "/" + t
		seen[key] = true
		if x.done[key] {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_id_lookup", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // dropped meanwhile
			}
			return fmt.Errorf("index %s: %w", t, err)
		}
		x.done[key] = true
	}
	for key := range x.done {
		if strings.HasPrefix(key, file+"/") && !seen[key] {
			delete(x.done, key) // the table was dropped; a new one of that name needs the index again
		}
	}
	return nil
}

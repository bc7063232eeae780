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
// 5,000-document collection 21 ms → 1.2 ms). The embedded store therefore rebuilds FerretDB's
// unique _id index on the matching expression (see indexTable). Changing the schema makes a
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
	rows, err := db.QueryContext(ctx, `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE type IN ('table', 'index') AND tbl_name NOT LIKE '\_ferretdb\_%' ESCAPE '\' AND tbl_name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return err
	}
	var tables []string
	indexes := map[string]string{} // name → sql
	for rows.Next() {
		var typ, name, table, q string
		if err := rows.Scan(&typ, &name, &table, &q); err != nil {
			rows.Close()
			return err
		}
		if typ == "table" {
			tables = append(tables, name)
		} else {
			indexes[name] = q
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, t := range tables {
		key := file + "/" + t
		seen[key] = true
		if x.done[key] {
			continue
		}
		if err := indexTable(ctx, db, t, indexes); err != nil {
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

// idExpr is the expression FerretDB looks documents up by.
const idExpr = `_ferretdb_sjson->'$._id'`

// indexTable gives table t one index on idExpr. FerretDB's own unique _id index (named
// "<table>__id_") is rebuilt, under the same name, on idExpr: it computes the same value, so
// duplicate _ids are still refused as FerretDB expects, and each write maintains one index
// instead of two. Tables without FerretDB's index get a plain lookup index. A separate lookup
// index left by earlier versions is dropped once the unique one serves lookups.
func indexTable(ctx context.Context, db *sql.DB, t string, indexes map[string]string) error {
	own, lookup := t+"__id_", t+"_id_lookup"
	ownSQL, hasOwn := indexes[own]
	_, hasLookup := indexes[lookup]
	if !hasOwn {
		if hasLookup {
			return nil
		}
		_, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, lookup, t, idExpr))
		return err
	}
	converted := strings.Contains(ownSQL, idExpr)
	if converted && !hasLookup {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if !converted {
		for _, q := range []string{
			fmt.Sprintf(`DROP INDEX %q`, own),
			fmt.Sprintf(`CREATE UNIQUE INDEX %q ON %q (%s)`, own, t, idExpr),
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DROP INDEX IF EXISTS %q`, lookup)); err != nil {
		return err
	}
	return tx.Commit()
}

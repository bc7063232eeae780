package mongo

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// The lookup FerretDB issues for {_id: X} must be answered by an index, not a table scan.
func TestIDIndexerMakesIDLookupsUseAnIndex(t *testing.T) {
	dir, db := sqliteStore(t,
		`CREATE TABLE "ideas_00_1a2b" (_ferretdb_sjson TEXT NOT NULL CHECK(_ferretdb_sjson != '')) STRICT`,
		`INSERT INTO "ideas_00_1a2b" VALUES ('{"_id":"a","title":"x"}'), ('{"_id":"b","title":"y"}')`,
	)
	plan := func() string {
		rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "ideas_00_1a2b" WHERE _ferretdb_sjson->'$._id' = '"a"'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			out = append(out, detail)
		}
		return strings.Join(out, "; ")
	}
	if p := plan(); !strings.Contains(p, "SCAN") {
		t.Fatalf("expected a scan before indexing, got %q", p)
	}
	x := newIDIndexer(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer x.close()
	if err := x.pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	var idx string
	_ = db.QueryRow(`SELECT group_concat(sql, ' | ') FROM sqlite_master WHERE type='index'`).Scan(&idx)
	t.Logf("indexes: %s", idx) // reading the schema also makes this connection see the new index
	if p := plan(); !strings.Contains(p, "USING INDEX") {
		t.Fatalf("the _id lookup still scans: %q", p)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='index' AND tbl_name='_ferretdb_collections'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("FerretDB's own metadata table was indexed: %d %v", n, err)
	}
}

// FerretDB's unique _id index is rebuilt on the expression its lookups use, so a write
// maintains one index; duplicates are still refused, and the separate lookup index of
// earlier versions goes.
func TestIDIndexerRebuildsFerretDBsUniqueIndex(t *testing.T) {
	dir, db := sqliteStore(t,
		// As FerretDB creates a collection, and as earlier versions of the indexer left it.
		`CREATE TABLE "ideas_00_1a2b" (_ferretdb_sjson TEXT NOT NULL CHECK(_ferretdb_sjson != '')) STRICT`,
		`CREATE UNIQUE INDEX "ideas_00_1a2b__id_" ON "ideas_00_1a2b" (_ferretdb_sjson->"_id")`,
		`CREATE INDEX "ideas_00_1a2b_id_lookup" ON "ideas_00_1a2b" (_ferretdb_sjson->'$._id')`,
		// As FerretDB creates a collection, never indexed before.
		`CREATE TABLE "ideas_01_3c4d" (_ferretdb_sjson TEXT NOT NULL CHECK(_ferretdb_sjson != '')) STRICT`,
		`CREATE UNIQUE INDEX "ideas_01_3c4d__id_" ON "ideas_01_3c4d" (_ferretdb_sjson->"_id")`,
		`INSERT INTO "ideas_00_1a2b" VALUES ('{"_id":"a","title":"x"}'), ('{"_id":"b","title":"y"}')`,
		`INSERT INTO "ideas_01_3c4d" VALUES ('{"_id":"a","title":"x"}')`,
	)
	x := newIDIndexer(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer x.close()
	for range 2 { // the second pass finds nothing to do
		if err := x.pass(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for _, table := range []string{"ideas_00_1a2b", "ideas_01_3c4d"} {
		rows, err := db.Query(`SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=?`, table)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var name, q string
			if err := rows.Scan(&name, &q); err != nil {
				t.Fatal(err)
			}
			got = append(got, name+": "+q)
		}
		rows.Close()
		want := table + `__id_: CREATE UNIQUE INDEX "` + table + `__id_" ON "` + table + `" (_ferretdb_sjson->'$._id')`
		if len(got) != 1 || got[0] != want {
			t.Fatalf("%s: indexes %q, want only %q", table, got, want)
		}
		var detail string
		if err := db.QueryRow(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE _ferretdb_sjson->'$._id' = '"a"'`).Scan(new(int), new(int), new(int), &detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "USING INDEX "+table+"__id_") {
			t.Fatalf("%s: the _id lookup does not use the unique index: %q", table, detail)
		}
		_, err = db.Exec(`INSERT INTO "` + table + `" VALUES ('{"_id":"a","title":"again"}')`)
		if err == nil || !strings.Contains(err.Error(), "UNIQUE constraint failed") {
			t.Fatalf("%s: a duplicate _id was not refused: %v", table, err)
		}
	}
}

// sqliteStore is a database file in a directory of its own, with FerretDB's metadata table
// and the tables and rows stmts create, as an embedded store's directory holds them.
func sqliteStore(t *testing.T, stmts ...string) (string, *sql.DB) {
	t.Helper()
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "city.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	for _, q := range append([]string{`CREATE TABLE "_ferretdb_collections" (name TEXT)`}, stmts...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return dir, db
}

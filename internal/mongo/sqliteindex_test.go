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
	dir := t.TempDir()
	f := filepath.Join(dir, "city.sqlite")
	db, err := sql.Open("sqlite", "file:"+f)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE "_ferretdb_collections" (name TEXT)`,
		`CREATE TABLE "ideas_00_1a2b" (_ferretdb_sjson TEXT NOT NULL CHECK(_ferretdb_sjson != '')) STRICT`,
		`INSERT INTO "ideas_00_1a2b" VALUES ('{"_id":"a","title":"x"}'), ('{"_id":"b","title":"y"}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
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

package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/app"
	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// TestExportImportCommands moves the demo database to another one with the two commands,
// as a city moving stores would.
func TestExportImportCommands(t *testing.T) {
	ctx := context.Background()
	src := mongotest.MustOpenDB(t)
	if _, err := demo.Seed(ctx, src, "Demo-Passwort-2026!"); err != nil {
		t.Fatal(err)
	}
	dstName := mongotest.DatabaseName(t)
	dst, err := mongo.Open(ctx, mongotest.URI(t), dstName)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dst.Drop(context.Background()); _ = dst.Close(context.Background()) })
	envFor := func(db string) func(string) string {
		env := map[string]string{"IDEENWERK_MONGODB_URI": mongotest.URI(t), "IDEENWERK_DATABASE": db}
		return func(k string) string { return env[k] }
	}
	run := func(getenv func(string) string, args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := app.Run(ctx, append([]string{"ideenwerk"}, args...), getenv, &out, &errOut)
		return out.String(), errOut.String(), err
	}
	file := filepath.Join(t.TempDir(), "stadt.jsonl.gz")

	t.Run("Export", func(t *testing.T) {
		out, progress, err := run(envFor(src.DB.Name()), "export", "--out", file)
		if err != nil {
			t.Fatalf("%v\n%s", err, progress)
		}
		if !strings.Contains(out, "Exported ") || !strings.Contains(out, "users") || !strings.Contains(progress, "Exporting: ") {
			t.Errorf("output:\n%s\nprogress:\n%s", out, progress)
		}
		if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("file %v %v", fi, err)
		}
		if _, err := os.Stat(file + ".partial"); !os.IsNotExist(err) {
			t.Errorf("partial file left behind: %v", err)
		}
	})

	t.Run("ExportRefusesToOverwrite", func(t *testing.T) {
		if _, _, err := run(envFor(src.DB.Name()), "export", "--out", file); err == nil || !strings.Contains(err.Error(), "exists already") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("Verify", func(t *testing.T) {
		out, _, err := run(envFor(dstName), "import", "--verify", "--in", file)
		if err != nil || !strings.Contains(out, "is intact") {
			t.Errorf("%v\n%s", err, out)
		}
	})

	t.Run("Import", func(t *testing.T) {
		out, progress, err := run(envFor(dstName), "import", "--in", file)
		if err != nil {
			t.Fatalf("%v\n%s", err, progress)
		}
		if !strings.Contains(out, "counts and checksums verified") || !strings.Contains(progress, "Verifying database: ") {
			t.Errorf("output:\n%s\nprogress:\n%s", out, progress)
		}
		users, err := dst.Collection("users").CountDocuments(ctx, map[string]any{})
		if err != nil || users != int64(len(demo.Users)) {
			t.Errorf("users after import: %d %v", users, err)
		}
	})

	t.Run("ImportRefusesNonEmpty", func(t *testing.T) {
		_, _, err := run(envFor(dstName), "import", "--in", file)
		if err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("Usage", func(t *testing.T) {
		for _, args := range [][]string{{"export"}, {"import"}} {
			if _, _, err := run(envFor(dstName), args...); err == nil || !strings.Contains(err.Error(), "--") {
				t.Errorf("%v: err = %v", args, err)
			}
		}
	})
}

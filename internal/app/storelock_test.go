package app_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEmbeddedStoreIsExclusive runs the real binary on an embedded store of its own: the
// server holds the store directory's lock, so it is the store's only writer of ideas (no
// revision claims, no change feed). Another process that would write ideas there — a
// standalone store, doctor — is refused with the reason while export still reads. Writes
// through the server keep every counter true: the doctor finds nothing once it may run.
func TestEmbeddedStoreIsExclusive(t *testing.T) {
	dataDir := t.TempDir()
	addr := freeAddr(t)
	env := []string{"IDEENWERK_ADDR=" + addr, "IDEENWERK_DATA_DIR=" + dataDir, "IDEENWERK_MONGODB_URI=",
		"IDEENWERK_DEMO=true", "IDEENWERK_DEMO_PASSWORD=" + relPassword, "IDEENWERK_LOG_FORMAT=json", "IDEENWERK_SHUTDOWN_TIMEOUT=10s"}
	server := startProc(t, env, "serve")
	defer server.logErrors(t)
	base := "http://" + addr
	waitReady(t, base)

	run := func(env []string, args ...string) (string, error) {
		cmd := exec.Command(relBinary(t), args...)
		cmd.Env = append(append(os.Environ(), "IDEENWERK_MONGODB_URI="), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	dirEnv := []string{"IDEENWERK_DATA_DIR=" + dataDir}
	if out, err := run(dirEnv, "store", "-addr", freeAddr(t), "-data-dir", filepath.Join(dataDir, "store")); err == nil || !strings.Contains(out, "in use by another Ideenwerk process") {
		t.Fatalf("a standalone store on the server's directory: %v\n%s", err, out)
	}
	if out, err := run(dirEnv, "doctor"); err == nil || !strings.Contains(out, "in use by another Ideenwerk process") {
		t.Fatalf("doctor beside the server: %v\n%s", err, out)
	}
	backup := filepath.Join(t.TempDir(), "backup.jsonl.gz")
	if out, err := run(dirEnv, "export", "--out", backup); err != nil {
		t.Fatalf("export beside the server: %v\n%s", err, out)
	}

	// Writes through the exclusive server: a new idea, supports and a withdrawal, a comment.
	author := loginToken(t, base, "employee@ideenwerk.example", relPassword)
	reviewer := loginToken(t, base, "reviewer@ideenwerk.example", relPassword)
	cdo := loginToken(t, base, "cdo@ideenwerk.example", relPassword)
	var idea struct {
		ID string `json:"id"`
	}
	call(t, base, http.MethodPost, "/api/v1/ideas", author, map[string]any{
		"title": "Sitzbänke mit Schatten", "summary": "Schattige Bänke an den Haltestellen der Innenstadt.",
		"description": "Bäume oder Sonnensegel über den Bänken.", "visibility": "public", "submit": true,
	}, http.StatusCreated, &idea)
	var sup struct {
		SupportCount int `json:"supportCount"`
	}
	for _, tok := range []string{reviewer, cdo} {
		call(t, base, http.MethodPut, "/api/v1/ideas/"+idea.ID+"/support", tok, nil, http.StatusOK, &sup)
	}
	if sup.SupportCount != 2 {
		t.Fatalf("%d supports, want 2", sup.SupportCount)
	}
	call(t, base, http.MethodDelete, "/api/v1/ideas/"+idea.ID+"/support", cdo, nil, http.StatusOK, &sup)
	call(t, base, http.MethodPost, "/api/v1/ideas/"+idea.ID+"/comments", reviewer, map[string]any{"body": "Gern auch am Markt."}, http.StatusCreated, nil)
	var got struct {
		SupportCount  int `json:"supportCount"`
		CommentCount  int `json:"commentCount"`
		FollowerCount int `json:"followerCount"`
	}
	call(t, base, http.MethodGet, "/api/v1/ideas/"+idea.ID, author, nil, http.StatusOK, &got)
	if got.SupportCount != 1 || got.CommentCount != 1 || got.FollowerCount < 1 {
		t.Fatalf("idea after the writes: %+v", got)
	}
	if err := server.stop(t, syscall.SIGTERM, 20*time.Second); err != nil {
		t.Fatalf("server exit: %v", err)
	}
	if out, err := run(dirEnv, "doctor"); err != nil || !strings.Contains(out, ": 0 findings") {
		t.Fatalf("doctor after the server stopped: %v\n%s", err, out)
	}
}

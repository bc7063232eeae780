package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/app"
	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server runs app.Run on port 0 and returns its base URL and a stop function that waits
// for Run to return.
func server(t *testing.T, env map[string]string) (string, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	stdout := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := app.Run(ctx, []string{"ideenwerk", "serve"}, func(k string) string { return env[k] }, io.MultiWriter(pw, stdout), logs)
		pw.Close()
		done <- err
	}()
	urlCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Ideenwerk listening on "); ok {
				urlCh <- u
			}
		}
		close(urlCh)
	}()
	var base string
	select {
	case base = <-urlCh:
	case err := <-done:
		t.Fatalf("run returned early: %v\n%s", err, logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start\n%s", logs.String())
	}
	waitReady(t, base)
	return base, stdout, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			t.Fatal("run did not return after cancel")
			return nil
		}
	}
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get(base + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server never became ready")
}

func login(t *testing.T, base, email, password string) int {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	r, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	return r.StatusCode
}

var demoUsers = []string{"admin@ideenwerk.example", "cdo@ideenwerk.example", "reviewer@ideenwerk.example",
	"reviewer2@ideenwerk.example", "employee@ideenwerk.example", "citizen@ideenwerk.example"}

// TestRunEndToEnd runs the real program on port 0, logs in as every demo role and stops it
// gracefully. It uses the test package's store: FerretDB cannot run twice in one process,
// so the embedded start is tested through the binary in TestRestartKeepsUsers.
func TestRunEndToEnd(t *testing.T) {
	env := map[string]string{
		"IDEENWERK_ADDR": "127.0.0.1:0", "IDEENWERK_DATA_DIR": t.TempDir(), "IDEENWERK_DEMO_PASSWORD": "Demo-Passwort-2026",
		"IDEENWERK_LOG_FORMAT": "json", "IDEENWERK_DEMO": "true",
		"IDEENWERK_MONGODB_URI": mongotest.URI(t), "IDEENWERK_DATABASE": mongotest.DatabaseName(t),
	}
	base, _, stop := server(t, env)
	for _, u := range demoUsers {
		if s := login(t, base, u, "Demo-Passwort-2026"); s != 200 {
			t.Fatalf("login %s: %d", u, s)
		}
	}
	r, err := http.Get(base + "/")
	if err != nil || r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("SPA at /: %v %v", err, r)
	}
	r.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
}

// TestRestartKeepsUsers runs the built binary twice on one data directory.
func TestRestartKeepsUsers(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "ideenwerk")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/ideenwerk").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	start := func() (string, func()) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), "IDEENWERK_ADDR="+addr, "IDEENWERK_DATA_DIR="+dir, "IDEENWERK_DEMO_PASSWORD=Demo-Passwort-2026")
		var logs syncBuffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		base := "http://" + addr
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("server output:\n%s", logs.String())
			}
		})
		waitReady(t, base)
		return base, func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("server exit: %v\n%s", err, logs.String())
			}
		}
	}
	base, stop := start()
	for _, u := range demoUsers {
		if s := login(t, base, u, "Demo-Passwort-2026"); s != 200 {
			t.Fatalf("login %s: %d", u, s)
		}
	}
	stop()
	base, stop = start()
	defer stop()
	for _, u := range demoUsers {
		if s := login(t, base, u, "Demo-Passwort-2026"); s != 200 {
			t.Fatalf("after restart, login %s: %d", u, s)
		}
	}
}

func TestGeneratedDemoPasswordPrintedOnce(t *testing.T) {
	env := map[string]string{"IDEENWERK_ADDR": "127.0.0.1:0", "IDEENWERK_DATA_DIR": t.TempDir(), "IDEENWERK_DEMO": "true",
		"IDEENWERK_MONGODB_URI": mongotest.URI(t), "IDEENWERK_DATABASE": mongotest.DatabaseName(t)}
	base, out, stop := server(t, env)
	_, after, ok := strings.Cut(out.String(), "Demo password, shown only this once: ")
	if !ok {
		t.Fatalf("no password printed:\n%s", out.String())
	}
	pw := strings.TrimSpace(strings.SplitN(after, "\n", 2)[0])
	if s := login(t, base, "cdo@ideenwerk.example", pw); s != 200 {
		t.Fatalf("printed password does not work: %d", s)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	_, out, stop = server(t, env)
	if strings.Contains(out.String(), "Demo password") {
		t.Fatal("password printed again on restart")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestFailedStartSeedsNothing: a start that cannot serve (the port taken, the key file
// missing) fails before the demo is seeded, so its one-time password is not shown for a
// city that never started, and the next start shows it.
func TestFailedStartSeedsNothing(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	uri, dbName := mongotest.URI(t), mongotest.DatabaseName(t)
	for name, env := range map[string]map[string]string{
		"PortTaken":  {"IDEENWERK_ADDR": taken.Addr().String()},
		"KeyMissing": {"IDEENWERK_ADDR": "127.0.0.1:0", "IDEENWERK_JWT_KEY_FILE": filepath.Join(t.TempDir(), "key.pem")},
	} {
		t.Run(name, func(t *testing.T) {
			env["IDEENWERK_DATA_DIR"], env["IDEENWERK_DEMO"], env["IDEENWERK_MONGODB_URI"], env["IDEENWERK_DATABASE"] = t.TempDir(), "true", uri, dbName
			var out bytes.Buffer
			err := app.Run(context.Background(), []string{"ideenwerk", "serve"}, func(k string) string { return env[k] }, &out, io.Discard)
			if err == nil {
				t.Fatal("started")
			}
			if name == "KeyMissing" && !strings.Contains(err.Error(), "openssl genpkey -algorithm ed25519") {
				t.Fatalf("no hint how to make a key: %v", err)
			}
			if strings.Contains(out.String(), "Demo password") {
				t.Fatalf("password shown by a failed start:\n%s", out.String())
			}
		})
	}
	// Nothing was seeded: the next start seeds the demo and shows its password.
	env := map[string]string{"IDEENWERK_ADDR": "127.0.0.1:0", "IDEENWERK_DATA_DIR": t.TempDir(), "IDEENWERK_DEMO": "true",
		"IDEENWERK_MONGODB_URI": uri, "IDEENWERK_DATABASE": dbName}
	_, out, stop := server(t, env)
	if !strings.Contains(out.String(), "Demo password, shown only this once: ") {
		t.Fatalf("no password on the first start that served:\n%s", out.String())
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := map[string]map[string]string{
		"BadAddr":      {"IDEENWERK_ADDR": "nonsense"},
		"BadLogFormat": {"IDEENWERK_LOG_FORMAT": "xml"},
		"BadMongoURI":  {"IDEENWERK_MONGODB_URI": "postgres://x"},
		"BadSMTP":      {"IDEENWERK_SMTP_URL": "http://mail"},
		"ShortDemoPW":  {"IDEENWERK_DEMO_PASSWORD": "kurz"},
		"BadBool":      {"IDEENWERK_STRICT_HOSTS": "vielleicht"},
	}
	for name, env := range cases {
		t.Run(name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := app.Run(context.Background(), []string{"ideenwerk", "serve"}, func(k string) string { return env[k] }, io.Discard, &stderr)
			if err == nil {
				t.Fatal("invalid configuration accepted")
			}
			for k := range env {
				if !strings.Contains(err.Error(), k) {
					t.Fatalf("error does not name %s: %v", k, err)
				}
			}
		})
	}
}

func TestTenantCommand(t *testing.T) {
	env := map[string]string{"IDEENWERK_DATA_DIR": t.TempDir(), "IDEENWERK_DEMO": "false",
		"IDEENWERK_MONGODB_URI": mongotest.URI(t), "IDEENWERK_DATABASE": mongotest.DatabaseName(t)}
	getenv := func(k string) string { return env[k] }
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := app.Run(context.Background(), append([]string{"ideenwerk", "tenant"}, args...), getenv, &out, io.Discard)
		return out.String(), err
	}
	if _, err := run("create", "-slug", "kreis-steinfurt", "-name", "Kreis Steinfurt", "-hosts", "ideen.kreis-steinfurt.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := run("create", "-slug", "kreis-steinfurt", "-name", "Noch einmal"); err == nil {
		t.Fatal("duplicate slug accepted")
	}
	if _, err := run("create", "-slug", "andere", "-name", "Andere", "-hosts", "ideen.kreis-steinfurt.example"); err == nil {
		t.Fatal("duplicate host accepted")
	}
	if _, err := run("update", "-slug", "kreis-steinfurt", "-name", "Kreis Steinfurt (neu)"); err != nil {
		t.Fatal(err)
	}
	out, err := run("list")
	if err != nil || !strings.Contains(out, "Kreis Steinfurt (neu)") || !strings.Contains(out, "ideen.kreis-steinfurt.example") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	for _, bad := range []string{"http://evil/", "a b", "ideen.example/pfad", "-x.example", "ideen.example:8080"} {
		if _, err := run("create", "-slug", "schlecht", "-name", "Schlecht", "-hosts", bad); err == nil {
			t.Fatalf("host %q accepted", bad)
		}
	}
	if out, err := run("--help"); err != nil || !strings.Contains(out, "admin-email") {
		t.Fatalf("help: %v\n%s", err, out)
	}
	if _, err := run("create", "--help"); err != nil {
		t.Fatalf("create --help: %v", err)
	}

	// A new tenant gets its administrator, who can sign in with the password shown once.
	out, err = run("create", "-slug", "kreis-borken", "-name", "Kreis Borken", "-hosts", "ideen.kreis-borken.example",
		"-admin-email", "IT@Kreis-Borken.example", "-admin-name", "Ida Technik")
	if err != nil {
		t.Fatal(err)
	}
	_, pw, ok := strings.Cut(out, "shown only this once: ")
	pw, _, _ = strings.Cut(pw, "\n")
	if !ok || len(pw) < 16 {
		t.Fatalf("no password shown:\n%s", out)
	}
	db, err := mongo.Open(context.Background(), env["IDEENWERK_MONGODB_URI"], env["IDEENWERK_DATABASE"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	tn, err := db.FindTenantBySlug(context.Background(), "kreis-borken")
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.FindUserByEmail(domain.WithTenant(context.Background(), tn), "it@kreis-borken.example")
	if err != nil || !slices.Contains(u.Roles, domain.RoleAdmin) || u.Status != domain.UserActive || !auth.VerifyPassword(u.PasswordHash, pw) {
		t.Fatalf("administrator %+v, %v", u, err)
	}
	// Run again for the same address: the role is kept, the password unchanged, nothing printed.
	if out, err := run("admin", "-slug", "kreis-borken", "-admin-email", "it@kreis-borken.example"); err != nil || strings.Contains(out, "once") {
		t.Fatalf("again: %v\n%s", err, out)
	}
}

// TestCommandHelp: every command answers -h with its flags and success, as the top level does.
func TestCommandHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "store", "export", "import", "doctor", "healthcheck", "tenant"} {
		var stdout, stderr bytes.Buffer
		if err := app.Run(context.Background(), []string{"ideenwerk", cmd, "-h"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
			t.Fatalf("%s -h: %v", cmd, err)
		}
		if !strings.Contains(stdout.String()+stderr.String(), "-") {
			t.Fatalf("%s -h printed no flags:\n%s%s", cmd, stdout.String(), stderr.String())
		}
	}
}

// TestStoreListensOnLoopbackOnly: the standalone store has no authentication.
func TestStoreListensOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", "192.0.2.1:0", "nonsense"} {
		err := app.Run(context.Background(), []string{"ideenwerk", "store", "-addr", addr, "-data-dir", t.TempDir()}, func(string) string { return "" }, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
			t.Fatalf("store -addr %s: %v", addr, err)
		}
	}
}

// TestTenantSubcommandFlags: each tenant subcommand takes its own flags, and names a tenant
// that does not exist as such.
func TestTenantSubcommandFlags(t *testing.T) {
	env := map[string]string{"IDEENWERK_DATA_DIR": t.TempDir(), "IDEENWERK_DEMO": "false",
		"IDEENWERK_MONGODB_URI": mongotest.URI(t), "IDEENWERK_DATABASE": mongotest.DatabaseName(t)}
	run := func(args ...string) error {
		return app.Run(context.Background(), append([]string{"ideenwerk", "tenant"}, args...), func(k string) string { return env[k] }, io.Discard, io.Discard)
	}
	if err := run("list", "-name", "x"); err == nil || !strings.Contains(err.Error(), "-name") {
		t.Fatalf("list -name: %v", err)
	}
	if err := run("admin", "-hosts", "a.example"); err == nil || !strings.Contains(err.Error(), "-hosts") {
		t.Fatalf("admin -hosts: %v", err)
	}
	if err := run("admin", "-slug", "nope", "-admin-email", "a@b.example"); err == nil || !strings.Contains(err.Error(), `there is no tenant with the slug "nope"`) {
		t.Fatalf("admin of a missing tenant: %v", err)
	}
	if err := run("update", "-name", "X"); err == nil || !strings.Contains(err.Error(), "-slug is required") {
		t.Fatalf("update without slug: %v", err)
	}
}

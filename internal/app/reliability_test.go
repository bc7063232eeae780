package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// The reliability scenarios run the built binary: the store as its own process
// (`ideenwerk store`), the server against it, a load of writes and reads, and a fault —
// the store stopped, the server killed with SIGKILL or stopped with SIGTERM. Each checks
// the promise the README makes: bounded answers with Retry-After during an outage,
// recovery without help, no acknowledged write lost, nothing half-applied (doctor).

const relPassword = "Demo-Passwort-2026"

var (
	relBinOnce sync.Once
	relBin     string
	relBinErr  error
)

// relBinary builds cmd/ideenwerk once per test run.
func relBinary(t *testing.T) string {
	t.Helper()
	relBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ideenwerk-reliability-")
		if err != nil {
			relBinErr = err
			return
		}
		relBin = filepath.Join(dir, "ideenwerk")
		if out, err := exec.Command("go", "build", "-o", relBin, "../../cmd/ideenwerk").CombinedOutput(); err != nil {
			relBinErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if relBinErr != nil {
		t.Fatal(relBinErr)
	}
	return relBin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// proc is a running subprocess of the binary.
type proc struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(relBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	p := &proc{cmd: cmd, logs: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		p.done <- nil
		if t.Failed() {
			t.Logf("%s output:\n%.20000s", args[0], p.logs.String())
		}
	})
	return p
}

// logErrors logs the process's error lines if the test failed (the full output is
// logged by the cleanup, but may be cut).
func (p *proc) logErrors(t *testing.T) {
	if !t.Failed() {
		return
	}
	for _, line := range strings.Split(p.logs.String(), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) && !strings.Contains(line, `"msg":"request"`) {
			t.Logf("server error: %.1500s", line)
		}
	}
}

// stop signals the process and waits up to limit for it to exit.
func (p *proc) stop(t *testing.T, sig os.Signal, limit time.Duration) error {
	t.Helper()
	_ = p.cmd.Process.Signal(sig)
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(limit):
		t.Fatalf("process did not exit within %s after %v", limit, sig)
		return nil
	}
}

// relStore starts `ideenwerk store` on addr with its files in dir.
func relStore(t *testing.T, dir, addr string) *proc {
	t.Helper()
	p := startProc(t, nil, "store", "-addr", addr, "-data-dir", dir)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return p
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("store did not listen on %s", addr)
	return nil
}

// relServer starts `ideenwerk serve` against the store at storeAddr.
func relServer(t *testing.T, storeAddr, dataDir string, env ...string) (*proc, string) {
	t.Helper()
	addr := freeAddr(t)
	p := startProc(t, append([]string{"IDEENWERK_ADDR=" + addr, "IDEENWERK_DATA_DIR=" + dataDir, "IDEENWERK_MONGODB_URI=mongodb://" + storeAddr + "/",
		"IDEENWERK_DEMO=true", "IDEENWERK_DEMO_PASSWORD=" + relPassword, "IDEENWERK_LOG_FORMAT=json", "IDEENWERK_SHUTDOWN_TIMEOUT=10s"}, env...), "serve")
	base := "http://" + addr
	waitReady(t, base)
	return p, base
}

// relDoctor runs `ideenwerk doctor` against the store and returns its output and exit error.
func relDoctor(t *testing.T, storeAddr string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(relBinary(t), append([]string{"doctor", "-grace", "1ms"}, args...)...)
	cmd.Env = append(os.Environ(), "IDEENWERK_MONGODB_URI=mongodb://"+storeAddr+"/", "IDEENWERK_DATA_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// sample is one request of the load.
type sample struct {
	op         string
	start      time.Time
	dur        time.Duration
	status     int // 0: transport error
	err        error
	retryAfter string
}

// relLoad drives writes (comments, supports, idea creations) and reads against a server
// and remembers every write the server acknowledged with 2xx.
type relLoad struct {
	t      *testing.T
	client *http.Client
	base   atomic.Pointer[string]
	tokens map[string]string
	ideas  []string
	pairs  chan [2]string // idea, user e-mail: each support is sent once

	mu       sync.Mutex
	samples  []sample
	comments []string // comment IDs
	created  []string // idea IDs
	supports [][2]string
}

func newRelLoad(t *testing.T, base string) *relLoad {
	t.Helper()
	l := &relLoad{t: t, client: &http.Client{Timeout: 15 * time.Second}, tokens: map[string]string{}}
	l.base.Store(&base)
	staff := []string{"employee@ideenwerk.example", "reviewer@ideenwerk.example", "reviewer2@ideenwerk.example", "admin@ideenwerk.example"}
	for _, u := range append(staff, "cdo@ideenwerk.example") {
		l.tokens[u] = l.login(u)
	}
	// The cdo's submitted internal ideas take the staff's supports and comments.
	for n := range 24 {
		status, body, _ := l.do("POST", "/api/v1/ideas", "cdo@ideenwerk.example", map[string]any{"title": fmt.Sprintf("Last-Idee Nummer %d", n),
			"summary": "Für die Ausfallübung", "description": "Beschreibung", "submit": true})
		if status != 201 {
			t.Fatalf("create idea: %d %s", status, body)
		}
		l.ideas = append(l.ideas, jsonID(t, body))
	}
	var pairs [][2]string
	for _, i := range l.ideas {
		for _, u := range staff {
			pairs = append(pairs, [2]string{i, u})
		}
	}
	rand.Shuffle(len(pairs), func(a, b int) { pairs[a], pairs[b] = pairs[b], pairs[a] })
	l.pairs = make(chan [2]string, len(pairs))
	for _, p := range pairs {
		l.pairs <- p
	}
	return l
}

func jsonID(t *testing.T, body []byte) string {
	var v struct{ ID string }
	if err := json.Unmarshal(body, &v); err != nil || v.ID == "" {
		t.Fatalf("no id in %s", body)
	}
	return v.ID
}

func (l *relLoad) login(email string) string {
	status, body, err := l.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": relPassword})
	if status != 200 {
		l.t.Fatalf("login %s: %d %s %v", email, status, body, err)
	}
	var v struct{ AccessToken string }
	_ = json.Unmarshal(body, &v)
	return v.AccessToken
}

func (l *relLoad) do(method, path, user string, body any) (int, []byte, http.Header) {
	s, b, h := l.request(method, path, user, body)
	return s.status, b, h
}

func (l *relLoad) request(method, path, user string, body any) (sample, []byte, http.Header) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, *l.base.Load()+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+l.tokens[user])
	}
	s := sample{start: time.Now()}
	resp, err := l.client.Do(req)
	if err != nil {
		s.dur, s.err = time.Since(s.start), err
		return s, nil, nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	s.dur, s.status, s.err, s.retryAfter = time.Since(s.start), resp.StatusCode, err, resp.Header.Get("Retry-After")
	return s, b, resp.Header
}

// run drives workers clients until stop is closed; the current requests finish.
func (l *relLoad) run(workers int, stop <-chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	staff := []string{"employee@ideenwerk.example", "reviewer@ideenwerk.example", "reviewer2@ideenwerk.example", "admin@ideenwerk.example"}
	for w := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for {
				select {
				case <-stop:
					return
				default:
				}
				user := staff[r.IntN(len(staff))]
				idea := l.ideas[r.IntN(len(l.ideas))]
				switch n := r.IntN(100); {
				case n < 35:
					s, b, _ := l.request("POST", "/api/v1/ideas/"+idea+"/comments", user, map[string]string{"body": fmt.Sprintf("Beitrag %d", r.Int())})
					s.op = "comment"
					l.record(s, func() { l.comments = append(l.comments, jsonID(l.t, b)) })
				case n < 65:
					select {
					case p := <-l.pairs:
						s, _, _ := l.request("PUT", "/api/v1/ideas/"+p[0]+"/support", p[1], nil)
						s.op = "support"
						l.record(s, func() { l.supports = append(l.supports, p) })
					default:
						s, _, _ := l.request("GET", "/api/v1/ideas/"+idea, user, nil)
						s.op = "read"
						l.record(s, nil)
					}
				case n < 80:
					s, b, _ := l.request("POST", "/api/v1/ideas", user, map[string]any{"title": fmt.Sprintf("Neue Idee %d", r.Int()), "summary": "Unter Last"})
					s.op = "create"
					l.record(s, func() { l.created = append(l.created, jsonID(l.t, b)) })
				default:
					s, _, _ := l.request("GET", "/api/v1/ideas?limit=5", user, nil)
					s.op = "list"
					l.record(s, nil)
				}
			}
		})
	}
	return &wg
}

func (l *relLoad) record(s sample, ack func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.samples = append(l.samples, s)
	if s.status >= 200 && s.status < 300 && ack != nil {
		ack()
	}
}

// between returns the samples that started in [from, to).
func (l *relLoad) between(from, to time.Time) []sample {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []sample
	for _, s := range l.samples {
		if !s.start.Before(from) && s.start.Before(to) {
			out = append(out, s)
		}
	}
	return out
}

func summary(ss []sample) string {
	by := map[string]int{}
	var worst time.Duration
	for _, s := range ss {
		k := fmt.Sprint(s.status)
		if s.err != nil && s.status == 0 {
			k = "error"
		}
		by[k]++
		worst = max(worst, s.dur)
	}
	return fmt.Sprintf("%d requests %v, slowest %s", len(ss), by, worst.Round(time.Millisecond))
}

// verify checks that every acknowledged write is in the store.
func (l *relLoad) verify(t *testing.T, storeAddr string) {
	t.Helper()
	ctx := context.Background()
	db, err := mongo.Open(ctx, "mongodb://"+storeAddr+"/", "ideenwerk")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	tn, err := db.FindTenantBySlug(ctx, demo.TenantSlug)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]string{}
	for e := range l.tokens {
		u, err := db.FindUserByEmail(domain.WithTenant(ctx, tn), e)
		if err != nil {
			t.Fatal(err)
		}
		users[e] = u.ID
	}
	ctx = domain.WithTenant(ctx, tn)
	l.mu.Lock()
	defer l.mu.Unlock()
	missing := 0
	for _, id := range l.comments {
		if _, err := db.FindCommentByID(ctx, id); err != nil {
			missing++
			t.Errorf("acknowledged comment %s: %v", id, err)
		}
	}
	for _, id := range l.created {
		if _, err := db.FindIdeaByID(ctx, id); err != nil {
			missing++
			t.Errorf("acknowledged idea %s: %v", id, err)
		}
	}
	for _, p := range l.supports {
		if ok, err := db.HasSupported(ctx, p[0], users[p[1]]); !ok || err != nil {
			missing++
			t.Errorf("acknowledged support of %s by %s: %v %v", p[0], p[1], ok, err)
		}
	}
	t.Logf("acknowledged writes: %d comments, %d ideas, %d supports; %d missing", len(l.comments), len(l.created), len(l.supports), missing)
	if len(l.comments)+len(l.created)+len(l.supports) == 0 {
		t.Fatal("no write was acknowledged; the load did not run")
	}
}

func readyz(base string) (int, time.Duration) {
	c := &http.Client{Timeout: 10 * time.Second}
	start := time.Now()
	r, err := c.Get(base + "/readyz")
	if err != nil {
		return 0, time.Since(start)
	}
	r.Body.Close()
	return r.StatusCode, time.Since(start)
}

// TestStoreOutage stops the store under load — gracefully (SIGTERM) and by killing it
// (SIGKILL): once the server noticed (within about a second), every request is refused at
// once with 503 and Retry-After, /readyz fails; requests caught in flight are cancelled
// then, so none takes longer than outageBound; the store comes back and the server
// recovers by itself; every acknowledged write is there, and the doctor finds nothing:
// the server repaired the ideas whose writes failed part-way as soon as the store was back.
func TestStoreOutage(t *testing.T) {
	for _, c := range []struct {
		name string
		sig  os.Signal
	}{{"Stop", syscall.SIGTERM}, {"Kill", syscall.SIGKILL}} {
		t.Run(c.name, func(t *testing.T) { storeOutage(t, c.sig) })
	}
}

// outageBound is the longest any request may take during a store outage: the monitor
// finds the store down within about a second (a refused dial at once, a ping that times out
// after one), and then answers new requests at once and cancels those in flight.
const outageBound = 3 * time.Second

func storeOutage(t *testing.T, sig os.Signal) {
	storeDir, storeAddr := t.TempDir(), freeAddr(t)
	store := relStore(t, storeDir, storeAddr)
	server, base := relServer(t, storeAddr, t.TempDir())
	defer server.logErrors(t)
	l := newRelLoad(t, base)

	stop := make(chan struct{})
	wg := l.run(8, stop)
	time.Sleep(2 * time.Second)
	outageStart := time.Now()
	if err := store.stop(t, sig, 10*time.Second); err != nil {
		t.Logf("store exit: %v", err)
	}
	exited := time.Now()
	// /readyz fails, and soon.
	var detected time.Time
	for time.Since(exited) < 10*time.Second {
		if s, d := readyz(base); s == http.StatusServiceUnavailable {
			detected = time.Now()
			if d > 3*time.Second {
				t.Errorf("/readyz took %s to fail", d)
			}
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if detected.IsZero() {
		t.Fatal("/readyz did not fail during the store outage")
	}
	time.Sleep(3 * time.Second)
	outageEnd := time.Now()
	relStore(t, storeDir, storeAddr)
	restarted := time.Now()
	var recoveredAfter time.Duration
	for time.Since(restarted) < 30*time.Second {
		if s, _ := readyz(base); s == http.StatusOK {
			recoveredAfter = time.Since(restarted)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if recoveredAfter == 0 {
		t.Fatal("the server did not recover within 30 s after the store came back")
	}
	healthyFrom := time.Now().Add(time.Second)
	time.Sleep(3 * time.Second)
	close(stop)
	wg.Wait()

	t.Logf("before the outage: %s", summary(l.between(time.Time{}, outageStart)))
	t.Logf("signal to exit %s, exit to /readyz failing %s", exited.Sub(outageStart).Round(time.Millisecond), detected.Sub(exited).Round(time.Millisecond))
	t.Logf("requests started before the server noticed: %s", summary(l.between(outageStart, detected)))
	t.Logf("requests started after it noticed: %s", summary(l.between(detected, outageEnd)))
	t.Logf("store back: /readyz ready after %s; afterwards: %s", recoveredAfter.Round(time.Millisecond), summary(l.between(healthyFrom, time.Now())))
	var unavailable int
	for _, s := range l.between(time.Time{}, time.Now()) {
		// Once the server noticed, the guard answers at once; requests caught in flight are
		// cancelled when it notices, their detached second halves too.
		if bound := outageBound; s.dur > bound {
			t.Errorf("%s started %s after the outage began took %s (status %d), more than %s", s.op,
				s.start.Sub(outageStart).Round(time.Millisecond), s.dur.Round(time.Millisecond), s.status, outageBound)
		}
		if s.status == 0 {
			t.Errorf("%s: transport error %v", s.op, s.err)
		}
		if s.status >= 500 {
			if s.status != http.StatusServiceUnavailable || s.retryAfter == "" {
				t.Errorf("%s answered %d (Retry-After %q) during the outage; want 503 with Retry-After", s.op, s.status, s.retryAfter)
			}
			unavailable++
		}
	}
	for _, s := range l.between(detected, outageEnd) {
		if s.status != http.StatusServiceUnavailable || s.dur > 500*time.Millisecond {
			t.Errorf("after the server noticed the outage, %s answered %d in %s; want 503 at once", s.op, s.status, s.dur)
		}
	}
	if unavailable == 0 {
		t.Error("no request was refused during the outage")
	}
	after := l.between(healthyFrom, time.Now())
	for _, s := range after {
		if s.status >= 300 {
			t.Errorf("after recovery %s answered %d", s.op, s.status)
		}
	}
	if len(after) == 0 {
		t.Error("no request after recovery")
	}
	l.verify(t, storeAddr)
	relDerivedOnly(t, storeAddr, "the outage", true)
}

// relDerivedOnly runs the doctor: with strict nothing may be found; otherwise at most
// derived counters, and a repair must leave nothing.
func relDerivedOnly(t *testing.T, storeAddr, after string, strict bool) {
	t.Helper()
	out, err := relDoctor(t, storeAddr)
	t.Logf("doctor after %s:\n%s", after, out)
	if err == nil {
		return
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "checked ") || strings.HasPrefix(line, "ideenwerk: doctor:") {
			continue
		}
		if strict || !strings.Contains(line, "] counter ") && !strings.Contains(line, "] follow-list ") {
			t.Errorf("doctor after %s found: %s", after, line)
		}
	}
	if out, err := relDoctor(t, storeAddr, "--repair"); err != nil {
		t.Fatalf("repair: %v\n%s", err, out)
	}
	if out, err := relDoctor(t, storeAddr); err != nil {
		t.Fatalf("findings after the repair: %v\n%s", err, out)
	}
}

// TestServerCrash kills the server with SIGKILL during a write-heavy load and restarts
// it: no acknowledged write is missing, and the doctor finds at most derived counters,
// which a repair fixes.
func TestServerCrash(t *testing.T) {
	storeAddr := freeAddr(t)
	relStore(t, t.TempDir(), storeAddr)
	dataDir := t.TempDir()
	server, base := relServer(t, storeAddr, dataDir)
	defer server.logErrors(t)
	l := newRelLoad(t, base)
	stop := make(chan struct{})
	wg := l.run(8, stop)
	time.Sleep(3 * time.Second)
	_ = server.stop(t, syscall.SIGKILL, 10*time.Second)
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("load until the crash: %s", summary(l.between(time.Time{}, time.Now())))

	_, base = relServer(t, storeAddr, dataDir)
	l.base.Store(&base)
	l.verify(t, storeAddr)
	relDerivedOnly(t, storeAddr, "the crash", false)
	// The restarted server serves the ideas again (a new address is a new token issuer).
	l.tokens["employee@ideenwerk.example"] = l.login("employee@ideenwerk.example")
	if s, _, _ := l.do("GET", "/api/v1/ideas/"+l.ideas[0], "employee@ideenwerk.example", nil); s != 200 {
		t.Fatalf("after restart: %d", s)
	}
}

// TestGracefulShutdownUnderLoad stops the server with SIGTERM under load: it exits
// cleanly within the shutdown timeout, requests in flight complete or fail cleanly (none
// hangs), and every acknowledged write is present; the doctor finds nothing.
func TestGracefulShutdownUnderLoad(t *testing.T) {
	storeAddr := freeAddr(t)
	relStore(t, t.TempDir(), storeAddr)
	server, base := relServer(t, storeAddr, t.TempDir())
	defer server.logErrors(t)
	l := newRelLoad(t, base)
	stop := make(chan struct{})
	wg := l.run(8, stop)
	time.Sleep(3 * time.Second)
	term := time.Now()
	if err := server.stop(t, syscall.SIGTERM, 15*time.Second); err != nil {
		t.Errorf("server exit after SIGTERM: %v", err)
	}
	t.Logf("server stopped %s after SIGTERM", time.Since(term).Round(time.Millisecond))
	close(stop)
	wg.Wait()
	all := l.between(time.Time{}, time.Now())
	t.Logf("load: %s", summary(all))
	for _, s := range all {
		var ne net.Error
		if s.status == 0 && errors.As(s.err, &ne) && ne.Timeout() {
			t.Errorf("%s hung until the client gave up: %v", s.op, s.err)
		}
		if s.status >= 500 && s.status != http.StatusServiceUnavailable {
			t.Errorf("%s answered %d", s.op, s.status)
		}
	}
	l.verify(t, storeAddr)
	if out, err := relDoctor(t, storeAddr); err != nil {
		t.Errorf("doctor after the shutdown: %v\n%s", err, out)
	}
}

// soakMix is the soak's workload: 80 % reads (an idea, a list, a search, comments), 20 %
// writes that keep the data's size steady (supports and follows toggled, comments), so a
// heap that does not come back is a leak, not data.
func (l *relLoad) soak(workers int, stop <-chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	staff := []string{"employee@ideenwerk.example", "reviewer@ideenwerk.example", "reviewer2@ideenwerk.example", "admin@ideenwerk.example"}
	for w := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 11))
			for {
				select {
				case <-stop:
					return
				default:
				}
				user, idea := staff[r.IntN(len(staff))], l.ideas[r.IntN(len(l.ideas))]
				var s sample
				switch n := r.IntN(100); {
				case n < 30:
					s, _, _ = l.request("GET", "/api/v1/ideas/"+idea, user, nil)
				case n < 50:
					s, _, _ = l.request("GET", "/api/v1/ideas?limit=20", user, nil)
				case n < 65:
					s, _, _ = l.request("GET", "/api/v1/ideas?q=Last-Idee+Nummer", user, nil)
				case n < 80:
					s, _, _ = l.request("GET", "/api/v1/ideas/"+idea+"/comments?limit=10", user, nil)
				case n < 86:
					s, _, _ = l.request([]string{"PUT", "DELETE"}[r.IntN(2)], "/api/v1/ideas/"+idea+"/support", user, nil)
				case n < 92:
					s, _, _ = l.request([]string{"PUT", "DELETE"}[r.IntN(2)], "/api/v1/ideas/"+idea+"/follow", user, nil)
				default:
					s, _, _ = l.request("POST", "/api/v1/ideas/"+idea+"/comments", user, map[string]string{"body": "Soak"})
				}
				s.op = "soak"
				l.record(s, nil)
			}
		})
	}
	return &wg
}

// runtimeFigures forces a collection (pprof's heap profile with gc=1) and reads the heap
// in use and the goroutines from /metrics.
func runtimeFigures(t *testing.T, base, pprofAddr string) (heap, goroutines float64) {
	t.Helper()
	// The median of three readings a second apart: one reading can catch a background
	// job (the notification dispatcher, the index follower) mid-work.
	var hs, gs []float64
	for range 3 {
		h, g := runtimeFigure(t, base, pprofAddr)
		hs, gs = append(hs, h), append(gs, g)
		time.Sleep(time.Second)
	}
	slices.Sort(hs)
	slices.Sort(gs)
	return hs[1], gs[1]
}

func runtimeFigure(t *testing.T, base, pprofAddr string) (heap, goroutines float64) {
	t.Helper()
	for range 2 {
		r, err := http.Get("http://" + pprofAddr + "/debug/pprof/heap?gc=1")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	r, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	heap, goroutines = -1, -1
	for _, line := range strings.Split(string(b), "\n") {
		var v float64
		if _, err := fmt.Sscanf(line, "go_memstats_heap_inuse_bytes %g", &v); err == nil {
			heap = v
		}
		if _, err := fmt.Sscanf(line, "go_goroutines %g", &v); err == nil {
			goroutines = v
		}
	}
	if heap < 0 || goroutines < 0 {
		t.Fatalf("/metrics lacks go_memstats_heap_inuse_bytes or go_goroutines")
	}
	return heap, goroutines
}

// TestSoak runs the mixed workload (80 % reads, 20 % writes) and checks that no request
// fails with 5xx and that the heap after GC and the goroutines come back to within 10 %
// of their start. CI runs a short version; scripts/soak.sh runs it for 10 minutes at 64
// clients (IDEENWERK_SOAK_DURATION, IDEENWERK_SOAK_CLIENTS).
func TestSoak(t *testing.T) {
	duration, clients := 6*time.Second, 8
	if d, err := time.ParseDuration(os.Getenv("IDEENWERK_SOAK_DURATION")); err == nil {
		duration = d
	}
	if n, err := fmt.Sscan(os.Getenv("IDEENWERK_SOAK_CLIENTS"), &clients); n != 1 || err != nil {
		clients = 8
	}
	storeAddr, pprofAddr := freeAddr(t), freeAddr(t)
	relStore(t, t.TempDir(), storeAddr)
	server, base := relServer(t, storeAddr, t.TempDir(), "IDEENWERK_PPROF_ADDR="+pprofAddr, "IDEENWERK_LOG_LEVEL=warn")
	defer server.logErrors(t)
	l := newRelLoad(t, base)
	// A saturated server is slow, not broken: the soak counts failures, not impatience.
	l.client.Timeout = 2 * time.Minute

	// Warm up (caches, connection pools, the index's visibility classes), then measure.
	warm := max(duration/5, 5*time.Second)
	stop := make(chan struct{})
	wg := l.soak(clients, stop)
	time.Sleep(warm)
	close(stop)
	wg.Wait()
	l.client.CloseIdleConnections()
	time.Sleep(2 * time.Second)
	heap0, gr0 := runtimeFigures(t, base, pprofAddr)

	start := time.Now()
	stop = make(chan struct{})
	wg = l.soak(clients, stop)
	time.Sleep(duration)
	close(stop)
	wg.Wait()
	l.client.CloseIdleConnections()
	ss := l.between(start, time.Now())
	time.Sleep(3 * time.Second) // idle connections and request goroutines wind down
	heap1, gr1 := runtimeFigures(t, base, pprofAddr)

	var failed int
	for _, s := range ss {
		if s.status >= 500 || s.status == 0 {
			failed++
		}
	}
	if len(ss) == 0 {
		t.Fatal("the soak sent no request")
	}
	durs := make([]time.Duration, len(ss))
	for k, s := range ss {
		durs[k] = s.dur
	}
	slices.Sort(durs)
	q := func(p float64) time.Duration { return durs[int(p*float64(len(durs)-1))].Round(time.Millisecond) }
	t.Logf("soak %s at %d clients: %s, %.0f requests/s, p50 %s, p99 %s", duration, clients, summary(ss), float64(len(ss))/duration.Seconds(), q(0.5), q(0.99))
	t.Logf("heap in use after GC: %.1f MiB → %.1f MiB (%+.1f %%); goroutines %.0f → %.0f (%+.1f %%)",
		heap0/(1<<20), heap1/(1<<20), (heap1/heap0-1)*100, gr0, gr1, (gr1/gr0-1)*100)
	if failed > 0 {
		t.Errorf("%d requests failed with 5xx or a transport error", failed)
	}
	if heap1 > heap0*1.10 {
		t.Errorf("heap after GC grew by more than 10 %%: %.0f → %.0f bytes", heap0, heap1)
	}
	if gr1 > gr0*1.10 {
		t.Errorf("goroutines grew by more than 10 %%: %.0f → %.0f", gr0, gr1)
	}
}

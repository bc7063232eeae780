// Package bench is Ideenwerk's benchmark: it generates a deterministic city through the
// store layer (internal/mongo), starts the real binary on loopback against the embedded
// store (or the standalone `ideenwerk store`), signs users in, drives every scenario with
// closed-loop clients and reports requests/s, latency percentiles, errors and the server's
// peak memory per scenario, next to a floor of plain driver reads on the same store.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// Options configure a run.
type Options struct {
	Bin      string // the ideenwerk binary
	OutDir   string // bench-results
	Spec     Spec
	Quick    bool
	Clients  int
	Duration time.Duration
	Warmup   time.Duration
	// Store is "embedded" (the server starts FerretDB in its own process; the default the
	// targets are set for) or "standalone" (`ideenwerk store` in a process of its own).
	Store string
	// Only runs just these scenarios (all when empty).
	Only []string
	// PprofAddr, when set, is passed to the server as IDEENWERK_PPROF_ADDR.
	PprofAddr string
	// Keep leaves the server running after the scenarios until ctx ends (for profiling).
	Keep bool
	// GenerateOnly builds the city (into the cache) and stops.
	GenerateOnly bool
	Out          io.Writer
}

// Result is one scenario's figures.
type Result struct {
	Scenario
	Stats
	Server ProcFigures  `json:"server"`
	Store  *ProcFigures `json:"store,omitempty"`
	// ServerCPUPerRequestMs is the server's CPU time per request (warm-up included): less
	// sensitive than latency to other load on the machine.
	ServerCPUPerRequestMs float64 `json:"serverCpuMsPerRequest"`
	// Load1 is the machine's one-minute load average at the end of the scenario.
	Load1 float64 `json:"load1"`
	// Verdicts lists each target with whether it was met (empty in quick runs).
	Verdicts []Verdict `json:"verdicts,omitempty"`
}

// Verdict is one target and the figure measured for it.
type Verdict struct {
	Target string `json:"target"`
	Met    bool   `json:"met"`
}

// Report is a whole run.
type Report struct {
	Started     time.Time `json:"started"`
	Machine     Machine   `json:"machine"`
	Spec        Spec      `json:"dataset"`
	Store       string    `json:"store"`
	Quick       bool      `json:"quick"`
	Clients     int       `json:"clients"`
	Seconds     float64   `json:"secondsPerScenario"`
	SeedSeconds float64   `json:"seedSeconds"`
	// StartSeconds is how long the server took to become ready (the index load included).
	StartSeconds float64 `json:"serverStartSeconds"`
	// SettleSeconds is how long after ready the server took to answer promptly (start-up
	// jobs).
	SettleSeconds float64 `json:"serverSettleSeconds"`
	// ServerPeakRSSMiB is the server's VmHWM over its whole life (start, logins, scenarios).
	ServerPeakRSSMiB float64  `json:"serverPeakRssMiB"`
	Results          []Result `json:"results"`
}

// Machine describes where the figures were measured.
type Machine struct {
	CPUs      int    `json:"cpus"`
	Model     string `json:"model"`
	MemoryGiB int    `json:"memoryGiB"`
	Go        string `json:"go"`
}

// Run builds (or reuses) the city, starts the server and runs the scenarios.
func Run(ctx context.Context, o Options) (*Report, error) {
	logf := func(format string, a ...any) {
		fmt.Fprintf(o.Out, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
	}
	if o.Clients <= 0 {
		o.Clients = 32
	}
	var names []string
	for _, sc := range (&World{}).Scenarios() {
		names = append(names, sc.Name)
	}
	for _, n := range o.Only {
		if !slices.Contains(names, n) {
			return nil, fmt.Errorf("no scenario %q; the scenarios are %s", n, strings.Join(names, ", "))
		}
	}
	m, dsDir, err := ensureDataset(ctx, o, logf)
	if err != nil || o.GenerateOnly {
		return nil, err
	}
	runDir := filepath.Join(o.OutDir, "run")
	if err := os.RemoveAll(runDir); err != nil {
		return nil, err
	}
	if err := copyDir(filepath.Join(dsDir, "store"), filepath.Join(runDir, "data", "store")); err != nil {
		return nil, fmt.Errorf("copy the city: %w", err)
	}

	var store *Proc
	storeURI := ""
	if o.Store == "standalone" {
		store, storeURI, err = StartStore(o.Bin, filepath.Join(runDir, "data", "store"), filepath.Join(runDir, "store.log"))
		if err != nil {
			return nil, err
		}
		defer store.Stop()
	}
	t0 := time.Now()
	srv, base, err := StartServer(ctx, ServerOptions{
		Bin: o.Bin, DataDir: filepath.Join(runDir, "data"), LogPath: filepath.Join(runDir, "server.log"),
		MongoURI: storeURI, Database: "ideenwerk", PprofAddr: o.PprofAddr,
	})
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	rep := &Report{
		Started: time.Now().UTC(), Machine: machine(), Spec: m.Spec, Store: o.Store, Quick: o.Quick,
		Clients: o.Clients, Seconds: o.Duration.Seconds(), SeedSeconds: m.SeedSeconds, StartSeconds: time.Since(t0).Seconds(),
	}
	logf("server ready at %s in %.1fs (pid %d, %s store)", base, rep.StartSeconds, srv.Pid(), o.Store)
	if storeURI == "" {
		known := []string{base}
		if o.PprofAddr != "" {
			known = append(known, o.PprofAddr)
		}
		if storeURI, err = EmbeddedStoreURI(srv.Pid(), known...); err != nil {
			return nil, fmt.Errorf("find the embedded store: %w", err)
		}
	}

	// Jobs that run at start (the notifier's daily SLA check scans every idea) can keep the
	// store busy for minutes on a large city; the scenarios start once it answers promptly.
	st := time.Now()
	if err := settle(ctx, base); err != nil {
		return nil, err
	}
	rep.SettleSeconds = time.Since(st).Seconds()
	logf("server settled after %.1fs", rep.SettleSeconds)

	client := NewClient(base, o.Clients)
	world := NewWorld(m, client, o.Clients)
	users := world.Users()
	lt := time.Now()
	if world.T, err = LoginAll(ctx, client, users); err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	logf("%d users signed in (%.1fs)", len(users), time.Since(lt).Seconds())

	db, err := mongo.Open(ctx, storeURI, "ideenwerk")
	if err != nil {
		return nil, fmt.Errorf("connect the floor's driver: %w", err)
	}
	defer db.Close(context.Background())

	storePid := 0
	if store != nil {
		storePid = store.Pid()
	}
	// One sequential round of reads first, as a server that has been up a while would have
	// seen: the per-scenario warm-up then starts from warm caches, not a cold-start stampede.
	pw := &Worker{N: 0, Rand: rand.New(rand.NewPCG(m.Spec.Seed, 1<<20))}
	for _, sc := range world.Scenarios() {
		if sc.Kind == "read" || sc.Kind == "detail" {
			for range 5 {
				if err := sc.Op(ctx, pw); err != nil {
					return nil, fmt.Errorf("prime %s: %w", sc.Name, err)
				}
			}
		}
	}
	for _, sc := range world.Scenarios() {
		if len(o.Only) > 0 && !slices.Contains(o.Only, sc.Name) {
			continue
		}
		op := sc.Op
		if sc.Kind == "floor" {
			op = FloorOp(db, m)
		}
		sm, stm := StartMeter(srv.Pid()), StartMeter(storePid)
		st := RunLoad(ctx, o.Clients, o.Warmup, o.Duration, m.Spec.Seed+uint64(len(rep.Results)), nil, op)
		res := Result{Scenario: sc, Stats: st, Server: sm.Stop(), Load1: loadAverage()}
		if st.Requests > 0 {
			warm := 1 + o.Warmup.Seconds()/st.Seconds
			res.ServerCPUPerRequestMs = 1000 * res.Server.CPUSeconds / (float64(st.Requests) * warm)
		}
		if storePid > 0 {
			f := stm.Stop()
			res.Store = &f
		} else {
			stm.Stop()
		}
		rep.Results = append(rep.Results, res)
		logf("%-12s %8.0f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f ms  errors %d  server %3.0f MiB %3.0f%% cpu %.2f ms/req  load %.1f",
			sc.Name, st.RPS, st.P50, st.P95, st.P99, st.Errors, res.Server.PeakRSSMiB, res.Server.CPUPercent, res.ServerCPUPerRequestMs, res.Load1)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	if _, hwm, err := procStatus(srv.Pid()); err == nil {
		rep.ServerPeakRSSMiB = hwm
	}
	for _, r := range rep.Results {
		rep.ServerPeakRSSMiB = max(rep.ServerPeakRSSMiB, r.Server.PeakRSSMiB)
	}
	if !o.Quick {
		judge(rep)
	}
	if o.Keep {
		logf("server stays up at %s until interrupted", base)
		<-ctx.Done()
	}
	return rep, nil
}

// ensureDataset returns the cached city for o.Spec, generating it on first use through the
// store layer against a standalone store.
func ensureDataset(ctx context.Context, o Options, logf func(string, ...any)) (*Manifest, string, error) {
	dir := filepath.Join(o.OutDir, "datasets", o.Spec.Key())
	if m, err := ReadManifest(dir); err == nil {
		logf("reusing the city in %s", dir)
		return m, dir, nil
	}
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, "", err
	}
	if err := os.MkdirAll(filepath.Join(tmp, "store"), 0o700); err != nil {
		return nil, "", err
	}
	logf("generating the city %s (through the store layer)", o.Spec.Key())
	store, err := startSeedStore(ctx, filepath.Join(tmp, "store"))
	if err != nil {
		return nil, "", err
	}
	// The stores' own connection gives up after 15 s; a large city's writes may wait longer
	// for SQLite's one writer.
	client, err := mdb.Connect(options.Client().ApplyURI(store.URI).SetTimeout(10 * time.Minute))
	if err != nil {
		store.Stop()
		return nil, "", err
	}
	db, err := mongo.OpenClient(ctx, client, "ideenwerk")
	if err != nil {
		_ = client.Disconnect(context.Background())
		store.Stop()
		return nil, "", err
	}
	m, err := Generate(ctx, db, o.Spec, logf)
	_ = db.Close(context.Background())
	store.Stop()
	if err != nil {
		return nil, "", err
	}
	if err := WriteManifest(tmp, m); err != nil {
		return nil, "", err
	}
	_ = os.RemoveAll(dir)
	if err := os.Rename(tmp, dir); err != nil {
		return nil, "", err
	}
	return m, dir, nil
}

// judge records the targets against the figures. The targets are for a full run:
// embedded store, 5,000 ideas, 32 clients.
func judge(rep *Report) {
	var floorRPS float64
	for _, r := range rep.Results {
		if r.Kind == "floor" {
			floorRPS = r.RPS
		}
	}
	for k := range rep.Results {
		r := &rep.Results[k]
		add := func(ok bool, format string, a ...any) {
			r.Verdicts = append(r.Verdicts, Verdict{Target: fmt.Sprintf(format, a...), Met: ok})
		}
		switch r.Kind {
		case "read":
			add(r.P95 <= 25, "p95 %.1f ms ≤ 25 ms", r.P95)
			add(r.RPS >= 1000, "%.0f req/s ≥ 1,000", r.RPS)
		case "detail":
			add(r.P95 <= 10, "p95 %.1f ms ≤ 10 ms", r.P95)
			if floorRPS > 0 {
				add(r.RPS >= 0.6*floorRPS, "%.0f req/s = %.0f %% of the floor's %.0f (≥ 60 %%)", r.RPS, 100*r.RPS/floorRPS, floorRPS)
			}
		case "write":
			add(r.P95 <= 50, "p95 %.1f ms ≤ 50 ms", r.P95)
		}
		if r.Kind != "floor" {
			add(r.Errors == 0, "%d errors (0)", r.Errors)
			// The 250 MB are 238.4 MiB.
			add(r.Server.PeakRSSMiB*(1<<20) <= 250e6, "server peak RSS %.0f MiB (%.0f MB) ≤ 250 MB", r.Server.PeakRSSMiB, r.Server.PeakRSSMiB*(1<<20)/1e6)
		}
	}
}

// PrintTable writes the report as a table.
func PrintTable(w io.Writer, rep *Report) {
	fmt.Fprintf(w, "\nIdeenwerk benchmark — %d ideas, %s store, %d clients, %.0f s per scenario, %d CPUs (%s), %d GiB\n",
		rep.Spec.Ideas, rep.Store, rep.Clients, rep.Seconds, rep.Machine.CPUs, rep.Machine.Model, rep.Machine.MemoryGiB)
	fmt.Fprintf(w, "%-12s %9s %8s %8s %8s %8s %7s %9s %6s %7s %5s  %s\n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "peak MiB", "cpu %", "cpu ms", "load", "targets")
	for _, r := range rep.Results {
		var miss []string
		for _, v := range r.Verdicts {
			if !v.Met {
				miss = append(miss, "MISS "+v.Target)
			}
		}
		verdict := "—"
		if len(r.Verdicts) > 0 {
			verdict = "ok"
			if len(miss) > 0 {
				verdict = strings.Join(miss, "; ")
			}
		}
		fmt.Fprintf(w, "%-12s %9.0f %8.2f %8.2f %8.2f %8.1f %7d %9.0f %6.0f %7.2f %5.1f  %s\n",
			r.Name, r.RPS, r.P50, r.P95, r.P99, r.Max, r.Errors, r.Server.PeakRSSMiB, r.Server.CPUPercent, r.ServerCPUPerRequestMs, r.Load1, verdict)
		for _, e := range r.ErrorKinds {
			fmt.Fprintf(w, "             error: %s\n", e)
		}
	}
	fmt.Fprintf(w, "server: ready in %.1f s, peak RSS over its life %.0f MiB; city generated in %.0f s\n",
		rep.StartSeconds, rep.ServerPeakRSSMiB, rep.SeedSeconds)
}

// WriteJSON stores the report as dir/<time>-<ideas>.json and returns the path.
func WriteJSON(dir string, rep *Report) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	kind := "full"
	if rep.Quick {
		kind = "quick"
	}
	p := filepath.Join(dir, fmt.Sprintf("%s-%s-%d-ideas.json", rep.Started.Format("20060102-150405"), kind, rep.Spec.Ideas))
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return "", err
	}
	return p, os.WriteFile(p, b, 0o644)
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			m.MemoryGiB = (kb + 512*1024) / (1024 * 1024)
		}
	}
	return m
}

// settle waits until three requests in a row answer within 200 ms (at most ten minutes).
func settle(ctx context.Context, base string) error {
	c := &http.Client{Timeout: 10 * time.Second}
	ok := 0
	deadline := time.Now().Add(10 * time.Minute)
	for ok < 3 {
		if time.Now().After(deadline) {
			return fmt.Errorf("the server did not settle within 10 minutes")
		}
		t0 := time.Now()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/public/ideas?limit=1", nil)
		resp, err := c.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil && resp.StatusCode == http.StatusOK && time.Since(t0) < 200*time.Millisecond {
			ok++
		} else {
			ok = 0
		}
		time.Sleep(200 * time.Millisecond)
	}
	return nil
}

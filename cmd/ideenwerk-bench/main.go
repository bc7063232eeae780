// Command ideenwerk-bench runs Ideenwerk's benchmark against the real binary: see
// internal/bench and scripts/bench.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ideenwerk-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ideenwerk-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("bin", "bin/ideenwerk", "the ideenwerk binary to benchmark")
	out := fs.String("out", "bench-results", "directory for results, cached cities and the run's data")
	ideas := fs.Int("ideas", 5000, "ideas in the city (supports, comments and reviews scale with them)")
	users := fs.Int("users", 600, "users in the city")
	supports := fs.Int("supports", -1, "supports (default 12 per idea)")
	comments := fs.Int("comments", -1, "comments (default 4 per idea)")
	reviews := fs.Int("reviews", -1, "reviews (default 3 per idea)")
	quick := fs.Bool("quick", false, "short run for CI: 500 ideas, 2 s per scenario, no targets")
	duration := fs.Duration("duration", 20*time.Second, "measured time per scenario")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured warm-up per scenario")
	clients := fs.Int("clients", 32, "concurrent closed-loop clients")
	store := fs.String("store", "embedded", "embedded (the server's own FerretDB) or standalone (ideenwerk store)")
	only := fs.String("scenarios", "", "comma-separated scenarios to run (default all)")
	pprof := fs.String("pprof", "", "loopback address for the server's pprof listener (IDEENWERK_PPROF_ADDR)")
	keep := fs.Bool("keep", false, "keep the server running after the scenarios until interrupted")
	generate := fs.Bool("generate-only", false, "only build the city into the cache")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *store != "embedded" && *store != "standalone" {
		return fmt.Errorf("-store must be embedded or standalone")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *quick {
		if !set["ideas"] {
			*ideas = 500
		}
		if !set["duration"] {
			*duration = 2 * time.Second
		}
		if !set["warmup"] {
			*warmup = 500 * time.Millisecond
		}
	}
	spec := bench.DefaultSpec(*ideas)
	spec.Users = *users
	if *supports >= 0 {
		spec.Supports = *supports
	}
	if *comments >= 0 {
		spec.Comments = *comments
	}
	if *reviews >= 0 {
		spec.Reviews = *reviews
	}
	o := bench.Options{
		Bin: *bin, OutDir: *out, Spec: spec, Quick: *quick, Clients: *clients, Duration: *duration,
		Warmup: *warmup, Store: *store, PprofAddr: *pprof, Keep: *keep, GenerateOnly: *generate, Out: stdout,
	}
	if *only != "" {
		o.Only = strings.Split(*only, ",")
	}
	rep, err := bench.Run(ctx, o)
	if err != nil || rep == nil {
		return err
	}
	bench.PrintTable(stdout, rep)
	p, err := bench.WriteJSON(*out, rep)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "results: %s\n", p)
	return nil
}

package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/ideenwerk/ideenwerk/internal/config"
	"github.com/ideenwerk/ideenwerk/internal/doctor"
)

// doctorCmd checks the database's invariants: ideenwerk doctor [--repair]. It prints each
// finding and fails when any is left unrepaired, so scripts and fault drills can rely on
// the exit status.
func doctorCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ideenwerk doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	repair := fs.Bool("repair", false, "fix derived data (counters, score aggregates, follow lists) and remove dangling derived documents; user content is never changed")
	grace := fs.Duration("grace", 0, "how old a leftover of an interrupted write must be before it counts as abandoned (default 15m)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ideenwerk doctor [--repair]\n\nChecks counters, score aggregates, stages, references, file chunks and keys of every tenant.\nRun it while no server writes; it exits non-zero when findings remain.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(nil, getenv, stderr)
	if err != nil {
		return err
	}
	db, _, stop, err := openStore(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), true)
	if err != nil {
		return err
	}
	defer stop()
	rep, err := doctor.Check(ctx, db, doctor.Options{Repair: *repair, Grace: *grace})
	if err != nil {
		return fmt.Errorf("doctor: %w", err)
	}
	rep.Print(stdout)
	if n := rep.Open(); n > 0 {
		if *repair {
			return fmt.Errorf("doctor: %d findings need a person", n)
		}
		return fmt.Errorf("doctor: %d findings (ideenwerk doctor --repair fixes derived data)", n)
	}
	return nil
}

package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/ideenwerk/ideenwerk/internal/config"
	"github.com/ideenwerk/ideenwerk/internal/transfer"
)

// exportCmd writes the whole database to a file: ideenwerk export --out FILE. The store
// is the configured one (IDEENWERK_MONGODB_URI, or the embedded store in
// IDEENWERK_DATA_DIR); for a consistent copy no server should write meanwhile.
func exportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ideenwerk export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "file to write: gzip-compressed JSON lines (e.g. ideenwerk-2026-11-24.jsonl.gz)")
	quiet := fs.Bool("quiet", false, "no progress display")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ideenwerk export --out FILE\n\nWrites every collection of the database (attachments included) to FILE. It runs beside the\nservers, reading one collection after another: writes made meanwhile may be in one collection\nand not yet in another. For a copy of one moment, stop the servers first.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errors.New("name the file to write with --out FILE")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s exists already; choose another name or delete it first", *out)
	}
	cfg, err := config.Load(nil, getenv, stderr)
	if err != nil {
		return err
	}
	db, _, stop, err := openStore(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	if err != nil {
		return err
	}
	defer stop()

	// Write next to the target and rename at the end, so an interrupted export never
	// leaves a file that looks complete. The file holds personal data: owner only.
	tmp := *out + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	pd := newProgressDisplay(stderr, *quiet)
	sum, err := transfer.Export(ctx, db, f, transfer.ExportOptions{App: "ideenwerk " + Version, Progress: pd.update})
	pd.finish()
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	ok = true
	printSummary(stdout, sum)
	fmt.Fprintf(stdout, "Exported %d documents of database %q to %s (%s) in %s (%s documents/s).\n",
		sum.Documents, cfg.Database, *out, size(sum.Bytes), sum.Duration.Round(time.Millisecond), rate(sum.Documents, sum.Duration))
	return nil
}

// importCmd loads a file written by export into an empty database:
// ideenwerk import --in FILE.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ideenwerk import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "file written by 'ideenwerk export'")
	verifyOnly := fs.Bool("verify", false, "only check the file against its checksums; touch no database")
	quiet := fs.Bool("quiet", false, "no progress display")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ideenwerk import --in FILE\n\nLoads FILE into the configured database, which must hold no documents.\n"+
			"The file is checked completely before anything is written.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		fs.Usage()
		return errors.New("name the file to read with --in FILE")
	}
	if _, err := os.Stat(*in); err != nil {
		return err
	}
	open := func() (io.ReadCloser, error) { return os.Open(*in) }
	pd := newProgressDisplay(stderr, *quiet)
	if *verifyOnly {
		sum, err := transfer.Verify(open, pd.update, 0)
		pd.finish()
		if err != nil {
			return err
		}
		printSummary(stdout, sum)
		fmt.Fprintf(stdout, "%s is intact: %d documents, written %s by %s.\n", *in, sum.Documents,
			sum.Header.CreatedAt.Format(time.RFC3339), sum.Header.App)
		return nil
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
	sum, err := transfer.Import(ctx, db, open, transfer.ImportOptions{EnsureIndexes: db.EnsureIndexes, Progress: pd.update})
	pd.finish()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	printSummary(stdout, sum)
	for _, w := range sum.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "Imported %d documents from %s into database %q in %s (%s documents/s); counts and checksums verified.\n",
		sum.Documents, *in, cfg.Database, sum.Duration.Round(time.Millisecond), rate(sum.Documents, sum.Duration))
	return nil
}

// progressDisplay shows a progress bar on a terminal and a plain line every few seconds
// elsewhere (logs of a container or a cron job).
type progressDisplay struct {
	w     io.Writer
	tty   bool
	quiet bool
	phase string
	bar   *progressbar.ProgressBar
	last  time.Time
	p     transfer.Progress
}

var phaseNames = map[string]string{
	"export": "Exporting", "verify": "Checking file", "import": "Importing", "check": "Verifying database",
}

func newProgressDisplay(w io.Writer, quiet bool) *progressDisplay {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progressDisplay{w: w, tty: tty, quiet: quiet}
}

func (d *progressDisplay) update(p transfer.Progress) {
	if d.quiet {
		return
	}
	if p.Phase != d.phase {
		d.finish()
		d.phase = p.Phase
		if d.tty {
			d.bar = progressbar.NewOptions64(max(p.Total, 1),
				progressbar.OptionSetWriter(d.w), progressbar.OptionSetDescription(fmt.Sprintf("%-18s", phaseNames[p.Phase])),
				progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"),
				progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetPredictTime(true), progressbar.OptionShowElapsedTimeOnFinish())
		} else {
			d.line(p)
		}
	}
	d.p = p
	if d.bar != nil {
		if p.Total > 0 {
			d.bar.ChangeMax64(p.Total)
		}
		_ = d.bar.Set64(p.Done)
		return
	}
	if time.Since(d.last) >= 5*time.Second {
		d.line(p)
	}
}

func (d *progressDisplay) line(p transfer.Progress) {
	d.last = time.Now()
	pct := ""
	if p.Total > 0 {
		pct = fmt.Sprintf(" (%d%%)", p.Done*100/p.Total)
	}
	coll := ""
	if p.Collection != "" {
		coll = ", collection " + p.Collection
	}
	fmt.Fprintf(d.w, "%s: %d of %d documents%s%s\n", phaseNames[p.Phase], p.Done, p.Total, pct, coll)
}

// finish closes the current phase's display.
func (d *progressDisplay) finish() {
	if d.quiet || d.phase == "" {
		return
	}
	if d.bar != nil {
		_ = d.bar.Finish()
		fmt.Fprintln(d.w)
		d.bar = nil
	} else {
		d.line(d.p)
	}
	d.phase = ""
}

// printSummary lists the collections that hold documents, with their checksums.
func printSummary(w io.Writer, sum *transfer.Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "collection\tdocuments\tsha256\t")
	empty := 0
	for _, c := range sum.Collections {
		if c.Count == 0 {
			empty++
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%s…\t\n", c.Name, c.Count, c.SHA256[:16])
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "%d collections (%d of them empty), %d documents, format version %d.\n",
		len(sum.Collections), empty, sum.Documents, sum.Header.Version)
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func rate(n int64, d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(n)/d.Seconds())
}

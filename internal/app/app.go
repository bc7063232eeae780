// Package app is the ideenwerk command: Run parses the subcommand and runs it with every
// dependency passed explicitly (no globals), so tests call Run exactly as main does.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// Version is set at build time with -ldflags "-X github.com/ideenwerk/ideenwerk/internal/app.Version=…".
var Version = "dev"

const usage = `Usage: ideenwerk <command> [flags]

Commands:
  serve        run the server (default)
  store        run the embedded MongoDB-compatible store on its own and print its URI
  tenant       manage tenants and their administrators: tenant create|list|update|admin (tenant --help)
  export       write the whole database to a file: export --out FILE
  import       load such a file into an empty database: import --in FILE
  doctor       check the database's invariants; doctor --repair fixes derived data
  healthcheck  exit 0 when the local server answers /healthz (for container health checks)
  version      print the version

Run 'ideenwerk <command> -h' for the flags of a command. Every flag can also be set
through its IDEENWERK_* environment variable.
`

// Run is the whole program: args are os.Args, getenv is os.Getenv.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := run(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h: the command printed its usage, as asked
	}
	return err
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, rest := "serve", []string{}
	if len(args) > 1 {
		cmd, rest = args[1], args[2:]
		if strings.HasPrefix(cmd, "-") && cmd != "-h" && cmd != "-help" && cmd != "--help" {
			cmd, rest = "serve", args[1:]
		}
	}
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "store":
		return runStore(ctx, rest, getenv, stdout, stderr)
	case "tenant":
		return tenantCmd(ctx, rest, getenv, stdout, stderr)
	case "export":
		return exportCmd(ctx, rest, getenv, stdout, stderr)
	case "import":
		return importCmd(ctx, rest, getenv, stdout, stderr)
	case "doctor":
		return doctorCmd(ctx, rest, getenv, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, rest, getenv, stderr)
	case "version":
		fmt.Fprintf(stdout, "ideenwerk %s (%s)\n", Version, goVersion())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func goVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.GoVersion
	}
	return "unknown"
}

// newLogger returns the process logger: JSON in production, text for people.
func newLogger(format, level string, w io.Writer) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// healthcheck asks the server on IDEENWERK_ADDR for /healthz; distroless images have no curl.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("ideenwerk healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := getenv("IDEENWERK_ADDR")
	if def == "" {
		def = ":8080"
	}
	addrFlag := fs.String("addr", def, "address of the server to check (IDEENWERK_ADDR); exits 0 when /healthz answers 200")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	addr := *addrFlag
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %d", resp.StatusCode)
	}
	return nil
}

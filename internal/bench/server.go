package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// Proc is a child process the bench started: the standalone store or a server.
type Proc struct {
	Name string
	Cmd  *exec.Cmd
	done chan error
}

// Pid is the process ID.
func (p *Proc) Pid() int { return p.Cmd.Process.Pid }

// Stop asks the process to shut down (SIGTERM), waits up to 30 s, then kills it.
func (p *Proc) Stop() error {
	if p == nil {
		return nil
	}
	_ = p.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		return err
	case <-time.After(30 * time.Second):
		_ = p.Cmd.Process.Kill()
		return fmt.Errorf("%s did not stop within 30s; killed", p.Name)
	}
}

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case err := <-p.done:
		p.done <- err
		return true
	default:
		return false
	}
}

func start(name, bin string, args, env []string, logPath string, stdout io.Writer) (*Proc, error) {
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = lf
	cmd.Stdout = lf
	if stdout != nil {
		cmd.Stdout = io.MultiWriter(lf, stdout)
	}
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Proc{Name: name, Cmd: cmd, done: make(chan error, 1)}
	go func() {
		err := cmd.Wait()
		lf.Close()
		p.done <- err
	}()
	return p, nil
}

// StartStore runs `ideenwerk store` on dataDir and returns it with its URI.
func StartStore(bin, dataDir, logPath string) (*Proc, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	pr, pw := io.Pipe()
	p, err := start("store", bin, []string{"store", "-data-dir", dataDir, "-addr", fmt.Sprintf("127.0.0.1:%d", port)}, nil, logPath, pw)
	if err != nil {
		return nil, "", err
	}
	uri := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "mongodb://") {
				uri <- sc.Text()
				break
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	select {
	case u := <-uri:
		return p, u, nil
	case <-time.After(60 * time.Second):
		_ = p.Stop()
		return nil, "", errors.New("the store printed no URI within 60s; see " + logPath)
	}
}

// ServerOptions start one `ideenwerk serve`.
type ServerOptions struct {
	Bin, DataDir, LogPath string
	// MongoURI is empty for the embedded store (in DataDir/store).
	MongoURI  string
	Database  string
	KeyFile   string
	PprofAddr string
}

// StartServer runs `ideenwerk serve` on a free loopback port and waits until /readyz answers.
func StartServer(ctx context.Context, o ServerOptions) (*Proc, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	env := []string{
		"IDEENWERK_ADDR=" + addr, "IDEENWERK_DATA_DIR=" + o.DataDir, "IDEENWERK_DEMO=false",
		"IDEENWERK_MONGODB_URI=" + o.MongoURI, "IDEENWERK_DATABASE=" + o.Database,
		"IDEENWERK_LOG_FORMAT=json", "IDEENWERK_LOG_LEVEL=info",
		"IDEENWERK_JWT_KEY_FILE=" + o.KeyFile, "IDEENWERK_BASE_URL=http://" + addr,
		// The load generator logs its users in from many (made-up) client addresses, as a
		// reverse proxy would pass them on; the per-address login limit stays in force.
		"IDEENWERK_TRUSTED_PROXIES=127.0.0.1/32",
		// The daily jobs (the SLA check scans every idea) would run at start, since each run
		// starts from a fresh copy of the city; they are moved twelve hours away so that the
		// scenarios measure the API, not the job. What the job costs is in the README.
		"IDEENWERK_DAILY_JOBS_AT=" + time.Now().UTC().Add(12*time.Hour).Format("15:04"),
	}
	if o.PprofAddr != "" {
		env = append(env, "IDEENWERK_PPROF_ADDR="+o.PprofAddr)
	}
	p, err := start("server", o.Bin, []string{"serve"}, env, o.LogPath, nil)
	if err != nil {
		return nil, "", err
	}
	base := "http://" + addr
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		if p.Exited() {
			return nil, "", fmt.Errorf("the server exited at start; see %s", o.LogPath)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if r, err := http.DefaultClient.Do(req); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return p, base, nil
			}
		}
		if ctx.Err() != nil {
			_ = p.Stop()
			return nil, "", ctx.Err()
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = p.Stop()
	return nil, "", errors.New("the server was not ready within 5 minutes; see " + o.LogPath)
}

// EmbeddedStoreURI finds the URI of the embedded store of a server process: the loopback
// port it listens on besides its HTTP (and pprof) ports.
func EmbeddedStoreURI(pid int, known ...string) (string, error) {
	ports, err := listeningPorts(pid)
	if err != nil {
		return "", err
	}
	skip := map[string]bool{}
	for _, k := range known {
		if _, p, err := net.SplitHostPort(strings.TrimPrefix(k, "http://")); err == nil {
			skip[p] = true
		}
	}
	var cand []int
	for _, p := range ports {
		if !skip[fmt.Sprint(p)] {
			cand = append(cand, p)
		}
	}
	if len(cand) != 1 {
		return "", fmt.Errorf("expected one store port among %v (known %v)", ports, known)
	}
	// The same pool size the server itself uses on its embedded store.
	return fmt.Sprintf("mongodb://127.0.0.1:%d/?maxPoolSize=%d", cand[0], mongo.EmbeddedPoolSize), nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// copyDir copies the regular files of src into dst (the cached city's SQLite files into a
// scratch directory, so every run starts from the same data).
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

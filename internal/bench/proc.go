package bench

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Linux process figures from /proc: resident memory and CPU time of the server (and of the
// standalone store), sampled while a scenario runs.

// procStatus returns the VmRSS and VmHWM of pid in MiB.
func procStatus(pid int) (rss, hwm float64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != "VmRSS" && k != "VmHWM" {
			continue
		}
		fs := strings.Fields(v)
		if len(fs) == 0 {
			continue
		}
		kb, _ := strconv.ParseFloat(fs[0], 64)
		if k == "VmRSS" {
			rss = kb / 1024
		} else {
			hwm = kb / 1024
		}
	}
	return rss, hwm, sc.Err()
}

// resetPeak resets VmHWM to the current RSS (Linux ≥ 4.0; needs the right to write the
// process's clear_refs, which the owner has). It reports whether that worked.
func resetPeak(pid int) bool {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
}

// cpuSeconds returns the user+system CPU time pid has used.
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may contain spaces) in parentheses.
	s := string(b)
	fs := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fs) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseFloat(fs[11], 64)
	st, _ := strconv.ParseFloat(fs[12], 64)
	return (ut + st) / 100, nil // USER_HZ is 100 on Linux
}

// Meter samples a process's memory while a scenario runs.
type Meter struct {
	pid      int
	cpu0     float64
	t0       time.Time
	reset    bool
	mu       sync.Mutex
	peak     float64
	stop     chan struct{}
	finished chan struct{}
}

// StartMeter resets the process's peak RSS and starts sampling it every 50 ms (the sampling
// catches peaks where resetting is not allowed).
func StartMeter(pid int) *Meter {
	m := &Meter{pid: pid, t0: time.Now(), stop: make(chan struct{}), finished: make(chan struct{})}
	if pid <= 0 {
		close(m.finished)
		return m
	}
	m.reset = resetPeak(pid)
	m.cpu0, _ = cpuSeconds(pid)
	go func() {
		defer close(m.finished)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if rss, _, err := procStatus(pid); err == nil {
				m.mu.Lock()
				m.peak = max(m.peak, rss)
				m.mu.Unlock()
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

// ProcFigures are a process's figures over one scenario.
type ProcFigures struct {
	PeakRSSMiB float64 `json:"peakRssMiB"`
	CPUPercent float64 `json:"cpuPercent"` // of one core
	// CPUSeconds is the CPU time the process used during the scenario.
	CPUSeconds float64 `json:"cpuSeconds"`
}

// loadAverage returns the one-minute load average of the machine: the benchmark shares it
// with whatever else runs, and a load above the number of cores means the figures are low.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	_, _ = fmt.Sscanf(string(b), "%f", &l)
	return l
}

// Stop ends sampling and returns the peak RSS (VmHWM when it could be reset, else the highest
// sample) and the CPU share used meanwhile.
func (m *Meter) Stop() ProcFigures {
	if m.pid <= 0 {
		return ProcFigures{}
	}
	close(m.stop)
	<-m.finished
	var f ProcFigures
	_, hwm, err := procStatus(m.pid)
	m.mu.Lock()
	f.PeakRSSMiB = m.peak
	m.mu.Unlock()
	if err == nil && m.reset {
		f.PeakRSSMiB = max(f.PeakRSSMiB, hwm)
	}
	if cpu, err := cpuSeconds(m.pid); err == nil {
		f.CPUSeconds = cpu - m.cpu0
		f.CPUPercent = 100 * f.CPUSeconds / time.Since(m.t0).Seconds()
	}
	return f
}

// listeningPorts returns the loopback TCP ports pid listens on, found by matching the
// socket inodes of its file descriptors against /proc/net/tcp. The embedded store of a
// server listens on a port the OS chose; this is how the driver floor finds it.
func listeningPorts(pid int) ([]int, error) {
	inodes := map[string]bool{}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return nil, err
	}
	for _, fd := range fds {
		l, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if err == nil && strings.HasPrefix(l, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] = true
		}
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/net/tcp", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ports []int
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 10 || fs[3] != "0A" || !inodes[fs[9]] { // 0A: LISTEN
			continue
		}
		_, hexPort, _ := strings.Cut(fs[1], ":")
		p, err := strconv.ParseInt(hexPort, 16, 32)
		if err == nil {
			ports = append(ports, int(p))
		}
	}
	return ports, sc.Err()
}

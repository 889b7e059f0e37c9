package servertest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// Binary builds bin/roster from this module once per test binary and
// returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		mod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			buildErr = err
			return
		}
		root := filepath.Dir(strings.TrimSpace(string(mod)))
		dir, err := os.MkdirTemp("", "roster-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "roster")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/roster")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// Process is `roster serve` running in a process of its own.
type Process struct {
	URL    string
	cmd    *exec.Cmd
	stderr *bytes.Buffer
}

// StartProcess runs `bin serve` on db, on a free loopback port, in
// development mode with the dev mailbox (no SMTP server), no rate limits
// and extra environment; it returns once the server answers /healthz.
func StartProcess(t testing.TB, bin, db string, env ...string) *Process {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "ROSTER_ADDR="+addr, "ROSTER_DATABASE_URL="+db,
		"ROSTER_PUBLIC_URL=http://"+addr, "ROSTER_SMTP_URL=", "ROSTER_DEV=true", "ROSTER_RATE_LIMIT=off")
	cmd.Env = append(cmd.Env, env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &Process{URL: "http://" + addr, cmd: cmd, stderr: new(bytes.Buffer)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	go func() { _, _ = io.Copy(io.Discard, bufio.NewReader(stdout)) }()
	for i := 0; ; i++ {
		if res, err := http.Get(p.URL + "/healthz"); err == nil {
			res.Body.Close()
			return p
		}
		if i > 600 {
			t.Fatalf("roster serve did not start:\n%s", p.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Kill ends the process with SIGKILL, as a crash would.
func (p *Process) Kill(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

// RSSMB is the process's resident memory in MB.
func (p *Process) RSSMB(t testing.TB) float64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

// Terminate sends SIGTERM, as a service manager stopping the server does,
// and returns how long the process took to exit (at most timeout, after
// which it fails the test).
func (p *Process) Terminate(t testing.TB, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- p.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("roster serve exited with %v after SIGTERM:\n%s", err, p.stderr.String())
		}
	case <-time.After(timeout):
		t.Fatalf("roster serve still running %s after SIGTERM", timeout)
	}
	return time.Since(start)
}

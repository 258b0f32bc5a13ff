// Package motoserver runs moto_server, the moto package's local AWS emulator, on a loopback
// port for tests that call AWS through the SDK.
package motoserver

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
)

// Server is a local AWS emulator (the moto package's moto_server) on a loopback port.
type Server struct {
	// Endpoint is the emulator's URL, http://127.0.0.1:<port>.
	Endpoint string
	output   *lockedBuffer
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Start runs moto_server on 127.0.0.1 and stops it when the test ends. Without moto the
// test is skipped locally, but fails under CI (CI set), which must prove the verifier ran.
func Start(t testing.TB) *Server {
	t.Helper()
	cmdline, err := command()
	if err != nil {
		testtool.Missing(t, fmt.Sprintf("moto_server is not installed (%v): pip install 'moto[server]'", err))
	}
	var lastErr error
	// A free port can be taken between closing the probe and moto binding it; try again then.
	for range 3 {
		m, err := launch(t, cmdline)
		if err == nil {
			return m
		}
		lastErr = err
	}
	t.Fatalf("starting moto_server: %v", lastErr)
	return nil
}

// command finds moto_server on PATH, or else a Python that can run moto.server.
func command() ([]string, error) {
	if path, err := exec.LookPath("moto_server"); err == nil {
		return []string{path}, nil
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		return nil, err
	}
	if err := exec.Command(python, "-c", "import moto.server").Run(); err != nil {
		return nil, fmt.Errorf("python3 cannot import moto.server: %w", err)
	}
	return []string{python, "-m", "moto.server"}, nil
}

func launch(t testing.TB, command []string) (*Server, error) {
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("finding a free loopback port: %w", err)
	}
	port := probe.Addr().(*net.TCPAddr).Port
	if err := probe.Close(); err != nil {
		return nil, fmt.Errorf("releasing the probe port: %w", err)
	}

	out := &lockedBuffer{}
	args := append(command[1:len(command):len(command)], "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd := exec.Command(command[0], args...)
	cmd.Stdout, cmd.Stderr = out, out
	// moto_server may be a pyenv shim that starts Python as a child: a process group of its
	// own lets cleanup stop exactly the processes this test started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("running %s: %w", command[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if err := <-exited; err != nil {
			return // killed on purpose: the exit status says nothing
		}
	}

	endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
	// Readiness, not performance: moto's first start imports every service and can take seconds.
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			stop()
			return nil, fmt.Errorf("moto_server exited (%w): %s", err, out.String())
		default:
		}
		resp, err := http.Get(endpoint + "/moto-api/data.json")
		if err == nil {
			_ = resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("moto_server did not answer on %s: %s", endpoint, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Cleanup(stop)
	return &Server{Endpoint: endpoint, output: out}, nil
}

// Output is what moto_server printed, for failure messages.
func (m *Server) Output() string { return m.output.String() }

// AWSConfig is a configuration with fixed test credentials in region, so nothing reads the machine's.
func (m *Server) AWSConfig(region string) aws.Config {
	return aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
	}
}

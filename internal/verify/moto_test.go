package verify

import (
	"bytes"
	"context"
	"errors"
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
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/pinterest-pipeline/pinterest-pipeline/internal/testtool"
	"github.com/pinterest-pipeline/pinterest-pipeline/stacks"
)

// motoServer is a local AWS emulator (the moto package's moto_server) on a loopback port.
type motoServer struct {
	endpoint string
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

// startMoto runs moto_server on 127.0.0.1 and stops it when the test ends. Without moto the
// test is skipped locally, but fails under CI (CI set), which must prove the verifier ran.
func startMoto(t *testing.T) *motoServer {
	t.Helper()
	command, err := motoCommand()
	if err != nil {
		testtool.Missing(t, fmt.Sprintf("moto_server is not installed (%v): pip install 'moto[server]'", err))
	}
	var lastErr error
	// A free port can be taken between closing the probe and moto binding it; try again then.
	for range 3 {
		m, err := launchMoto(t, command)
		if err == nil {
			return m
		}
		lastErr = err
	}
	t.Fatalf("starting moto_server: %v", lastErr)
	return nil
}

// motoCommand finds moto_server on PATH, or else a Python that can run moto.server.
func motoCommand() ([]string, error) {
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

func launchMoto(t *testing.T, command []string) (*motoServer, error) {
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
	return &motoServer{endpoint: endpoint, output: out}, nil
}

// awsConfig is a configuration with fixed test credentials, so nothing reads the machine's.
func (m *motoServer) awsConfig() aws.Config {
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
	}
}

func (m *motoServer) clients() (*s3.Client, *kinesis.Client) {
	return NewClients(m.awsConfig(), m.endpoint)
}

// seed creates userID's bucket with objects per kind under the sink's prefix, and its
// streams with records per kind spread over shards. A kind missing from a map gets nothing;
// a kind mapped to -1 gets no stream at all.
func (m *motoServer) seed(t *testing.T, userID string, objects, records map[string]int, shards int32) {
	t.Helper()
	ctx := t.Context()
	s3c, kc := m.clients()
	bucket := stacks.BucketName(userID)
	_, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	// Objects elsewhere in the bucket must not count.
	_, err = s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket),
		Key: aws.String("kafka-connect-s3/confluentinc-kafka-connect-s3-10.5.13.zip"), Body: bytes.NewReader([]byte("zip"))})
	require.NoError(t, err)
	for kind, n := range objects {
		topic := stacks.TopicName(userID, kind)
		// The S3 sink writes topics/<topic>/partition=<n>/<topic>+<n>+<offset>.json: spread the
		// objects over two partitions, as a topic with several partitions (prod has 3) does.
		for i := range n {
			partition := i % 2
			key := fmt.Sprintf("topics/%s/partition=%d/%s+%d+%010d.json", topic, partition, topic, partition, i)
			_, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
				Body: bytes.NewReader(fmt.Appendf(nil, `{"ind":%d}`, i))})
			require.NoError(t, err)
		}
	}
	for _, kind := range stacks.RecordKinds {
		n, listed := records[kind]
		if !listed || n < 0 {
			continue
		}
		stream := stacks.StreamName(userID, kind)
		_, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(stream), ShardCount: aws.Int32(shards)})
		require.NoError(t, err)
		for i := range n {
			_, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(stream),
				Data: fmt.Appendf(nil, `{"ind":%d}`, i), PartitionKey: aws.String(strconv.Itoa(i))})
			require.NoError(t, err)
		}
	}
}

// runVerify runs the command in-process against moto, as a learner would run cmd/verify.
func (m *motoServer) runVerify(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), append([]string{"--endpoint-url", m.endpoint}, args...), Env{
		Stdout: &out, Stderr: &errOut,
		Pulumi: func(context.Context, string, ...string) ([]byte, error) {
			return nil, errors.New("pulumi must not be needed when --user-id is given")
		},
		LoadAWSConfig: func(_ context.Context, region string) (aws.Config, error) {
			cfg := m.awsConfig()
			if region != "" {
				cfg.Region = region
			}
			return cfg, nil
		},
	})
	return code, out.String(), errOut.String()
}

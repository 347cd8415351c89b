// Command foibench measures what foid adds to PostgreSQL. It starts a
// throwaway PostgreSQL cluster and a foid process on it, then drives three
// operations with N concurrent clients for a fixed time each: window
// intake (POST /v1/applications:register), a transition (:assign) and a
// list (GET /v1/applications). The same operations then run in this
// process through the same access gate (the token and account check) and
// handlers, with no network, HTTP, JSON or gRPC between them: the same
// store transactions. It prints both rates and their ratio.
//
//	go build -o /tmp/foid ./cmd/foid && go run ./cmd/foibench -foid /tmp/foid -clients 16
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"foi/migrations"
	"foi/services/agency"
	"foi/services/auth"
	"foi/services/pg"
	"foi/services/pgcluster"
)

type options struct {
	foid     string
	clients  int
	duration time.Duration
	durable  bool
	binDir   string
}

func main() {
	var o options
	flag.StringVar(&o.foid, "foid", "foid", "the foid binary to measure")
	flag.IntVar(&o.clients, "clients", 16, "concurrent clients")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long each operation is driven, per path")
	flag.BoolVar(&o.durable, "durable", false, "keep fsync and synchronous commit on (slower disks hide foid's share)")
	flag.StringVar(&o.binDir, "pg-bindir", "", "PostgreSQL server binaries; empty finds them")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "foibench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, out io.Writer) error {
	dir, err := os.MkdirTemp("", "foibench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil { // the cluster may run as postgres, under root
		return err
	}
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(dir, "pg"), BinDir: o.binDir, Durable: o.durable})
	if err != nil {
		return err
	}
	defer cluster.Stop(context.Background())
	if err := cluster.EnsureDatabase(ctx, "foi"); err != nil {
		return err
	}
	url := cluster.URL("foi")
	pool, err := pg.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		return err
	}
	if _, err := pg.Migrate(ctx, pool, migs, len(migs)); err != nil {
		return err
	}
	key := make([]byte, 32)
	rand.Read(key)
	log := slog.New(slog.DiscardHandler)
	accounts, err := auth.New(ctx, pool, auth.Options{Key: key, Now: time.Now, Logger: log})
	if err != nil {
		return err
	}
	agencies := agency.NewStore(pool)
	if _, err := agencies.SeedDemo(ctx); err != nil {
		return err
	}
	ids, err := agencies.IDs(ctx)
	if err != nil {
		return err
	}
	if err := accounts.SeedDemoAccounts(ctx, ids); err != nil {
		return err
	}

	foid, err := startFoid(ctx, o, url, key, dir)
	if err != nil {
		return err
	}
	defer foid.stop()
	rest := newRESTClient(foid.httpAddr, o.clients)
	clerk, err := rest.signIn(ctx, "demo-clerk")
	if err != nil {
		return err
	}
	officer, err := rest.signIn(ctx, "demo-officer")
	if err != nil {
		return err
	}
	local, err := newLocal(ctx, pool, accounts, key, log)
	if err != nil {
		return err
	}
	// The in-process path checks tokens with the session cache too, as
	// foid does.
	if err := watchSessions(ctx, accounts); err != nil {
		return err
	}

	fmt.Fprintf(out, "foibench: %d clients, %v per operation and path, GOMAXPROCS %d, durable %v\n", o.clients, o.duration, numCPU(), o.durable)
	fmt.Fprintf(out, "profile foid meanwhile with: go tool pprof 'http://%s/debug/pprof/profile?seconds=10'\n\n", foid.adminAddr)
	fmt.Fprintf(out, "%-10s %12s %12s %7s %14s %14s\n", "operation", "REST/s", "in-process/s", "ratio", "foid CPU/op", "in-process CPU/op")
	paths := []path{
		{name: "REST", ops: rest.ops(ids[0], clerk, officer), cpu: foid.cpu},
		{name: "in-process", ops: local.ops(ids[0], clerk, officer), cpu: selfCPU},
	}
	for i, op := range []string{"register", "assign", "list"} {
		var rates [2]float64
		var cpu [2]time.Duration
		for j, p := range paths {
			// Fresh statistics before each run: the tables grow by
			// thousands of rows a run, and autovacuum's ANALYZE may come
			// in the middle of one, changing the plans (a list ran ten
			// times slower on both paths before its table was analysed).
			if _, err := pool.Exec(ctx, "ANALYZE"); err != nil {
				return err
			}
			before, err := p.cpu()
			if err != nil {
				return err
			}
			rate, n, err := drive(ctx, o.clients, o.duration, p.ops[i])
			if err != nil {
				return fmt.Errorf("%s %s: %w", p.name, op, err)
			}
			after, err := p.cpu()
			if err != nil {
				return err
			}
			rates[j] = rate
			if n > 0 {
				cpu[j] = (after - before) / time.Duration(n)
			}
		}
		fmt.Fprintf(out, "%-10s %12.0f %12.0f %6.2fx %14s %14s\n", op, rates[0], rates[1], rates[0]/rates[1],
			cpuText(cpu[0]), cpuText(cpu[1]))
	}
	fmt.Fprintln(out, "\nCPU/op: CPU time of the foid process per REST operation, and of this process per in-process one.")
	return nil
}

func cpuText(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

// path is one way of running the operations: each op is called by client
// c for its i-th operation.
type path struct {
	name string
	ops  [3]func(ctx context.Context, c, i int) error
	// cpu reads the CPU time used so far by the process that serves the
	// operations.
	cpu func() (time.Duration, error)
}

// drive runs op from clients goroutines for d and returns operations per
// second and their number. An op may report errDone when it has nothing
// left to do.
func drive(ctx context.Context, clients int, d time.Duration, op func(ctx context.Context, c, i int) error) (float64, int, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	counts := make([]int, clients)
	errc := make(chan error, clients)
	start := time.Now()
	for c := range clients {
		go func() {
			for i := 0; ; i++ {
				err := op(ctx, c, i)
				if ctx.Err() != nil || errors.Is(err, errDone) {
					errc <- nil
					return
				}
				if err != nil {
					errc <- err
					return
				}
				counts[c]++
			}
		}()
	}
	var first error
	for range clients {
		if err := <-errc; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	return float64(total) / time.Since(start).Seconds(), total, first
}

var errDone = errors.New("nothing left to do")

// freeAddr returns a loopback address with a free port.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

type foidProcess struct {
	cmd       *exec.Cmd
	httpAddr  string
	adminAddr string
}

func startFoid(ctx context.Context, o options, url string, key []byte, dir string) (*foidProcess, error) {
	httpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	grpcAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	adminAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dir, "foid.log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(o.foid, "-database-url", url, "-token-key", base64.StdEncoding.EncodeToString(key),
		"-history-key", base64.StdEncoding.EncodeToString(key),
		"-http-addr", httpAddr, "-grpc-addr", grpcAddr, "-admin-addr", adminAddr, "-log-level", "warn",
		"-max-in-flight", "100000")
	cmd.Stdout, cmd.Stderr = io.Discard, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", o.foid, err)
	}
	f := &foidProcess{cmd: cmd, httpAddr: httpAddr, adminAddr: adminAddr}
	if err := waitReady(ctx, httpAddr); err != nil {
		f.stop()
		b, _ := os.ReadFile(logFile.Name())
		return nil, fmt.Errorf("foid did not become ready: %w\n%s", err, b)
	}
	return f, nil
}

func (f *foidProcess) stop() {
	_ = f.cmd.Process.Signal(syscall.SIGTERM)
	_ = f.cmd.Wait()
}

func numCPU() int { return runtimeGOMAXPROCS() }

// cpu returns the CPU time (user and system) foid has used so far.
func (f *foidProcess) cpu() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", f.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("foid's CPU time: %w", err)
	}
	// The command name, in parentheses, may hold spaces; the fields
	// counted from 1 resume after it, with utime and stime the 14th and
	// 15th, in clock ticks (100 a second on Linux).
	i := bytes.LastIndexByte(b, ')')
	fields := strings.Fields(string(b[i+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("foid's CPU time: short /proc stat %q", b)
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("foid's CPU time: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * (time.Second / 100), nil
}

// selfCPU returns the CPU time this process has used so far.
func selfCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// watchSessions keeps accounts' session cache coherent while ctx lasts and
// returns once it is in use.
func watchSessions(ctx context.Context, accounts *auth.Service) error {
	go accounts.Watch(ctx)
	for {
		_, live, next := accounts.CacheState()
		if live {
			return nil
		}
		select {
		case <-next:
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Minute):
			return errors.New("the session cache did not start listening")
		}
	}
}

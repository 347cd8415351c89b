// Package pgcluster starts and stops a private PostgreSQL cluster from the
// installed server binaries: the embedded default database of foid, and the
// throwaway cluster of the test harness. The cluster listens only on a unix
// socket in a directory of its own, so nothing else on the machine can reach it.
package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// InstallHint says how to get the PostgreSQL server binaries on Debian.
const InstallHint = "install the PostgreSQL server: apt-get install -y postgresql-15 (or set FOI_PG_BINDIR to a directory holding initdb and postgres)"

// ErrNoBinaries means the PostgreSQL server binaries were not found.
var ErrNoBinaries = errors.New("PostgreSQL server binaries not found; " + InstallHint)

// Options say where and how to run a cluster.
type Options struct {
	// Dir is the data directory. It is created and initialised when empty.
	Dir string
	// BinDir holds initdb and postgres; empty means FindBinDir.
	BinDir string
	// Durable keeps fsync on. Test clusters turn it off for speed.
	Durable bool
	// OSUser runs the server when the current process is root, because
	// PostgreSQL refuses to run as root. Empty means "postgres".
	OSUser string
	// Settings are extra server settings (postgresql.conf names), applied
	// last. The server's own log goes to Dir/postgres.log.
	Settings map[string]string
}

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	dir       string
	socketDir string
	tmpSocket bool
	logPath   string
	bin       string
	opts      Options
	cred      *syscall.Credential

	mu       sync.Mutex
	proc     *process // the server now running (or last run)
	stopping bool     // Stop was called: Supervise restarts nothing
}

// process is one run of the postmaster.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when it has exited
	err  error         // how it exited, once done is closed
}

// superuser is the cluster's bootstrap role. Access is by unix socket with
// trust authentication; the socket directory is private to the server's user.
const superuser = "foi"

// port only names the socket file (.s.PGSQL.5432); no TCP port is opened.
const port = 5432

// FindBinDir locates the PostgreSQL server binaries: $FOI_PG_BINDIR, then
// `pg_config --bindir`, then the newest /usr/lib/postgresql/*/bin.
func FindBinDir() (string, error) {
	var candidates []string
	if d := os.Getenv("FOI_PG_BINDIR"); d != "" {
		candidates = append(candidates, d)
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	debian, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(debian, func(i, j int) bool { return versionOf(debian[i]) > versionOf(debian[j]) })
	candidates = append(candidates, debian...)
	for _, d := range candidates {
		if isExecutable(filepath.Join(d, "initdb")) && isExecutable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// Start initialises opts.Dir if it holds no cluster yet, starts the server
// and waits until it accepts connections. The server is a child process that
// dies with this one (parent-death signal), so a crashed foid or test binary
// leaves no server behind.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	bin := opts.BinDir
	if bin == "" {
		var err error
		if bin, err = FindBinDir(); err != nil {
			return nil, err
		}
	} else if !isExecutable(filepath.Join(bin, "initdb")) || !isExecutable(filepath.Join(bin, "postgres")) {
		return nil, fmt.Errorf("%s holds no initdb and postgres: %w", bin, ErrNoBinaries)
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	cred, err := credentialFor(opts.OSUser)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if err := chown(dir, cred); err != nil {
		return nil, err
	}
	if err := checkReachable(dir, cred); err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, logPath: filepath.Join(dir, "postgres.log"), bin: bin, opts: opts, cred: cred}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := initdb(ctx, bin, dir, cred); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	if err := c.chooseSocketDir(cred); err != nil {
		return nil, err
	}
	p, err := c.launch()
	if err != nil {
		c.cleanupSocket()
		return nil, err
	}
	if err := c.waitReady(ctx, p); err != nil {
		_ = c.Stop(context.Background())
		return nil, err
	}
	return c, nil
}

// credentialFor returns the credential to run PostgreSQL as, or nil when the
// current user may run it directly.
func credentialFor(name string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	if name == "" {
		name = "postgres"
	}
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL cannot run as root and there is no %q user to run it as: %w", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// checkReachable fails early, with a clear message, when the server's user
// cannot traverse the directories above its data directory (as when root's
// home directory is chosen while the server runs as "postgres").
func checkReachable(dir string, cred *syscall.Credential) error {
	if cred == nil {
		return nil
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		sys, ok := st.Sys().(*syscall.Stat_t)
		traversable := st.Mode()&0o001 != 0 ||
			(ok && sys.Uid == cred.Uid && st.Mode()&0o100 != 0) ||
			(ok && sys.Gid == cred.Gid && st.Mode()&0o010 != 0)
		if !traversable {
			return fmt.Errorf("PostgreSQL runs as uid %d, which cannot enter %s; choose a data directory outside it (for example under /var/lib)", cred.Uid, p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

func chown(path string, cred *syscall.Credential) error {
	if cred == nil {
		return nil
	}
	return filepath.Walk(path, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, int(cred.Uid), int(cred.Gid))
	})
}

func command(bin, name string, cred *syscall.Credential, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(bin, name), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	if cred != nil {
		cmd.Dir = "/"
	}
	return cmd
}

func initdb(ctx context.Context, bin, dir string, cred *syscall.Credential) error {
	cmd := command(bin, "initdb", cred, "-D", dir, "-U", superuser, "-E", "UTF8", "--no-locale", "-A", "trust", "--no-sync")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("initdb: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("initdb %s: %w\n%s", dir, err, out.String())
		}
		return nil
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		<-done
		return ctx.Err()
	}
}

// chooseSocketDir puts the socket in the data directory when the path is
// short enough for a unix socket address (108 bytes), else in a private
// temporary directory.
func (c *Cluster) chooseSocketDir(cred *syscall.Credential) error {
	if len(c.dir)+len("/.s.PGSQL.5432.lock") < 100 {
		c.socketDir = c.dir
		return nil
	}
	d, err := os.MkdirTemp("", "foi-pg-")
	if err != nil {
		return err
	}
	c.socketDir, c.tmpSocket = d, true
	return chown(d, cred)
}

func (c *Cluster) cleanupSocket() {
	if c.tmpSocket {
		_ = os.RemoveAll(c.socketDir)
	}
}

// launch starts the postmaster. Callers hold c.mu, or own c alone (Start).
func (c *Cluster) launch() (*process, error) {
	opts := c.opts
	settings := map[string]string{
		"listen_addresses":        "",
		"unix_socket_directories": c.socketDir,
		"unix_socket_permissions": "0700",
		"port":                    strconv.Itoa(port),
		"max_connections":         "200",
		"logging_collector":       "off",
		// The server's log must hold no personal data: an error's DETAIL
		// (a unique violation names the values, e.g. a phone number) and
		// the statement that failed stay out of it.
		"log_error_verbosity":               "terse",
		"log_min_error_statement":           "panic",
		"log_parameter_max_length_on_error": "0",
	}
	if !opts.Durable {
		settings["fsync"] = "off"
		settings["synchronous_commit"] = "off"
		settings["full_page_writes"] = "off"
	}
	for k, v := range opts.Settings {
		settings[k] = v
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	args := []string{"-D", c.dir}
	for _, k := range keys {
		args = append(args, "-c", k+"="+settings[k])
	}
	logFile, err := os.OpenFile(c.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open server log: %w", err)
	}
	cmd := command(c.bin, "postgres", c.cred, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	logFile.Close()
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	c.proc = p
	return p, nil
}

// waitReady polls until the server accepts a connection, the server exits,
// or ctx ends (after at most a minute).
func (c *Cluster) waitReady(ctx context.Context, p *process) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	delay := 10 * time.Millisecond
	for {
		conn, err := pgx.Connect(ctx, c.URL("postgres"))
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-p.done:
			return fmt.Errorf("postgres exited during start (%v); its log:\n%s", p.err, c.logTail())
		case <-ctx.Done():
			return fmt.Errorf("postgres did not accept connections: %w; its log:\n%s", err, c.logTail())
		case <-time.After(delay):
		}
		delay = min(delay*2, 200*time.Millisecond)
	}
}

// Log returns the server's log so far.
func (c *Cluster) Log() (string, error) {
	b, err := os.ReadFile(c.logPath)
	return string(b), err
}

func (c *Cluster) logTail() string {
	b, _ := os.ReadFile(c.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
		for len(b) > 0 && !utf8.RuneStart(b[0]) { // start on a whole character
			b = b[1:]
		}
	}
	return string(b)
}

// URL returns a connection URL for database db over the cluster's socket.
func (c *Cluster) URL(db string) string {
	q := url.Values{}
	q.Set("host", c.socketDir)
	q.Set("port", strconv.Itoa(port))
	q.Set("user", superuser)
	return (&url.URL{Scheme: "postgres", Path: "/" + db, RawQuery: q.Encode()}).String()
}

// Stop shuts the server down (fast shutdown: active sessions are ended and
// their transactions rolled back) and waits for it to exit.
func (c *Cluster) Stop(ctx context.Context) error {
	c.mu.Lock()
	c.stopping = true
	p := c.proc
	c.mu.Unlock()
	if p == nil {
		return nil
	}
	defer c.cleanupSocket()
	select {
	case <-p.done:
		return nil // it had died already; Supervise's log says so
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	select {
	case <-p.done:
		return exitOK(p.err)
	case <-ctx.Done():
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		<-p.done
		return fmt.Errorf("postgres did not stop in time; sent immediate shutdown: %w", ctx.Err())
	}
}

// Supervise restarts the server whenever it exits without Stop having been
// called, until ctx ends. PostgreSQL's crash recovery replays its
// write-ahead log on restart, so every committed transaction survives.
// Restarts back off from a tenth of a second to ten seconds (a killed
// postmaster's children must exit before a new one may start). Each change
// of state is logged once: the exit, the first failed restart, the return.
func (c *Cluster) Supervise(ctx context.Context, log *slog.Logger) {
	for {
		c.mu.Lock()
		p := c.proc
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-p.done:
		}
		if c.isStopping() {
			return
		}
		log.Error("embedded database exited; restarting it", "err", fmt.Sprint(p.err))
		delay := 100 * time.Millisecond
		for attempt := 1; ; attempt++ {
			err := c.restart(ctx)
			if err == nil {
				log.Info("embedded database is running again", "attempts", attempt)
				break
			}
			if c.isStopping() || ctx.Err() != nil {
				return
			}
			if attempt == 1 {
				log.Warn("embedded database did not restart yet; retrying with backoff", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			delay = min(2*delay, 10*time.Second)
		}
	}
}

func (c *Cluster) isStopping() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopping
}

// restart launches the server again and waits until it accepts
// connections; a server that does not get there is stopped again.
func (c *Cluster) restart(ctx context.Context) error {
	c.mu.Lock()
	if c.stopping {
		c.mu.Unlock()
		return errors.New("stopping")
	}
	p, err := c.launch()
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := c.waitReady(ctx, p); err != nil {
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		<-p.done
		return err
	}
	return nil
}

func exitOK(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.Exited() && ee.ExitCode() == 0 {
		return nil
	}
	return err
}

// EnsureDatabase creates database name in the cluster unless it exists.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return err
	}
	_, err = conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	return err
}

// Attach returns the URL of database db in a cluster already running in
// dir (started by another process, such as a running foid), if one answers
// on the socket in the data directory.
func Attach(ctx context.Context, dir, db string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	c := &Cluster{dir: abs, socketDir: abs}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL(db))
	if err != nil {
		return "", false
	}
	conn.Close(ctx)
	return c.URL(db), true
}

// DefaultDataDir is foi's per-user data directory: $XDG_DATA_HOME/foi or
// ~/.local/share/foi; for root, /var/lib/foi, because the cluster then runs
// as the postgres user, who cannot enter root's home.
func DefaultDataDir() string {
	if os.Geteuid() == 0 {
		return "/var/lib/foi"
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "foi")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "foi")
	}
	return "foi-data"
}

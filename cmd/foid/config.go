package main

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"foi/services/blob"
	"foi/services/keyfile"
	"foi/services/pgcluster"
)

// config is everything foid can be told, from flags or FOI_* variables
// (a flag wins over its variable).
type config struct {
	GRPCAddr         string
	HTTPAddr         string
	DatabaseURL      string
	DataDir          string
	PGBinDir         string
	TokenKey         string
	HistoryKey       string
	LogFormat        string
	LogLevel         string
	Demo             bool
	OIDCIssuer       string
	OIDCClientID     string
	OIDCClaim        string
	SweepInterval    time.Duration
	DispatchInterval time.Duration
	SMTPAddr         string
	SMSURL           string
	SMTPFrom         string
	TrustedProxies   []netip.Prefix
	AdminAddr        string
	MaxInFlight      int
	RequestTimeout   time.Duration
	BackupDir        string
	BackupKeep       int
	// Documents: where their content is kept, and how much a file and a
	// case may take (bytes; 0 is no limit).
	BlobStore   string // postgres or s3
	S3          blob.S3Config
	MaxFileSize int64
	MaxCaseSize int64
	UploadDir   string
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(env(name, "")); err == nil {
		return n
	}
	return def
}

// parseConfig reads flags (after the subcommand) over the environment.
func parseConfig(name string, args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.GRPCAddr, "grpc-addr", env("FOI_GRPC_ADDR", "127.0.0.1:9090"), "gRPC listen address (FOI_GRPC_ADDR)")
	fs.StringVar(&c.HTTPAddr, "http-addr", env("FOI_HTTP_ADDR", "127.0.0.1:8080"), "REST listen address (FOI_HTTP_ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("FOI_DATABASE_URL", ""), "PostgreSQL URL; empty runs the embedded database (FOI_DATABASE_URL)")
	fs.StringVar(&c.DataDir, "data-dir", env("FOI_DATA_DIR", pgcluster.DefaultDataDir()), "data directory of the embedded database (FOI_DATA_DIR)")
	fs.StringVar(&c.PGBinDir, "pg-bindir", env("FOI_PG_BINDIR", ""), "directory of the PostgreSQL server binaries; empty finds them (FOI_PG_BINDIR)")
	fs.StringVar(&c.TokenKey, "token-key", env("FOI_TOKEN_KEY", ""), "base64 key (32+ bytes) signing access tokens; the embedded database keeps its own (FOI_TOKEN_KEY)")
	fs.StringVar(&c.HistoryKey, "history-key", env("FOI_HISTORY_KEY", ""), "base64 key (32+ bytes) of the history chain (HMAC); the embedded database keeps its own (FOI_HISTORY_KEY)")
	fs.StringVar(&c.LogFormat, "log-format", env("FOI_LOG_FORMAT", "json"), "json or text (FOI_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", env("FOI_LOG_LEVEL", "info"), "debug, info, warn or error (FOI_LOG_LEVEL)")
	fs.BoolVar(&c.Demo, "demo", env("FOI_DEMO", "true") == "true", "seed the demo district into an empty embedded database (FOI_DEMO)")
	fs.StringVar(&c.OIDCIssuer, "oidc-issuer", env("FOI_OIDC_ISSUER", ""), "OpenID Connect issuer URL of a unified identity platform; empty disables it (FOI_OIDC_ISSUER)")
	fs.StringVar(&c.OIDCClientID, "oidc-client-id", env("FOI_OIDC_CLIENT_ID", ""), "client id ID tokens must be issued for (FOI_OIDC_CLIENT_ID)")
	fs.StringVar(&c.OIDCClaim, "oidc-claim", env("FOI_OIDC_CLAIM", "sub"), "ID token claim identifying the person (FOI_OIDC_CLAIM)")
	fs.StringVar(&c.SMSURL, "sms-url", env("FOI_SMS_URL", ""), "URL of an SMS gateway taking {\"to\", \"text\"} as JSON for text messages to applicants; empty logs them instead (FOI_SMS_URL)")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", env("FOI_SMTP_ADDR", ""), "host:port of an SMTP relay for e-mail to applicants; empty logs messages instead (FOI_SMTP_ADDR)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("FOI_SMTP_FROM", ""), "sender address of that e-mail (FOI_SMTP_FROM)")
	fs.DurationVar(&c.DispatchInterval, "dispatch-interval", 10*time.Second, "how often queued messages are sent")
	fs.StringVar(&c.AdminAddr, "admin-addr", env("FOI_ADMIN_ADDR", "127.0.0.1:9091"), "listen address of /metrics and /debug/pprof/, for operators only; empty turns it off (FOI_ADMIN_ADDR)")
	fs.IntVar(&c.MaxInFlight, "max-in-flight", envInt("FOI_MAX_IN_FLIGHT", 256), "requests served at once; beyond it a request is refused with 429 / RESOURCE_EXHAUSTED (FOI_MAX_IN_FLIGHT)")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", 30*time.Second, "longest a request may run, within the client's own deadline")
	fs.StringVar(&c.BackupDir, "backup-dir", env("FOI_BACKUP_DIR", ""), "directory of daily backups of the embedded database; empty: none (FOI_BACKUP_DIR)")
	fs.IntVar(&c.BackupKeep, "backup-keep", envInt("FOI_BACKUP_KEEP", 7), "daily backups kept (FOI_BACKUP_KEEP)")
	fs.StringVar(&c.BlobStore, "blob-store", env("FOI_BLOB_STORE", "postgres"), "where documents are kept: postgres (the database) or s3 (FOI_BLOB_STORE)")
	fs.StringVar(&c.S3.Endpoint, "s3-endpoint", env("FOI_S3_ENDPOINT", ""), "host:port of the S3-compatible store (FOI_S3_ENDPOINT)")
	fs.StringVar(&c.S3.Bucket, "s3-bucket", env("FOI_S3_BUCKET", ""), "its bucket, which must exist (FOI_S3_BUCKET)")
	fs.StringVar(&c.S3.Region, "s3-region", env("FOI_S3_REGION", ""), "its region, if it needs one (FOI_S3_REGION)")
	fs.StringVar(&c.S3.AccessKey, "s3-access-key", env("FOI_S3_ACCESS_KEY", ""), "its access key (FOI_S3_ACCESS_KEY)")
	fs.StringVar(&c.S3.SecretKey, "s3-secret-key", env("FOI_S3_SECRET_KEY", ""), "its secret key (FOI_S3_SECRET_KEY)")
	fs.BoolVar(&c.S3.Secure, "s3-tls", env("FOI_S3_TLS", "true") == "true", "speak HTTPS to the store (FOI_S3_TLS)")
	fs.StringVar(&c.UploadDir, "upload-dir", env("FOI_UPLOAD_DIR", ""), "where uploads are spooled while checked; empty is the system's temporary directory (FOI_UPLOAD_DIR)")
	maxFile, maxCase := env("FOI_MAX_FILE_MIB", "50"), env("FOI_MAX_CASE_MIB", "500")
	fs.StringVar(&maxFile, "max-file-mib", maxFile, "largest document in MiB (FOI_MAX_FILE_MIB)")
	fs.StringVar(&maxCase, "max-case-mib", maxCase, "most all of a case's documents may take, in MiB; 0 is no limit (FOI_MAX_CASE_MIB)")
	proxies := env("FOI_TRUSTED_PROXIES", "")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated addresses or CIDRs of reverse proxies in front of the REST port, whose X-Forwarded-For is believed (FOI_TRUSTED_PROXIES)")
	sweep := env("FOI_SWEEP_INTERVAL", "1m")
	fs.Func("sweep-interval", "how often time-driven events are checked (FOI_SWEEP_INTERVAL, default 1m)", func(s string) error {
		sweep = s
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if a, err := netip.ParseAddr(p); err == nil {
				p = netip.PrefixFrom(a, a.BitLen()).String()
			}
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			return c, fmt.Errorf("trusted proxy %q: want an address or a CIDR", p)
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix)
	}
	var err error
	if c.MaxFileSize, err = mebibytes("max-file-mib", maxFile); err != nil {
		return c, err
	}
	if c.MaxCaseSize, err = mebibytes("max-case-mib", maxCase); err != nil {
		return c, err
	}
	if c.MaxFileSize == 0 {
		return c, fmt.Errorf("max-file-mib must be positive")
	}
	switch c.BlobStore {
	case "postgres":
	case "s3":
		if c.S3.Endpoint == "" || c.S3.Bucket == "" {
			return c, fmt.Errorf("-blob-store s3 needs -s3-endpoint and -s3-bucket")
		}
	default:
		return c, fmt.Errorf("blob store %q: want postgres or s3", c.BlobStore)
	}
	if c.SweepInterval, err = time.ParseDuration(sweep); err != nil || c.SweepInterval <= 0 {
		return c, fmt.Errorf("sweep interval %q: want a positive duration such as 1m", sweep)
	}
	for name, v := range map[string]string{"FOI_TOKEN_KEY": c.TokenKey, "FOI_HISTORY_KEY": c.HistoryKey} {
		if v != "" {
			if _, err := keyfile.Decode(name, v); err != nil {
				return c, err
			}
		}
	}
	if c.SMTPAddr != "" && c.SMTPFrom == "" {
		return c, fmt.Errorf("FOI_SMTP_ADDR needs FOI_SMTP_FROM")
	}
	if c.BackupKeep < 1 {
		return c, fmt.Errorf("backup keep must be at least 1")
	}
	if c.MaxInFlight < 1 || c.RequestTimeout <= 0 {
		return c, fmt.Errorf("max in flight and request timeout must be positive")
	}
	if c.DispatchInterval <= 0 {
		return c, fmt.Errorf("dispatch interval must be positive")
	}
	if c.OIDCIssuer != "" && c.OIDCClientID == "" {
		return c, fmt.Errorf("FOI_OIDC_ISSUER needs FOI_OIDC_CLIENT_ID")
	}
	return c, nil
}

// mebibytes reads a non-negative whole number of MiB as bytes.
func mebibytes(flag, v string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 || n > 1<<20 {
		return 0, fmt.Errorf("%s %q: want a whole number of MiB", flag, v)
	}
	return n << 20, nil
}

// logValue lists the configuration for the start-up log line, secrets masked.
func (c config) logValue() []any {
	db := "embedded (" + c.DataDir + ")"
	if c.DatabaseURL != "" {
		db = redactURL(c.DatabaseURL)
	}
	keySource := func(v string) string {
		if v != "" {
			return "set"
		}
		return "from data directory"
	}
	return []any{"grpc_addr", c.GRPCAddr, "http_addr", c.HTTPAddr, "database", db,
		"token_key", keySource(c.TokenKey), "history_key", keySource(c.HistoryKey),
		"oidc_issuer", c.OIDCIssuer, "blob_store", c.BlobStore, "s3_endpoint", c.S3.Endpoint, "s3_bucket", c.S3.Bucket,
		"max_file_bytes", c.MaxFileSize, "max_case_bytes", c.MaxCaseSize, "sweep_interval", c.SweepInterval.String(),
		"admin_addr", c.AdminAddr, "max_in_flight", c.MaxInFlight, "smtp", c.SMTPAddr, "sms", redactURL(c.SMSURL), "log_level", c.LogLevel}
}

// redactURL hides a database URL's password.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"foi/services/errs"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// stores returns one store of each kind: PostgreSQL on a fresh database,
// and S3 over HTTP against an S3-protocol server started for the test.
func stores(t *testing.T) map[string]Store {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("foi-test"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	s3, err := NewS3(context.Background(), S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "foi-test",
		Region: "us-east-1", AccessKey: "test", SecretKey: "test-secret"})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Store{"postgres": NewPostgres(pgtest.NewDB(t)), "s3": s3}
}

func sumOf(b []byte) Sum { return sha256.Sum256(b) }

// TestStoreContract is what every kind of store must do.
func TestStoreContract(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, size := range []int{1, ChunkSize - 1, ChunkSize, 2*ChunkSize + 17} {
				data := make([]byte, size)
				rand.Read(data)
				sum := sumOf(data)
				if _, err := s.Stat(ctx, sum); !errors.Is(err, errs.NotFound) {
					t.Fatalf("Stat before Put: %v, want NotFound", err)
				}
				if err := s.Put(ctx, sum, int64(size), bytes.NewReader(data)); err != nil {
					t.Fatalf("Put %d bytes: %v", size, err)
				}
				// Stored again: deduplicated, and the reader need not be read.
				if err := s.Put(ctx, sum, int64(size), strings.NewReader("")); err != nil {
					t.Fatalf("second Put: %v", err)
				}
				info, err := s.Stat(ctx, sum)
				if err != nil || info.Size != int64(size) || info.Sum != sum {
					t.Fatalf("Stat = %+v, %v", info, err)
				}
				rc, info, err := s.Get(ctx, sum)
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.Equal(got, data) || info.Size != int64(size) {
					t.Fatalf("Get %d bytes: got %d bytes (%v), equal=%v", size, len(got), err, bytes.Equal(got, data))
				}
			}
		})
	}
}

// TestStoreRefusesWrongContent: content shorter, longer or other than its
// address says is refused and nothing is stored.
func TestStoreRefusesWrongContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data := bytes.Repeat([]byte("公开"), ChunkSize/3)
			sum := sumOf(data)
			cases := map[string]struct {
				size int64
				body []byte
			}{
				"truncated": {int64(len(data)), data[:len(data)-5]},
				"longer":    {int64(len(data)), append(append([]byte{}, data...), 'x')},
				"other":     {int64(len(data)), bytes.ToUpper(append([]byte("X"), data[1:]...))},
			}
			for what, c := range cases {
				err := s.Put(ctx, sum, c.size, bytes.NewReader(c.body))
				if !errors.Is(err, errs.InvalidArgument) {
					t.Errorf("%s: Put = %v, want InvalidArgument", what, err)
				}
				if _, err := s.Stat(ctx, sum); !errors.Is(err, errs.NotFound) {
					t.Errorf("%s: after a refused Put, Stat = %v, want NotFound", what, err)
				}
			}
			if _, _, err := s.Get(ctx, sum); !errors.Is(err, errs.NotFound) {
				t.Errorf("Get of nothing stored = %v, want NotFound", err)
			}
		})
	}
}

package blob

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"foi/services/errs"
)

// S3Config names an S3-compatible bucket.
type S3Config struct {
	Endpoint  string // host:port
	Bucket    string
	Region    string
	AccessKey string
	SecretKey string
	Secure    bool // https
}

// S3 stores blobs as objects named sha256/<hex> in one bucket of an
// S3-compatible store (MinIO, Ceph, a cloud's object storage).
type S3 struct {
	client *minio.Client
	bucket string
}

// NewS3 connects to the bucket of cfg, which must exist.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.Secure,
		Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 endpoint %s: %w", cfg.Endpoint, err)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("S3 bucket %s at %s: %w", cfg.Bucket, cfg.Endpoint, err)
	}
	if !ok {
		return nil, fmt.Errorf("S3 bucket %s does not exist at %s", cfg.Bucket, cfg.Endpoint)
	}
	return &S3{client: c, bucket: cfg.Bucket}, nil
}

func objectName(sum Sum) string { return "sha256/" + sum.String() }

// Put implements Store with one streamed PUT (no multipart upload, whose
// parts the client would buffer). Content that does not match its sum is
// removed again.
func (s *S3) Put(ctx context.Context, sum Sum, size int64, r io.Reader) error {
	if _, err := s.Stat(ctx, sum); err == nil {
		return nil
	} else if !errors.Is(err, errs.NotFound) {
		return err
	}
	v := newVerifier(r, sum, size)
	_, err := s.client.PutObject(ctx, s.bucket, objectName(sum), v, size, minio.PutObjectOptions{
		ContentType: "application/octet-stream", DisableMultipart: true,
	})
	if err == nil {
		// The client stops at size bytes: check the digest and that
		// nothing follows.
		if _, err = v.Read(nil); err == io.EOF {
			return nil
		}
	}
	if errors.Is(err, errs.InvalidArgument) {
		_ = s.client.RemoveObject(context.WithoutCancel(ctx), s.bucket, objectName(sum), minio.RemoveObjectOptions{})
		return err
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		return inv
	}
	return fmt.Errorf("S3 put %s: %w", sum, err)
}

// Stat implements Store.
func (s *S3) Stat(ctx context.Context, sum Sum) (Info, error) {
	st, err := s.client.StatObject(ctx, s.bucket, objectName(sum), minio.StatObjectOptions{})
	if err != nil {
		return Info{}, s3Error(sum, err)
	}
	return Info{Sum: sum, Size: st.Size}, nil
}

// Get implements Store.
func (s *S3) Get(ctx context.Context, sum Sum) (io.ReadCloser, Info, error) {
	info, err := s.Stat(ctx, sum)
	if err != nil {
		return nil, Info{}, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, objectName(sum), minio.GetObjectOptions{})
	if err != nil {
		return nil, Info{}, s3Error(sum, err)
	}
	return obj, info, nil
}

func s3Error(sum Sum, err error) error {
	if code := minio.ToErrorResponse(err).Code; code == minio.NoSuchKey || code == "NotFound" {
		return fmt.Errorf("blob %s: %w", sum, errs.NotFound)
	}
	return fmt.Errorf("S3 blob %s: %w", sum, err)
}

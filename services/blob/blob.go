// Package blob stores the content of files by its SHA-256, streamed in and
// out, never held whole in memory: in PostgreSQL (the default, chunked
// rows) or in an S3-compatible object store. A stored blob is complete or
// absent; storing the same content twice keeps one copy.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	"foi/services/errs"
)

// Sum is the SHA-256 of a blob's content, its address.
type Sum [sha256.Size]byte

// String is the sum in lower-case hex.
func (s Sum) String() string { return hex.EncodeToString(s[:]) }

// Info describes a stored blob.
type Info struct {
	Sum  Sum
	Size int64
}

// Store keeps blobs. Put reads size bytes from r and stores them under sum,
// refusing (InvalidArgument, nothing stored) content whose length or
// SHA-256 differs; content already stored is not stored again. Get streams
// a blob; Stat describes it. A blob not stored is NotFound.
type Store interface {
	Put(ctx context.Context, sum Sum, size int64, r io.Reader) error
	Get(ctx context.Context, sum Sum) (io.ReadCloser, Info, error)
	Stat(ctx context.Context, sum Sum) (Info, error)
}

// ChunkSize is how much of a blob one PostgreSQL row holds.
const ChunkSize = 1 << 20

// verifier reads exactly the size bytes promised and checks their digest
// at the end, so a store never keeps content other than what its address
// says.
type verifier struct {
	r    io.Reader
	h    hash.Hash
	left int64
	sum  Sum
}

func newVerifier(r io.Reader, sum Sum, size int64) *verifier {
	return &verifier{r: r, h: sha256.New(), left: size, sum: sum}
}

func (v *verifier) Read(p []byte) (int, error) {
	if v.left <= 0 {
		return 0, v.finish()
	}
	if int64(len(p)) > v.left {
		p = p[:v.left]
	}
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	v.left -= int64(n)
	if err == io.EOF {
		if v.left > 0 {
			return n, errs.New(errs.InvalidArgument, fmt.Sprintf("内容不完整：还差 %d 字节", v.left))
		}
		return n, v.finish()
	}
	return n, err
}

// finish checks the digest once every promised byte was read, and that
// nothing follows them.
func (v *verifier) finish() error {
	if n, _ := v.r.Read(make([]byte, 1)); n > 0 {
		return errs.New(errs.InvalidArgument, "内容超过所声明的长度")
	}
	var got Sum
	v.h.Sum(got[:0])
	if got != v.sum {
		return errs.New(errs.InvalidArgument, "内容的 SHA-256 与声明的不符")
	}
	return io.EOF
}

// Digest returns the SHA-256 and length of everything r yields.
func Digest(r io.Reader) (Info, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	var info Info
	h.Sum(info.Sum[:0])
	info.Size = n
	return info, err
}

package blob

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/errs"
	"foi/services/pg"
)

// Postgres stores blobs in the blobs and blob_chunks tables, one row per
// ChunkSize bytes, so that neither a write nor a read holds more than one
// chunk.
type Postgres struct {
	db *pgxpool.Pool
}

// NewPostgres returns the store on db.
func NewPostgres(db *pgxpool.Pool) *Postgres { return &Postgres{db: db} }

// Put implements Store. The blob row and its chunks commit together; a
// concurrent Put of the same content waits for the first and keeps it.
func (p *Postgres) Put(ctx context.Context, sum Sum, size int64, r io.Reader) error {
	if _, err := p.Stat(ctx, sum); err == nil {
		return nil
	} else if !errors.Is(err, errs.NotFound) {
		return err
	}
	return pg.InTx(ctx, p.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO blobs (sha256, size, chunk_size) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			sum[:], size, ChunkSize)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return nil // stored meanwhile by another Put
		}
		v := newVerifier(r, sum, size)
		buf := make([]byte, ChunkSize)
		for seq := 0; ; seq++ {
			n, err := io.ReadFull(v, buf)
			if n > 0 {
				if _, err := tx.Exec(ctx, `INSERT INTO blob_chunks (sha256, seq, data) VALUES ($1, $2, $3)`, sum[:], seq, buf[:n]); err != nil {
					return err
				}
			}
			switch {
			case err == io.EOF || err == io.ErrUnexpectedEOF:
				return nil
			case err != nil:
				return err
			}
		}
	})
}

// Stat implements Store.
func (p *Postgres) Stat(ctx context.Context, sum Sum) (Info, error) {
	info := Info{Sum: sum}
	err := p.db.QueryRow(ctx, `SELECT size FROM blobs WHERE sha256 = $1`, sum[:]).Scan(&info.Size)
	if errors.Is(err, pgx.ErrNoRows) {
		return Info{}, fmt.Errorf("blob %s: %w", sum, errs.NotFound)
	}
	return info, pg.Translate(err)
}

// Get implements Store: the reader fetches one chunk at a time, each in
// its own statement (blobs never change, so no transaction is held open
// while a slow client reads).
func (p *Postgres) Get(ctx context.Context, sum Sum) (io.ReadCloser, Info, error) {
	var chunkSize int
	info := Info{Sum: sum}
	err := p.db.QueryRow(ctx, `SELECT size, chunk_size FROM blobs WHERE sha256 = $1`, sum[:]).Scan(&info.Size, &chunkSize)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, Info{}, fmt.Errorf("blob %s: %w", sum, errs.NotFound)
	}
	if err != nil {
		return nil, Info{}, pg.Translate(err)
	}
	chunks := int((info.Size + int64(chunkSize) - 1) / int64(chunkSize))
	return &chunkReader{ctx: ctx, db: p.db, sum: sum, chunks: chunks}, info, nil
}

type chunkReader struct {
	ctx    context.Context
	db     *pgxpool.Pool
	sum    Sum
	next   int // the chunk to fetch when cur is used up
	chunks int
	cur    []byte
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.cur) == 0 {
		if c.next >= c.chunks {
			return 0, io.EOF
		}
		err := c.db.QueryRow(c.ctx, `SELECT data FROM blob_chunks WHERE sha256 = $1 AND seq = $2`, c.sum[:], c.next).Scan(&c.cur)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, fmt.Errorf("blob %s: chunk %d is missing", c.sum, c.next)
		}
		if err != nil {
			return 0, pg.Translate(err)
		}
		c.next++
	}
	n := copy(p, c.cur)
	c.cur = c.cur[n:]
	return n, nil
}

func (c *chunkReader) Close() error { c.cur = nil; return nil }

package cases

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/blob"
	"foi/services/errs"
	"foi/services/filetype"
	"foi/services/pg"
	"foi/services/review"
)

// Document is a file attached to a case.
type Document struct {
	ID            string
	ApplicationID string
	Kind          DocumentKind
	FileName      string
	MediaType     string
	Size          int64
	SHA256        []byte
	// Pages is the page count (0: unknown); PagesSource says whether it
	// was read from the PDF ("PDF"), entered ("ENTERED") or is unknown
	// ("NONE").
	Pages         int
	PagesSource   string
	UploadedBy    string
	UploaderRole  actor.Role
	UploadedAt    time.Time
	EventSeq      int
	RemovedAt     *time.Time
	RemovedSeq    int
	RemovalReason string
	// Signed: a signed reply provides it, so it can never be removed.
	Signed bool
}

// Limits bound what a case takes: each file, and all a case's documents
// not removed together. Zero is no limit.
type Limits struct {
	PerFile int64
	PerCase int64
}

// DefaultLimits are foid's defaults.
var DefaultLimits = Limits{PerFile: 50 << 20, PerCase: 500 << 20}

// Documents runs the use cases of a case's documents: attach, list, read,
// remove. Each attachment and removal is an event of the case, recorded
// with the file's SHA-256 in the case's history.
type Documents struct {
	s      *Service
	blobs  blob.Store
	limits Limits
	tmpDir string // where uploads are spooled; "" is the system's
}

// Documents returns the document use cases of s, keeping content in blobs.
func (s *Service) Documents(blobs blob.Store, limits Limits, tmpDir string) *Documents {
	return &Documents{s: s, blobs: blobs, limits: limits, tmpDir: tmpDir}
}

// Limits returns the limits in force.
func (d *Documents) Limits() Limits { return d.limits }

// Upload is what an uploader says about a file besides its content.
type Upload struct {
	Kind     DocumentKind
	FileName string
	// MediaType is the type the client claims; empty or
	// application/octet-stream claims nothing. A claim must match the
	// content.
	MediaType string
	// Size, when not negative, is the length the client declared; fewer
	// bytes is a truncated upload.
	Size int64
	// SHA256 (hex), when given, is the digest the client computed.
	SHA256 string
	// Pages is the page count the uploader entered (0: none); a PDF's own
	// count wins.
	Pages int
}

// checkUpload validates what the uploader said about a file.
func (d *Documents) checkUpload(u *Upload) error {
	var c errs.Collector
	if !u.Kind.Valid() {
		c.Add("kind", "须选择材料类别")
	}
	if why := filetype.CheckName(u.FileName); why != "" {
		c.Add("fileName", why)
	}
	if d.limits.PerFile > 0 && u.Size > d.limits.PerFile {
		c.Add("size", "文件超过 "+sizeText(d.limits.PerFile)+" 上限")
	}
	if u.SHA256 != "" {
		if b, err := hex.DecodeString(u.SHA256); err != nil || len(b) != 32 {
			c.Add("sha256", "须为 64 位十六进制 SHA-256")
		}
	}
	if u.Pages < 0 || u.Pages > 100000 {
		c.Add("pages", "页数须为 0 至 100000")
	}
	return c.Err()
}

// Attach stores the file read from body as a document of case id and
// records the event. Nothing is stored for an upload that fails any check:
// the content is spooled to a temporary file (never held in memory),
// checked, then put in the blob store, and only then is the document
// recorded, in the event's transaction. A case the caller may not see is
// NotFound before any content is read.
func (d *Documents) Attach(ctx context.Context, who actor.Actor, id string, u Upload, body io.Reader) (Document, error) {
	if err := d.checkUpload(&u); err != nil {
		return Document{}, err
	}
	app, err := getApplication(ctx, d.s.db, who, id, false)
	if err != nil {
		return Document{}, err
	}
	if err := decideAttach(who, app.State, u.Kind, 0, 0, 0); err != nil {
		return Document{}, err
	}
	f, err := d.spool(body, u)
	if err != nil {
		return Document{}, err
	}
	defer f.close()
	doc := Document{Kind: u.Kind, FileName: u.FileName, MediaType: f.typ.MediaType, Size: f.size, SHA256: f.sum[:],
		UploadedBy: who.AccountID, UploaderRole: who.Role, Pages: f.pages, PagesSource: "PDF"}
	if doc.Pages == 0 {
		doc.Pages, doc.PagesSource = u.Pages, "ENTERED"
		if u.Pages == 0 {
			doc.PagesSource = "NONE"
		}
	}
	// Checked once more under the row lock; checked here so that a full
	// case stores nothing.
	held, err := heldBytes(ctx, d.s.db, app.ID)
	if err != nil {
		return Document{}, err
	}
	if err := decideAttach(who, app.State, u.Kind, f.size, held, d.limits.PerCase); err != nil {
		return Document{}, err
	}
	if err := d.blobs.Put(ctx, f.sum, f.size, f.reader()); err != nil {
		return Document{}, err
	}
	_, err = d.s.act(ctx, who, id, AttachDocument, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		held, err := heldBytes(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		if err := decideAttach(who, app.State, doc.Kind, doc.Size, held, d.limits.PerCase); err != nil {
			return step{}, err
		}
		if doc.ID, err = drawID(ctx, tx); err != nil {
			return step{}, err
		}
		doc.ApplicationID, doc.EventSeq, doc.UploadedAt = app.ID, app.historySeq+1, d.s.now().Truncate(time.Microsecond)
		return step{payload: documentPayload(doc), writes: []rowWrite{newDocument{doc}}}, nil
	})
	if err != nil {
		return Document{}, err
	}
	return doc, nil
}

// documentPayload is what the history keeps of a document: enough to
// recognise the file by its SHA-256.
func documentPayload(d Document) map[string]any {
	return map[string]any{"documentId": d.ID, "kind": d.Kind, "fileName": d.FileName, "mediaType": d.MediaType,
		"size": d.Size, "sha256": hex.EncodeToString(d.SHA256), "pages": d.Pages}
}

// act fires event e on case id as it stands now, in one transaction with
// the row locked: for events whose effect does not depend on what the
// caller read, such as attaching a document.
func (s *Service) act(ctx context.Context, who actor.Actor, id string, e Event, apply applyFunc) (Application, error) {
	var out Application
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		app, err := getApplication(ctx, tx, who, id, true)
		if err != nil {
			return err
		}
		out, err = s.fire(ctx, tx, who, app, e, apply)
		return err
	})
	return out, err
}

// List returns the documents of case id that who may see, in the order
// they were attached.
func (d *Documents) List(ctx context.Context, who actor.Actor, id string) ([]Document, error) {
	if _, err := getApplication(ctx, d.s.db, who, id, false); err != nil {
		return nil, err
	}
	all, signed, err := d.load(ctx, d.s.db, id)
	if err != nil {
		return nil, err
	}
	var out []Document
	for _, doc := range all {
		if sees(who, doc, signed[doc.ID]) {
			out = append(out, doc)
		}
	}
	return out, nil
}

func (d *Documents) load(ctx context.Context, q pg.Querier, id string) ([]Document, map[string]bool, error) {
	all, err := documentsOf(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	signed, err := signedDocumentIDs(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	for i := range all {
		all[i].Signed = signed[all[i].ID]
	}
	return all, signed, nil
}

var documentNotFound = errs.New(errs.NotFound, "材料不存在")

// Open returns document docID of case id, if who may see it, and its
// content as a stream.
func (d *Documents) Open(ctx context.Context, who actor.Actor, id, docID string) (Document, io.ReadCloser, error) {
	list, err := d.List(ctx, who, id)
	if err != nil {
		return Document{}, nil, err
	}
	doc, ok := documentByID(list, docID)
	if !ok {
		return Document{}, nil, documentNotFound
	}
	var sum blob.Sum
	copy(sum[:], doc.SHA256)
	rc, _, err := d.blobs.Get(ctx, sum)
	if err != nil {
		return Document{}, nil, fmt.Errorf("content of document %s: %w", doc.ID, err)
	}
	return doc, rc, nil
}

// Remove records the removal of document docID from case id, with a
// reason. The file stays in the store and the document in the case's
// record; a document a signed reply provides is never removed.
func (d *Documents) Remove(ctx context.Context, who actor.Actor, id, docID, reason string) (Document, error) {
	var c errs.Collector
	reason = strings.TrimSpace(reason)
	c.MaxLength("reason", reason, 500)
	if reason == "" {
		c.Add("reason", "须说明删除理由")
	}
	if err := c.Err(); err != nil {
		return Document{}, err
	}
	var doc Document
	_, err := d.s.act(ctx, who, id, RemoveDocument, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		all, signed, err := d.load(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		var ok bool
		if doc, ok = documentByID(all, docID); !ok || !sees(who, doc, signed[docID]) {
			return step{}, documentNotFound
		}
		underReview := false
		if app.State == LegalReview || app.State == SignOff {
			if draft, _, found, err := newestDraft(ctx, tx, app.ID); err != nil {
				return step{}, err
			} else if found {
				underReview = slices.ContainsFunc(draft.Content.Attachments, func(a review.Attachment) bool { return a.DocumentID == docID })
			}
		}
		if err := decideRemove(who, app.State, doc, signed[docID], underReview); err != nil {
			return step{}, err
		}
		return step{reason: reason, payload: documentPayload(doc),
			writes: []rowWrite{documentRemoved{id: doc.ID, by: who.AccountID, reason: reason}}}, nil
	})
	return doc, err
}

// spooled is an upload written to a temporary file and checked.
type spooled struct {
	f     *os.File
	size  int64
	sum   blob.Sum
	typ   filetype.Type
	pages int
}

func (s *spooled) reader() io.Reader { return io.NewSectionReader(s.f, 0, s.size) }

func (s *spooled) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// resolveAttachments checks the stored documents a draft provides, by id:
// each a document of the case, of kind Provided and not removed, listed
// once. An empty title takes the file name and zero pages the document's
// page count, which a PDF gives and an uploader may enter.
func resolveAttachments(ctx context.Context, q pg.Querier, appID string, d *review.Draft) error {
	var all []Document
	var c errs.Collector
	seen := map[string]bool{}
	for i := range d.Attachments {
		a := &d.Attachments[i]
		if a.DocumentID == "" {
			continue
		}
		if all == nil {
			var err error
			if all, err = documentsOf(ctx, q, appID); err != nil {
				return err
			}
		}
		f := fmt.Sprintf("attachments[%d].documentId", i)
		doc, ok := documentByID(all, strings.ToLower(a.DocumentID))
		switch {
		case !ok || doc.RemovedAt != nil:
			c.Add(f, "本案没有这份材料")
		case doc.Kind != Provided:
			c.Add(f, "只能列出类别为「提供的政府信息」的材料")
		case seen[doc.ID]:
			c.Add(f, "同一份材料只能列出一次")
		default:
			seen[doc.ID] = true
			a.DocumentID = doc.ID
			if strings.TrimSpace(a.Title) == "" {
				a.Title = strings.TrimSuffix(doc.FileName, path.Ext(doc.FileName))
			}
			if a.Pages == 0 {
				a.Pages = doc.Pages
			}
		}
	}
	return c.Err()
}

// providedPages is the page count of the documents a case provides (kind
// Provided, not removed), for a per-volume fee whose pages the officer
// left to foi: each must have a count, read from its PDF or entered.
func providedPages(ctx context.Context, q pg.Querier, appID string) (int, error) {
	all, err := documentsOf(ctx, q, appID)
	if err != nil {
		return 0, err
	}
	pages, n := 0, 0
	for _, d := range all {
		if d.Kind != Provided || d.RemovedAt != nil {
			continue
		}
		if d.Pages == 0 {
			return 0, errs.Field("pages", "材料《"+d.FileName+"》的页数无法从文件读出，请填写页数")
		}
		pages += d.Pages
		n++
	}
	if n == 0 {
		return 0, errs.Field("pages", "本案尚无提供的政府信息材料，请填写页数")
	}
	return pages, nil
}

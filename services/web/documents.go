package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
	"foi/services/filetype"
)

// docView is one document of a case file, with its download link.
type docView struct {
	Name, Kind, Size, Pages, Uploaded, Href, Removed string
	ID                                               string
	kind                                             foiv1.DocumentKind
	uploadedBy                                       string
	// Remove is where the removal form posts, when this person may be
	// offered it; RemoveForm is that form, Open when it was refused.
	Remove     string
	CSRF       string
	RemoveForm form
	Open       bool
}

// documents lists the case's documents the caller may see (the API
// decides: an applicant sees what they handed in and what a signed reply
// provides). A caller who may see none gets none.
func (s *Site) documents(q *req, id string) []docView {
	docs, _ := s.documentsAndLimit(q, id)
	return docs
}

// documentsAndLimit lists the case's documents, and the largest file the
// API takes (0 when unknown).
func (s *Site) documentsAndLimit(q *req, id string) ([]docView, int64) {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListDocumentsResponse, error) {
		return s.docs.ListDocuments(ctx, &foiv1.ListDocumentsRequest{Id: id})
	})
	if err != nil {
		if c := status.Code(err); c != codes.PermissionDenied && c != codes.NotFound {
			q.s.log.WarnContext(q.r.Context(), "list documents", "err", err)
		}
		return nil, 0
	}
	out := make([]docView, 0, len(res.GetDocuments()))
	for _, d := range res.GetDocuments() {
		v := docView{Name: d.GetFileName(), Kind: d.GetKindLabel(), Size: fileSize(d.GetSize()), Uploaded: timeCN(d.GetUploadTime()),
			Href: "/applications/" + id + "/documents/" + d.GetId(), ID: d.GetId(), kind: d.GetKind(), uploadedBy: d.GetUploadedBy()}
		if d.GetPages() > 0 {
			v.Pages = strconv.Itoa(int(d.GetPages())) + " 页"
		}
		if d.GetRemoveTime() != nil {
			v.Removed = timeCN(d.GetRemoveTime()) + "删除：" + d.GetRemovalReason()
		}
		out = append(out, v)
	}
	return out, res.GetMaxFileSize()
}

// fileSize writes a byte count as people read it.
func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// download streams a document to the browser through DownloadDocument,
// so the API's access check is the only one; the name is sent in
// Content-Disposition with filename* for Chinese names.
func (s *Site) download(q *req) error {
	// The stream lives as long as the request; call retries it once with
	// a refreshed session, and the first message carries any refusal.
	var stream foiv1.DocumentService_DownloadDocumentClient
	first, err := call(q, func(ctx context.Context) (*foiv1.DownloadDocumentResponse, error) {
		var err error
		stream, err = s.docs.DownloadDocument(ctx, &foiv1.DownloadDocumentRequest{Id: q.r.PathValue("id"), Document: q.r.PathValue("doc")})
		if err != nil {
			return nil, err
		}
		return stream.Recv()
	})
	if err != nil {
		return err
	}
	d := first.GetDocument()
	h := q.w.Header()
	h.Set("Content-Type", d.GetMediaType())
	h.Set("Content-Length", strconv.FormatInt(d.GetSize(), 10))
	h.Set("Content-Disposition", filetype.ContentDisposition(d.GetFileName()))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			// The response has begun: cut it, so the browser sees a
			// failed download, never a short file that looks whole.
			q.s.log.ErrorContext(q.r.Context(), "download document", "err", err)
			panic(http.ErrAbortHandler)
		}
		if _, err := q.w.Write(m.GetChunk()); err != nil {
			return nil
		}
	}
}

package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// uploadChunk is how much of a file one upload message carries (the
// API's ChunkSize).
const uploadChunk = 256 << 10

// drainLimit is how much of a refused upload's remaining body the page
// reads and discards, so the browser, still sending, gets the page that
// says why; past it the connection is cut.
const drainLimit = 64 << 20

// uploadKinds are the kinds of document each role may attach somewhere
// in a case's life, as the API's rules give them; in which state each is
// taken is the API's decision, and its refusal is shown on the form.
var uploadKinds = map[foiv1.Role][]foiv1.DocumentKind{
	rApplicant: {foiv1.DocumentKind_DOCUMENT_KIND_APPLICANT_MATERIAL},
	rClerk: {foiv1.DocumentKind_DOCUMENT_KIND_APPLICANT_MATERIAL, foiv1.DocumentKind_DOCUMENT_KIND_RECEIPT,
		foiv1.DocumentKind_DOCUMENT_KIND_DELIVERY_PROOF},
	rOfficer: staffKinds,
	rHead:    staffKinds,
}

var staffKinds = []foiv1.DocumentKind{foiv1.DocumentKind_DOCUMENT_KIND_PROVIDED, foiv1.DocumentKind_DOCUMENT_KIND_CONSULTEE_ANSWER,
	foiv1.DocumentKind_DOCUMENT_KIND_RECEIPT, foiv1.DocumentKind_DOCUMENT_KIND_DELIVERY_PROOF, foiv1.DocumentKind_DOCUMENT_KIND_INTERNAL}

// documentKindLabels name the kinds as the API's list does.
var documentKindLabels = map[foiv1.DocumentKind]string{
	foiv1.DocumentKind_DOCUMENT_KIND_APPLICANT_MATERIAL: "申请人提交的材料", foiv1.DocumentKind_DOCUMENT_KIND_PROVIDED: "提供的政府信息",
	foiv1.DocumentKind_DOCUMENT_KIND_CONSULTEE_ANSWER: "征求意见答复", foiv1.DocumentKind_DOCUMENT_KIND_DELIVERY_PROOF: "送达凭证",
	foiv1.DocumentKind_DOCUMENT_KIND_RECEIPT: "缴费凭证", foiv1.DocumentKind_DOCUMENT_KIND_INTERNAL: "内部材料",
}

// uploadView is the case page's form to add a document, and the refused
// removal of one, with their messages.
type uploadView struct {
	Action string // where the form posts
	CSRF   string
	Kinds  []option
	Form   form
	// Limit says how large a file may be, from the API's list.
	Limit string
	// Errors are a refused removal's.
	Errors *formErrors
}

// uploadFor is the upload form of a case in state st for the signed-in
// person, or nil where they may add nothing: a legal adviser, an
// applicant after the intake, a case withdrawn or voided.
func (q *req) uploadFor(base string, st foiv1.ApplicationState, limit int64, failed *failedAction) *uploadView {
	kinds := uploadKinds[q.role()]
	if len(kinds) == 0 || st == foiv1.ApplicationState_APPLICATION_STATE_WITHDRAWN || st == foiv1.ApplicationState_APPLICATION_STATE_VOIDED {
		return nil
	}
	if q.role() == rApplicant && st != stSubmitted && st != stAccepted && st != stClarification {
		return nil
	}
	v := &uploadView{Action: base + q.r.PathValue("id") + "/documents", CSRF: q.csrfToken(), Form: newForm().prefixed("upload-")}
	for _, k := range kinds {
		v.Kinds = append(v.Kinds, option{strings.TrimPrefix(k.String(), "DOCUMENT_KIND_"), documentKindLabels[k]})
	}
	if len(v.Kinds) == 1 {
		v.Form.Values["kind"] = v.Kinds[0].Value
	}
	if limit > 0 {
		v.Limit = "每个文件不超过 " + limitText(limit)
	}
	if failed != nil {
		switch failed.Event {
		case "attach_document":
			v.Form = failed.Form.prefixed("upload-")
		case "remove_document":
			v.Errors = failed.Form.prefixed("remove-" + failed.Doc + "-").Errors
		}
	}
	return v
}

// StreamsBody reports whether r posts to an upload route, whose body the
// page reads as a stream past the server's 1 MiB limit on forms (the API
// bounds the file; maxUploadParts the fields before it).
func (s *Site) StreamsBody(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	return len(parts) == 3 && (parts[0] == "cases" || parts[0] == "my") && parts[2] == "documents"
}

// maxUploadParts bounds the fields an upload form may send before its file.
const maxUploadParts = 8

// formRefused is the page for a post whose CSRF field is missing or wrong.
func (q *req) formRefused() error {
	return q.fail(http.StatusForbidden, "表单已失效", "为保护您的账户安全，本次提交未被接受：表单已过期或不是从本网站提交的。请返回上一页，刷新后重新提交。")
}

// uploadDocument takes the case page's upload form as it arrives: the
// CSRF field and the kind come before the file, which streams through to
// DocumentService.UploadDocument, the API's one access check and limits.
// On success back to the case; a refusal shows the form with the API's
// message (a file over the limit, a kind the state does not take).
func (s *Site) uploadDocument(home string, render func(q *req, c *caseData, failed *failedAction) error) func(q *req) error {
	return func(q *req) error {
		id := q.r.PathValue("id")
		mr, err := q.r.MultipartReader()
		if err != nil {
			return q.formRefused()
		}
		f := newForm()
		csrfOK := false
		var uploadErr error
		for n := 0; ; n++ {
			if n > maxUploadParts {
				return q.formRefused()
			}
			part, err := mr.NextPart()
			if err != nil {
				if !csrfOK {
					return q.formRefused()
				}
				uploadErr = fieldError("file", "请选择要上传的文件")
				break
			}
			if part.FormName() == "file" {
				if !csrfOK {
					return q.formRefused()
				}
				uploadErr = s.streamUpload(q, id, f.get("kind"), part)
				io.Copy(io.Discard, io.LimitReader(q.r.Body, drainLimit))
				break
			}
			b, _ := io.ReadAll(io.LimitReader(part, 1<<10))
			switch v := strings.TrimSpace(string(b)); part.FormName() {
			case csrfField:
				csrfOK = q.csrfValid(v)
			case "kind":
				f.Values["kind"] = v
			}
		}
		if uploadErr == nil {
			q.redirectWith(home+id, "已上传材料")
			return nil
		}
		p := formProblems(uploadErr)
		if p == nil {
			return uploadErr
		}
		f.Errors = p
		c, err := s.loadCase(q, id)
		if err != nil {
			return err
		}
		q.w.WriteHeader(http.StatusBadRequest)
		return render(q, c, &failedAction{Event: "attach_document", Form: f})
	}
}

// streamUpload sends the file part to UploadDocument as kind.
func (s *Site) streamUpload(q *req, id, kind string, part *multipart.Part) error {
	k := foiv1.DocumentKind(foiv1.DocumentKind_value["DOCUMENT_KIND_"+kind])
	if k == foiv1.DocumentKind_DOCUMENT_KIND_UNSPECIFIED {
		return fieldError("kind", "请选择材料类别")
	}
	// The raw file name, as the API's route reads it: part.FileName would
	// drop a path silently, and such names are the API's to refuse.
	_, dp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if dp["filename"] == "" {
		return fieldError("file", "请选择要上传的文件")
	}
	hd := &foiv1.DocumentHeader{ApplicationId: id, Kind: k, FileName: dp["filename"], MediaType: part.Header.Get("Content-Type")}
	ctx, cancel := context.WithCancel(q.ctx())
	defer cancel()
	stream, err := s.docs.UploadDocument(ctx)
	if err != nil {
		return err
	}
	sendErr := stream.Send(&foiv1.UploadDocumentRequest{Part: &foiv1.UploadDocumentRequest_Header{Header: hd}})
	buf := make([]byte, uploadChunk)
	for sendErr == nil {
		n, err := io.ReadFull(part, buf)
		if n > 0 {
			sendErr = stream.Send(&foiv1.UploadDocumentRequest{Part: &foiv1.UploadDocumentRequest_Chunk{Chunk: buf[:n]}})
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			cancel() // the API sees the stream fail and stores nothing
			return status.Error(codes.InvalidArgument, "上传中断，文件不完整，未保存")
		}
	}
	_, err = stream.CloseAndRecv()
	return err
}

// offerRemoval gives each document the person could have attached, and
// that is still there, its removal form (an applicant only their own);
// whether it may go now is the API's decision.
func (q *req) offerRemoval(base, id string, docs []docView, failed *failedAction) {
	kinds := uploadKinds[q.role()]
	for i := range docs {
		d := &docs[i]
		if d.Removed != "" || !slices.Contains(kinds, d.kind) || (q.role() == rApplicant && d.uploadedBy != q.me.GetId()) {
			continue
		}
		d.Remove, d.CSRF = base+id+"/documents/"+d.ID+"/remove", q.csrfToken()
		d.RemoveForm = newForm().prefixed("remove-" + d.ID + "-")
		if failed != nil && failed.Event == "remove_document" && failed.Doc == d.ID {
			d.RemoveForm, d.Open = failed.Form.prefixed("remove-"+d.ID+"-"), true
		}
	}
}

// removeDocument removes a document with the reason given: on success
// back to the case, on a refusal the case with the form's message.
func (s *Site) removeDocument(home string, render func(q *req, c *caseData, failed *failedAction) error) func(q *req) error {
	return func(q *req) error {
		id, doc := q.r.PathValue("id"), q.r.PathValue("doc")
		f := q.formFrom("reason")
		_, err := call(q, func(ctx context.Context) (*foiv1.RemoveDocumentResponse, error) {
			return s.docs.RemoveDocument(ctx, &foiv1.RemoveDocumentRequest{Id: id, Document: doc, Reason: f.get("reason")})
		})
		if err == nil {
			q.redirectWith(home+id, "已删除材料（记录保留在案卷中）")
			return nil
		}
		p := formProblems(err)
		if p == nil {
			return err
		}
		f.Errors = p
		c, err := s.loadCase(q, id)
		if err != nil {
			return err
		}
		q.w.WriteHeader(http.StatusBadRequest)
		return render(q, c, &failedAction{Event: "remove_document", Form: f, Doc: doc})
	}
}

// documentsBlock reads the documents and the upload form of a case page:
// the list when the history holds documents or the person may add one.
func (s *Site) documentsBlock(q *req, base string, c *caseData, failed *failedAction) ([]docView, *uploadView) {
	st := c.app.GetState()
	if _, ok := uploadKinds[q.role()]; !ok && !hasEvent(c.events, "attach_document") {
		return nil, nil
	}
	var docs []docView
	var limit int64
	if hasEvent(c.events, "attach_document") || q.uploadFor(base, st, 0, nil) != nil {
		docs, limit = s.documentsAndLimit(q, c.app.GetId())
	}
	up := q.uploadFor(base, st, limit, failed)
	if up != nil {
		q.offerRemoval(base, c.app.GetId(), docs, failed)
	}
	return docs, up
}

// documentFailure splits a refused upload or removal, shown by the
// documents block, from a refused action, shown by the actions block.
func documentFailure(failed *failedAction) (docs, acts *failedAction) {
	if failed != nil && (failed.Event == "attach_document" || failed.Event == "remove_document") {
		return failed, nil
	}
	return nil, failed
}

// limitText writes a size limit as the API's messages do (binary units),
// so the hint and a refusal name the same number.
func limitText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

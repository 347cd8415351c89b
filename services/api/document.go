package api

import (
	"context"
	"encoding/hex"
	"errors"
	"io"
	"strings"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/cases"
	"foi/services/errs"
)

// Documents serves foi.v1.DocumentService.
type Documents struct {
	foiv1.UnimplementedDocumentServiceServer
	docs *cases.Documents
}

// NewDocuments returns the DocumentService handlers.
func NewDocuments(docs *cases.Documents) *Documents { return &Documents{docs: docs} }

// Register adds the service to s.
func (h *Documents) Register(s grpc.ServiceRegistrar) { foiv1.RegisterDocumentServiceServer(s, h) }

// ChunkSize is how much content one message of a download carries, and
// the most one message of an upload should.
const ChunkSize = 256 << 10

// UploadDocument implements foi.v1.DocumentService.
func (h *Documents) UploadDocument(stream grpc.ClientStreamingServer[foiv1.UploadDocumentRequest, foiv1.UploadDocumentResponse]) error {
	ctx := stream.Context()
	who, err := caller(ctx)
	if err != nil {
		return err
	}
	first, err := stream.Recv()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return errs.Field("header", "上传须以材料说明（header）开始")
		}
		return err
	}
	hd := first.GetHeader()
	if hd == nil {
		return errs.Field("header", "上传须以材料说明（header）开始")
	}
	var c errs.Collector
	id := parseID(&c, "header.applicationId", hd.GetApplicationId(), true)
	if err := c.Err(); err != nil {
		return err
	}
	u := cases.Upload{
		Kind: cases.DocumentKind(enumName(hd.GetKind(), "DOCUMENT_KIND_")), FileName: hd.GetFileName(), MediaType: hd.GetMediaType(),
		Size: hd.GetSize(), SHA256: strings.ToLower(strings.TrimSpace(hd.GetSha256())), Pages: int(hd.GetPages()),
	}
	if u.Size <= 0 {
		u.Size = -1
	}
	doc, err := h.docs.Attach(ctx, who, id, u, &uploadReader{stream: stream})
	if err != nil {
		return prefixFields(err, "header.")
	}
	return stream.SendAndClose(&foiv1.UploadDocumentResponse{Document: documentProto(doc)})
}

// prefixFields puts the field violations of an upload's header under
// "header.", as the gRPC message names them; the content keeps "file".
func prefixFields(err error, prefix string) error {
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		return err
	}
	out := &errs.Invalid{}
	for _, v := range inv.Violations {
		if v.Field != "file" {
			v.Field = prefix + v.Field
		}
		out.Violations = append(out.Violations, v)
	}
	return out
}

// uploadReader reads the content chunks of an upload stream.
type uploadReader struct {
	stream grpc.ClientStreamingServer[foiv1.UploadDocumentRequest, foiv1.UploadDocumentResponse]
	cur    []byte
}

func (r *uploadReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		m, err := r.stream.Recv()
		if err != nil {
			return 0, err // io.EOF: the client sent everything
		}
		if m.GetHeader() != nil {
			return 0, errs.Field("header", "一次上传只能有一个材料说明")
		}
		r.cur = m.GetChunk()
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// ListDocuments implements foi.v1.DocumentService.
func (h *Documents) ListDocuments(ctx context.Context, req *foiv1.ListDocumentsRequest) (*foiv1.ListDocumentsResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	list, err := h.docs.List(ctx, who, id)
	if err != nil {
		return nil, err
	}
	l := h.docs.Limits()
	out := &foiv1.ListDocumentsResponse{MaxFileSize: l.PerFile, MaxCaseSize: l.PerCase}
	for _, d := range list {
		out.Documents = append(out.Documents, documentProto(d))
	}
	return out, nil
}

// DownloadDocument implements foi.v1.DocumentService.
func (h *Documents) DownloadDocument(req *foiv1.DownloadDocumentRequest, stream grpc.ServerStreamingServer[foiv1.DownloadDocumentResponse]) error {
	ctx := stream.Context()
	who, id, docID, err := callerCaseDocument(ctx, req.GetId(), req.GetDocument())
	if err != nil {
		return err
	}
	doc, rc, err := h.docs.Open(ctx, who, id, docID)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := stream.Send(&foiv1.DownloadDocumentResponse{Part: &foiv1.DownloadDocumentResponse_Document{Document: documentProto(doc)}}); err != nil {
		return err
	}
	return sendChunks(rc, func(b []byte) error {
		return stream.Send(&foiv1.DownloadDocumentResponse{Part: &foiv1.DownloadDocumentResponse_Chunk{Chunk: b}})
	})
}

// sendChunks sends what r yields in messages of up to ChunkSize bytes.
func sendChunks(r io.Reader, send func([]byte) error) error {
	buf := make([]byte, ChunkSize)
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if err := send(buf[:n]); err != nil {
				return err
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func callerCaseDocument(ctx context.Context, rawID, rawDoc string) (who actor.Actor, id, doc string, err error) {
	who, err = caller(ctx)
	if err != nil {
		return who, "", "", err
	}
	var c errs.Collector
	id = parseID(&c, "id", rawID, true)
	doc = parseID(&c, "document", rawDoc, true)
	return who, id, doc, c.Err()
}

// RemoveDocument implements foi.v1.DocumentService.
func (h *Documents) RemoveDocument(ctx context.Context, req *foiv1.RemoveDocumentRequest) (*foiv1.RemoveDocumentResponse, error) {
	who, id, docID, err := callerCaseDocument(ctx, req.GetId(), req.GetDocument())
	if err != nil {
		return nil, err
	}
	doc, err := h.docs.Remove(ctx, who, id, docID, req.GetReason())
	if err != nil {
		return nil, err
	}
	return &foiv1.RemoveDocumentResponse{Document: documentProto(doc)}, nil
}

func documentProto(d cases.Document) *foiv1.Document {
	out := &foiv1.Document{
		Id: d.ID, ApplicationId: d.ApplicationID, Kind: foiv1.DocumentKind(enumValue(foiv1.DocumentKind_value, "DOCUMENT_KIND_", string(d.Kind))),
		KindLabel: d.Kind.Label(), FileName: d.FileName, MediaType: d.MediaType, Size: d.Size, Sha256: hex.EncodeToString(d.SHA256),
		Pages: int32(d.Pages), PagesSource: d.PagesSource, UploadedBy: d.UploadedBy, UploaderRole: string(d.UploaderRole),
		UploadTime: timestamp(d.UploadedAt), EventSeq: int32(d.EventSeq), RemovalReason: d.RemovalReason, Signed: d.Signed,
	}
	if d.RemovedAt != nil {
		out.RemoveTime = timestamp(*d.RemovedAt)
	}
	return out
}

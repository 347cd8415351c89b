package api

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	foiv1 "foi/gen/foi/v1"
	"foi/services/filetype"
	"foi/services/server"
)

// The REST routes of documents call DocumentService through the gateway's
// own gRPC connection, so every interceptor (authentication, the policy,
// the access log) applies as to any other call; they only translate
// multipart bodies and file downloads.

func writeErr(w http.ResponseWriter, err error) {
	st, _ := status.FromError(err)
	server.WriteStatus(w, st)
}

func badRequest(w http.ResponseWriter, msg string) {
	server.WriteStatus(w, status.New(codes.InvalidArgument, msg))
}

// transferTimeout bounds one upload or download on the REST port, whose
// server-wide timeouts suit small JSON bodies.
const transferTimeout = time.Hour

// DocumentUploadRoute serves POST /v1/applications/{id}/documents: a
// multipart/form-data body whose fields kind (e.g. APPLICANT_MATERIAL),
// and optionally pages, size and sha256, come before the file part. The
// file streams through to DocumentService.UploadDocument; an upload cut
// short stores nothing.
var DocumentUploadRoute = server.Route{
	Method:       http.MethodPost,
	Pattern:      "/v1/applications/{id}/documents",
	StreamedBody: true,
	Handle: func(conn grpc.ClientConnInterface) runtime.HandlerFunc {
		client := foiv1.NewDocumentServiceClient(conn)
		return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
			http.NewResponseController(w).SetReadDeadline(time.Now().Add(transferTimeout))
			mr, err := r.MultipartReader()
			if err != nil {
				badRequest(w, "请以 multipart/form-data 上传材料")
				return
			}
			hd := &foiv1.DocumentHeader{ApplicationId: params["id"]}
			for {
				part, err := mr.NextPart()
				if err != nil {
					badRequest(w, "请求中没有文件（字段 file），或 multipart 正文不完整、部件头无效")
					return
				}
				if part.FormName() == "file" {
					uploadPart(w, r, client, hd, part)
					return
				}
				if msg := headerField(hd, part); msg != "" {
					badRequest(w, msg)
					return
				}
			}
		}
	},
}

// headerField reads one form field before the file into hd.
func headerField(hd *foiv1.DocumentHeader, part *multipart.Part) string {
	b, err := io.ReadAll(io.LimitReader(part, 1<<10))
	if err != nil {
		return "请求不完整"
	}
	v := strings.TrimSpace(string(b))
	switch part.FormName() {
	case "kind":
		k, ok := foiv1.DocumentKind_value["DOCUMENT_KIND_"+strings.TrimPrefix(v, "DOCUMENT_KIND_")]
		if !ok || k == 0 {
			return "kind：须为 APPLICANT_MATERIAL、PROVIDED、CONSULTEE_ANSWER、DELIVERY_PROOF、RECEIPT 或 INTERNAL"
		}
		hd.Kind = foiv1.DocumentKind(k)
	case "pages", "size":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return part.FormName() + "：须为非负整数"
		}
		if part.FormName() == "pages" {
			hd.Pages = int32(min(n, 1<<30))
		} else {
			hd.Size = n
		}
	case "sha256":
		hd.Sha256 = v
	default:
		return "没有这个字段：" + part.FormName()
	}
	return ""
}

// uploadPart streams the file part to UploadDocument and answers with the
// stored document, or the error.
func uploadPart(w http.ResponseWriter, r *http.Request, client foiv1.DocumentServiceClient, hd *foiv1.DocumentHeader, part *multipart.Part) {
	// The raw file name: multipart.Part.FileName would drop a path
	// silently, and such names are to be refused.
	_, dp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	hd.FileName, hd.MediaType = dp["filename"], part.Header.Get("Content-Type")
	ctx, cancel := context.WithCancel(outgoing(r))
	defer cancel()
	stream, err := client.UploadDocument(ctx)
	if err != nil {
		writeErr(w, err)
		return
	}
	sendErr := stream.Send(&foiv1.UploadDocumentRequest{Part: &foiv1.UploadDocumentRequest_Header{Header: hd}})
	buf := make([]byte, ChunkSize)
	for sendErr == nil {
		n, err := io.ReadFull(part, buf)
		if n > 0 {
			sendErr = stream.Send(&foiv1.UploadDocumentRequest{Part: &foiv1.UploadDocumentRequest_Chunk{Chunk: buf[:n]}})
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			cancel() // the server sees the stream fail and stores nothing
			badRequest(w, "上传中断，文件不完整，未保存")
			return
		}
	}
	// After a failed Send (the server refused early) the status says why.
	res, err := stream.CloseAndRecv()
	if err != nil {
		writeErr(w, err)
		return
	}
	body, _ := protojson.MarshalOptions{EmitUnpopulated: true}.Marshal(res)
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// DocumentDownloadRoute serves GET
// /v1/applications/{id}/documents/{document}/content: the file itself,
// named in Content-Disposition (RFC 6266, with RFC 5987 filename* for
// Chinese names).
var DocumentDownloadRoute = server.Route{
	Method:  http.MethodGet,
	Pattern: "/v1/applications/{id}/documents/{document}/content",
	Handle: func(conn grpc.ClientConnInterface) runtime.HandlerFunc {
		client := foiv1.NewDocumentServiceClient(conn)
		return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
			stream, err := client.DownloadDocument(outgoing(r), &foiv1.DownloadDocumentRequest{Id: params["id"], Document: params["document"]})
			if err != nil {
				writeErr(w, err)
				return
			}
			first, err := stream.Recv()
			if err != nil {
				writeErr(w, err)
				return
			}
			d := first.GetDocument()
			h := w.Header()
			h.Set("Content-Type", d.GetMediaType())
			h.Set("Content-Length", strconv.FormatInt(d.GetSize(), 10))
			h.Set("Content-Disposition", filetype.ContentDisposition(d.GetFileName()))
			if sum, err := hex.DecodeString(d.GetSha256()); err == nil {
				h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
			}
			streamBody(w, func() ([]byte, error) {
				m, err := stream.Recv()
				return m.GetChunk(), err
			})
		}
	},
}

// streamBody writes the chunks next yields until io.EOF. A failure once
// the response has begun aborts it, so the client sees a cut transfer and
// never a short file that looks whole.
func streamBody(w http.ResponseWriter, next func() ([]byte, error)) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(transferTimeout))
	for {
		b, err := next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		if _, err := w.Write(b); err != nil {
			return
		}
	}
}

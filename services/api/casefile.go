package api

import (
	"archive/zip"
	"bufio"
	"net/http"
	"strconv"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/errs"
	"foi/services/filetype"
	"foi/services/server"
)

// chunkWriter sends what is written to it as FileChunk messages, the first
// naming the file.
type chunkWriter struct {
	send func(*foiv1.FileChunk) error
	name string
	sent bool
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	c := &foiv1.FileChunk{Data: p}
	if !w.sent {
		c.FileName, c.MediaType, w.sent = w.name, "application/zip", true
	}
	if err := w.send(c); err != nil {
		return 0, err
	}
	return len(p), nil
}

// zipStream runs write on a ZIP archive streamed as chunks of ChunkSize.
func zipStream(name string, send func(*foiv1.FileChunk) error, write func(z *zip.Writer) error) error {
	cw := &chunkWriter{send: send, name: name}
	bw := bufio.NewWriterSize(cw, ChunkSize)
	z := zip.NewWriter(bw)
	if err := write(z); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// ExportCaseFile implements foi.v1.DocumentService.
func (h *Documents) ExportCaseFile(req *foiv1.ExportCaseFileRequest, stream grpc.ServerStreamingServer[foiv1.ExportCaseFileResponse]) error {
	ctx := stream.Context()
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return err
	}
	cf, err := h.docs.CaseFile(ctx, who, id)
	if err != nil {
		return err
	}
	send := func(c *foiv1.FileChunk) error { return stream.Send(&foiv1.ExportCaseFileResponse{Chunk: c}) }
	return zipStream(cf.Name(), send, func(z *zip.Writer) error { return h.docs.WriteCaseFile(ctx, cf, z, "") })
}

// ExportAgencyCaseFiles implements foi.v1.DocumentService.
func (h *Documents) ExportAgencyCaseFiles(req *foiv1.ExportAgencyCaseFilesRequest, stream grpc.ServerStreamingServer[foiv1.ExportAgencyCaseFilesResponse]) error {
	ctx := stream.Context()
	who, err := caller(ctx)
	if err != nil {
		return err
	}
	var c errs.Collector
	agencyID := parseID(&c, "agencyId", req.GetAgencyId(), true)
	if err := c.Err(); err != nil {
		return err
	}
	send := func(c *foiv1.FileChunk) error { return stream.Send(&foiv1.ExportAgencyCaseFilesResponse{Chunk: c}) }
	year := int(req.GetYear())
	return zipStream(caseFilesName(year), send, func(z *zip.Writer) error {
		return h.docs.WriteAgencyExport(ctx, who, agencyID, year, z)
	})
}

func caseFilesName(year int) string { return "案卷-" + strconv.Itoa(year) + ".zip" }

// CaseFileRoute serves GET /v1/applications/{id}/casefile: the ZIP
// archive of a closed case.
var CaseFileRoute = server.Route{
	Method:  http.MethodGet,
	Pattern: "/v1/applications/{id}/casefile",
	Handle: func(conn grpc.ClientConnInterface) runtime.HandlerFunc {
		client := foiv1.NewDocumentServiceClient(conn)
		return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
			stream, err := client.ExportCaseFile(outgoing(r), &foiv1.ExportCaseFileRequest{Id: params["id"]})
			if err != nil {
				writeErr(w, err)
				return
			}
			serveChunks(w, func() (*foiv1.FileChunk, error) {
				m, err := stream.Recv()
				return m.GetChunk(), err
			})
		}
	},
}

// AgencyCaseFilesRoute serves GET /v1/agencies/{agency}/casefiles/{year}:
// the case files of the agency's cases closed that year, one folder each.
var AgencyCaseFilesRoute = server.Route{
	Method:  http.MethodGet,
	Pattern: "/v1/agencies/{agency}/casefiles/{year}",
	Handle: func(conn grpc.ClientConnInterface) runtime.HandlerFunc {
		client := foiv1.NewDocumentServiceClient(conn)
		return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
			year, err := strconv.Atoi(params["year"])
			if err != nil {
				badRequest(w, "year：须为年份，如 2026")
				return
			}
			stream, err := client.ExportAgencyCaseFiles(outgoing(r), &foiv1.ExportAgencyCaseFilesRequest{AgencyId: params["agency"], Year: int32(year)})
			if err != nil {
				writeErr(w, err)
				return
			}
			serveChunks(w, func() (*foiv1.FileChunk, error) {
				m, err := stream.Recv()
				return m.GetChunk(), err
			})
		}
	},
}

// serveChunks answers with a streamed file: the first chunk (or the error
// that came instead) decides the status and names the file.
func serveChunks(w http.ResponseWriter, next func() (*foiv1.FileChunk, error)) {
	first, err := next()
	if err != nil {
		writeErr(w, err)
		return
	}
	w.Header().Set("Content-Type", first.GetMediaType())
	w.Header().Set("Content-Disposition", filetype.ContentDisposition(first.GetFileName()))
	pending := first.GetData()
	streamBody(w, func() ([]byte, error) {
		if pending != nil {
			b := pending
			pending = nil
			return b, nil
		}
		c, err := next()
		return c.GetData(), err
	})
}

package main

import (
	"bytes"
	"context"
	"io"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
	"foi/services/filetype"
)

// TestDocumentsOverGRPC uploads in chunks over a client stream and reads
// back over a server stream; an upload cut off, or without its header,
// stores nothing.
func TestDocumentsOverGRPC(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	id := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "")).want(t, 200).str("application.id")
	client := foiv1.NewDocumentServiceClient(ts.conn)
	ctx := withToken(p.tokens["applicant"])

	text := bytes.Repeat([]byte("补正材料：申请人所需信息为示范区2025年老旧小区改造项目清单。\n"), 20000) // ~1.6 MB
	header := &foiv1.DocumentHeader{ApplicationId: id, Kind: foiv1.DocumentKind_DOCUMENT_KIND_APPLICANT_MATERIAL,
		FileName: "补正说明.txt", Size: int64(len(text)), Sha256: hexSum(text)}
	send := func(ctx context.Context, h *foiv1.DocumentHeader, data []byte, finish bool) (*foiv1.UploadDocumentResponse, error) {
		stream, err := client.UploadDocument(ctx)
		if err != nil {
			return nil, err
		}
		if h != nil {
			stream.Send(&foiv1.UploadDocumentRequest{Part: &foiv1.UploadDocumentRequest_Header{Header: h}})
		}
		for len(data) > 0 {
			n := min(len(data), 100_000)
			if err := stream.Send(&foiv1.UploadDocumentRequest{Part: &foiv1.UploadDocumentRequest_Chunk{Chunk: data[:n]}}); err != nil {
				break
			}
			data = data[n:]
		}
		if !finish {
			return nil, nil
		}
		return stream.CloseAndRecv()
	}
	res, err := send(ctx, header, text, true)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if d := res.GetDocument(); d.GetSize() != int64(len(text)) || d.GetMediaType() != filetype.Text.MediaType || d.GetSha256() != hexSum(text) {
		t.Errorf("uploaded: %v", d)
	}

	dl, err := client.DownloadDocument(ctx, &foiv1.DownloadDocumentRequest{Id: id, Document: res.GetDocument().GetId()})
	if err != nil {
		t.Fatal(err)
	}
	first, err := dl.Recv()
	if err != nil || first.GetDocument().GetFileName() != "补正说明.txt" {
		t.Fatalf("first message: %v, %v", first, err)
	}
	var got bytes.Buffer
	for {
		m, err := dl.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got.Write(m.GetChunk())
	}
	if !bytes.Equal(got.Bytes(), text) {
		t.Errorf("downloaded %d bytes, differing from the %d uploaded", got.Len(), len(text))
	}

	blobs, docs := ts.countRows(t, "blobs"), ts.countRows(t, "documents")
	other := append([]byte("另一份："), text...)
	for _, bad := range []struct {
		what string
		h    *foiv1.DocumentHeader
		data []byte
		code codes.Code
	}{
		{"no header", nil, other, codes.InvalidArgument},
		{"truncated", &foiv1.DocumentHeader{ApplicationId: id, Kind: header.Kind, FileName: "a.txt", Size: int64(len(other)) + 1}, other, codes.InvalidArgument},
		{"bad id", &foiv1.DocumentHeader{ApplicationId: "x", Kind: header.Kind, FileName: "a.txt"}, other, codes.InvalidArgument},
		{"no such case", &foiv1.DocumentHeader{ApplicationId: "00000000-0000-4000-8000-000000000000", Kind: header.Kind, FileName: "a.txt"}, other, codes.NotFound},
	} {
		_, err := send(ctx, bad.h, bad.data, true)
		if status.Code(err) != bad.code {
			t.Errorf("%s: %v, want %s", bad.what, err, bad.code)
		}
	}
	// A client that goes away mid-upload.
	cut, cancel := context.WithCancel(ctx)
	send(cut, &foiv1.DocumentHeader{ApplicationId: id, Kind: header.Kind, FileName: "a.txt"}, other[:len(other)/2], false)
	cancel()
	if b, d := ts.countRows(t, "blobs"), ts.countRows(t, "documents"); b != blobs || d != docs {
		t.Errorf("refused uploads stored something: blobs %d -> %d, documents %d -> %d", blobs, b, docs, d)
	}
	// The other applicant neither reads nor lists it.
	ctx2 := withToken(p.tokens["applicant2"])
	if _, err := client.ListDocuments(ctx2, &foiv1.ListDocumentsRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Errorf("another applicant lists: %v", err)
	}
}

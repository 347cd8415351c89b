package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"
)

// pdfStream yields size bytes of a PDF-looking file (a header, then
// incompressible noise) without holding them: the benchmark's client must
// not be what uses the memory.
func pdfStream(size int64, seed uint64) io.Reader {
	header := "%PDF-1.4\n"
	return io.MultiReader(io.LimitReader(stringsReader(header), int64(len(header))),
		io.LimitReader(rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)}), size-int64(len(header))))
}

type stringsReader string

func (s stringsReader) Read(p []byte) (int, error) { return copy(p, s), nil }

// heapPeak samples the heap in use until stopped and reports the peak
// above the level at start, in MiB.
func heapPeak() (stop func() float64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(peak-base) / (1 << 20)
	}
}

// uploadStream posts size bytes as a multipart upload, streaming the body.
func (ts *testServer) uploadStream(b *testing.B, caseID, token string, size int64, seed uint64) string {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("kind", "APPLICANT_MATERIAL")
		w, _ := mw.CreateFormFile("file", "大文件.pdf")
		io.Copy(w, pdfStream(size, seed))
		pw.CloseWithError(mw.Close())
	}()
	req, _ := http.NewRequest("POST", "http://"+ts.httpAddr+"/v1/applications/"+caseID+"/documents", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	r := ts.do(b, req)
	if r.status != 200 {
		b.Fatalf("upload: HTTP %d %s", r.status, r.raw)
	}
	return r.str("document.id")
}

// BenchmarkDocumentTransfer uploads and downloads one file over REST at
// 5 and 50 MiB, reporting MB/s and the peak growth of the process's heap
// (server and client together) during the transfer: it must not grow with
// the file.
//
//	go test ./cmd/foid -run '^$' -bench DocumentTransfer -benchtime 3x
func BenchmarkDocumentTransfer(b *testing.B) {
	cfg := testConfig(b)
	cfg.MaxFileSize, cfg.MaxCaseSize = 64<<20, 0
	ts := startWith(b, cfg)
	p := ts.bootstrap(b)
	caseID := ts.rest(b, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "")).want(b, 200).str("application.id")
	for _, mib := range []int64{5, 50} {
		size := mib << 20
		var docID string
		b.Run(fmt.Sprintf("upload/%dMiB", mib), func(b *testing.B) {
			b.SetBytes(size)
			seed, peak := uint64(mib)<<32, 0.0
			for b.Loop() {
				seed++
				stop := heapPeak()
				docID = ts.uploadStream(b, caseID, p.tokens["applicant"], size, seed)
				peak = max(peak, stop())
			}
			b.ReportMetric(peak, "peak-heap-MiB")
		})
		b.Run(fmt.Sprintf("download/%dMiB", mib), func(b *testing.B) {
			b.SetBytes(size)
			peak := 0.0
			for b.Loop() {
				stop := heapPeak()
				req, _ := http.NewRequest("GET", "http://"+ts.httpAddr+"/v1/applications/"+caseID+"/documents/"+docID+"/content", nil)
				req.Header.Set("Authorization", "Bearer "+p.tokens["applicant"])
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				peak = max(peak, stop())
				if n != size {
					b.Fatalf("downloaded %d bytes of %d", n, size)
				}
			}
			b.ReportMetric(peak, "peak-heap-MiB")
		})
	}
}

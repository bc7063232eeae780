package transfer_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	imongo "github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/transfer"
)

// fillBench writes n idea-like documents (about 1 KB each, with nested decisions) spread
// over 16 collections, and a 4 MiB GridFS file.
func fillBench(b *testing.B, db *imongo.DB, n int) {
	b.Helper()
	ctx := context.Background()
	text := strings.Repeat("Bürgeramt Termine digital vergeben, Wartezeit senken. ", 10)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for c := 0; c < 16; c++ {
		var batch []any
		for k := c; k < n; k += 16 {
			batch = append(batch, bson.D{
				{Key: "_id", Value: fmt.Sprintf("idea-%07d", k)}, {Key: "tenantId", Value: "t1"},
				{Key: "title", Value: fmt.Sprintf("Idee Nummer %d", k)}, {Key: "description", Value: text},
				{Key: "stage", Value: "evaluation"}, {Key: "supportCount", Value: int32(k % 50)}, {Key: "version", Value: int64(3)},
				{Key: "createdAt", Value: at.Add(time.Duration(k) * time.Minute)},
				{Key: "decisions", Value: bson.A{
					bson.D{{Key: "from", Value: "draft"}, {Key: "to", Value: "submitted"}, {Key: "at", Value: at}},
					bson.D{{Key: "from", Value: "submitted"}, {Key: "to", Value: "screening"}, {Key: "at", Value: at}, {Key: "score", Value: 3.75}},
				}},
			})
			if len(batch) == 500 {
				if _, err := db.Collection(fmt.Sprintf("ideas_%02x", c)).InsertMany(ctx, batch); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		if len(batch) > 0 {
			if _, err := db.Collection(fmt.Sprintf("ideas_%02x", c)).InsertMany(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
	}
	content := make([]byte, 4<<20)
	_, _ = rand.Read(content)
	bucket := db.GridFSBucket("files_00")
	if err := bucket.UploadFromStreamWithID(ctx, "att", "big.pdf", bytes.NewReader(content)); err != nil {
		b.Fatal(err)
	}
}

// peakHeap samples the heap in use every few milliseconds while it runs. The embedded
// store runs in the same process, so its memory is part of the figure.
type peakHeap struct {
	stop chan struct{}
	wg   sync.WaitGroup
	max  atomic.Uint64
}

func startPeak() *peakHeap {
	runtime.GC()
	p := &peakHeap{stop: make(chan struct{})}
	p.wg.Go(func() {
		var m runtime.MemStats
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > p.max.Load() {
				p.max.Store(m.HeapInuse)
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	})
	return p
}

func (p *peakHeap) done() float64 {
	close(p.stop)
	p.wg.Wait()
	return float64(p.max.Load()) / (1 << 20)
}

// BenchmarkExportImport measures both directions on the embedded store: documents per
// second and the peak heap of the process (store included) for two database sizes, so
// that constant memory shows as a peak that does not grow with the size.
//
//	go test -run '^$' -bench ExportImport -benchtime 1x ./internal/transfer/
func BenchmarkExportImport(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			ctx := context.Background()
			src := mongotest.MustOpenDB(b)
			fillBench(b, src, n)
			docs := float64(n + 1 + 16) // + the GridFS file document and its 16 chunks
			var expSec, impSec, expPeak, impPeak, size float64
			for i := 0; i < b.N; i++ {
				path := filepath.Join(b.TempDir(), "bench.jsonl.gz")
				f, err := os.Create(path)
				if err != nil {
					b.Fatal(err)
				}
				p := startPeak()
				start := time.Now()
				sum, err := transfer.Export(ctx, src, f, transfer.ExportOptions{})
				expSec += time.Since(start).Seconds()
				expPeak = max(expPeak, p.done())
				_ = f.Close()
				if err != nil {
					b.Fatal(err)
				}
				size = float64(sum.Bytes)

				dst := mongotest.MustOpenDB(b)
				p = startPeak()
				start = time.Now()
				is, err := transfer.Import(ctx, dst, opener(path), transfer.ImportOptions{EnsureIndexes: dst.EnsureIndexes})
				impSec += time.Since(start).Seconds()
				impPeak = max(impPeak, p.done())
				if err != nil {
					b.Fatal(err)
				}
				if is.Documents < int64(n) {
					b.Fatalf("imported %d documents", is.Documents)
				}
			}
			runs := float64(b.N)
			b.ReportMetric(docs*runs/expSec, "export-docs/s")
			b.ReportMetric(docs*runs/impSec, "import-docs/s")
			b.ReportMetric(expPeak, "export-peak-heap-MiB")
			b.ReportMetric(impPeak, "import-peak-heap-MiB")
			b.ReportMetric(size/(1<<20), "file-MiB")
		})
	}
}

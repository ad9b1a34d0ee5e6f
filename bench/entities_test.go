package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
)

// BenchmarkEntityClusters is what the index's entity view costs each time
// it follows a generation: resolving the compact part of every record
// (resolver.Compact, as the rows keep it) of a generated corpus. It reports
// the compact records' JSON size per record too, what each row persists,
// the heap the result holds once the resolve is done (held-MB), and the
// most heap seen during the resolves beyond the records (peak-MB).
//
//	go -C bench test -run XXX -bench EntityClusters -benchtime 2x -benchmem .
//
// benchSizes are the corpus sizes of BenchmarkEntityClusters; BENCH_N
// (comma-separated) overrides them.
func benchSizes() []int {
	v := os.Getenv("BENCH_N")
	if v == "" {
		return []int{20000, 100000}
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// liveHeap is the bytes of live heap objects after a collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// watchHeap sends on peak the most heap in objects (live or not yet
// collected) seen every 5 ms until stop is closed: what a resolve adds to
// the process's peak. runtime/metrics reads it without stopping the world.
func watchHeap(stop <-chan struct{}, peak chan<- int64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	top := int64(0)
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(sample)
		top = max(top, int64(sample[0].Value.Uint64()))
		select {
		case <-stop:
			peak <- top
			return
		case <-t.C:
		}
	}
}

func BenchmarkEntityClusters(b *testing.B) {
	g := NewGenerator(1)
	for _, n := range benchSizes() {
		recs := make([]record.Record, n)
		size := 0
		for i := range recs {
			recs[i] = resolver.Compact(g.Record(i))
			j, _ := json.Marshal(recs[i])
			size += len(j)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var res resolver.Result
			base := liveHeap()
			stop := make(chan struct{})
			peak := make(chan int64)
			go watchHeap(stop, peak)
			for b.Loop() {
				res = resolver.Resolve(recs, resolver.Options{})
			}
			close(stop)
			top := <-peak - base
			// What a view keeps of a resolve: the heap still live once it
			// is done, beyond the records it read.
			held := liveHeap() - base
			b.ReportMetric(float64(size)/float64(n), "compact-bytes/record")
			b.ReportMetric(float64(len(res.Clusters())), "clusters")
			b.ReportMetric(float64(held)/1e6, "held-MB")
			b.ReportMetric(float64(top)/1e6, "peak-MB")
		})
	}
}

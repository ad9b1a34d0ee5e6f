package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
)

// BenchmarkEntityClusters is what the index's entity view costs each time
// it follows a generation: resolving the compact part of every record
// (resolver.Compact, as the rows keep it) of a generated corpus. It reports
// the compact records' JSON size per record too, what each row persists.
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
			clusters := 0
			for b.Loop() {
				clusters = len(resolver.Resolve(recs, resolver.Options{}).Clusters)
			}
			b.ReportMetric(float64(size)/float64(n), "compact-bytes/record")
			b.ReportMetric(float64(clusters), "clusters")
		})
	}
}

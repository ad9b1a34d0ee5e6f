package resolver

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

// TestCompactResolvesAlike: the index resolves compact records
// (Compact), the clusters command whole ones; both must give the same
// clusters, evidence and prizes, long bodies and session speakers included.
func TestCompactResolvesAlike(t *testing.T) {
	recs := benchCorpus(3000)
	for i := range recs {
		r := &recs[i]
		switch i % 7 {
		case 0:
			r.Body = strings.Repeat("Notes on the programme of "+r.Organization+". ", 300)
		case 1:
			r.Prize = &record.Prize{Year: 2015, Status: record.PrizeWinner}
			r.Keywords, r.ActionLines = []string{"ignored"}, []string{"C7"}
		}
	}
	whole := Resolve(recs, Options{})
	compact := make([]record.Record, len(recs))
	for i, r := range recs {
		compact[i] = Compact(r)
	}
	got, want := Resolve(compact, Options{}).Clusters(), whole.Clusters()
	if len(got) != len(want) {
		t.Fatalf("%d clusters from compact records, %d from whole ones", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("cluster %d differs:\ncompact %+v\nwhole   %+v", i, got[i], want[i])
		}
	}
}

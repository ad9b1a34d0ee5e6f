package indexer

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wsis-tools/stocktake/record"
)

// TestTextQueueSplitsLargeBatches checks that a committed batch larger than
// textBatch is indexed in parts (bounding the analysed text held at once),
// and that the text generation reaches the batch's sequence only with its
// last part.
func TestTextQueueSplitsLargeBatches(t *testing.T) {
	tests := []struct {
		name            string
		recs, ids, gone int
		want            []int // part sizes
	}{
		{"small", 3, 0, 1, []int{4}},
		{"exactly one batch", textBatch, 0, 0, []int{textBatch}},
		{"records", 2*textBatch + 50, 0, 0, []int{textBatch, textBatch, 50}},
		{"records, ids and deletions", textBatch - 10, textBatch, 30, []int{textBatch, textBatch, 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newTextQueue(1)
			it := textItem{seq: 2}
			for i := range tt.recs {
				it.recs = append(it.recs, record.Record{ID: fmt.Sprint("r", i)})
			}
			for i := range tt.ids {
				it.ids = append(it.ids, fmt.Sprint("i", i))
			}
			for i := range tt.gone {
				it.gone = append(it.gone, fmt.Sprint("g", i))
			}
			q.push(it, true)
			seen := map[string]bool{}
			var sizes []int
			for range tt.want {
				items, ok := q.take()
				if !ok || len(items) != 1 {
					t.Fatalf("take: %d items, ok %v", len(items), ok)
				}
				part := items[0]
				sizes = append(sizes, part.size())
				for _, ids := range [][]string{part.ids, part.gone} {
					for _, id := range ids {
						seen[id] = true
					}
				}
				for _, r := range part.recs {
					seen[r.ID] = true
				}
				last := len(sizes) == len(tt.want)
				if (part.seq == 2) != last {
					t.Errorf("part %d has seq %d; only the last part carries the batch's", len(sizes), part.seq)
				}
				q.done(items, part.seq, nil)
				if gen, _, _ := q.status(); (gen == 2) != last {
					t.Errorf("after part %d the text is at %d", len(sizes), gen)
				}
			}
			if fmt.Sprint(sizes) != fmt.Sprint(tt.want) {
				t.Errorf("parts %v, want %v", sizes, tt.want)
			}
			if len(seen) != tt.recs+tt.ids+tt.gone {
				t.Errorf("%d distinct records indexed, want %d", len(seen), tt.recs+tt.ids+tt.gone)
			}
			if _, backlog, _ := q.status(); backlog != 0 || q.held != 0 {
				t.Errorf("backlog %d, held %d after every part", backlog, q.held)
			}
		})
	}
}

// TestTextQueueSettlesOnlyWhenDrained: a rebuild queues its batches at
// generation 0, which the text reflects from the start; wait returns at
// once, settle only when the queue is empty, or on an error.
func TestTextQueueSettlesOnlyWhenDrained(t *testing.T) {
	tests := []struct {
		name string
		fail error
	}{
		{"indexed", nil},
		{"indexer failed", errors.New("disk full")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newTextQueue(0)
			q.push(textItem{recs: []record.Record{{ID: "a"}, {ID: "b"}}}, true)
			ctx := context.Background()
			if err := q.wait(ctx, 0); err != nil {
				t.Fatalf("wait: %v", err)
			}
			short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
			defer cancel()
			if err := q.settle(short, 0); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("settle with two records queued: %v, want the deadline", err)
			}
			settled := make(chan error, 1)
			go func() { settled <- q.settle(ctx, 0) }()
			items, _ := q.take()
			q.done(items, 0, tt.fail)
			if err := <-settled; !errors.Is(err, tt.fail) {
				t.Errorf("settle: %v, want %v", err, tt.fail)
			}
		})
	}
}

package indexer

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
)

// The full text follows the views in the background: Apply makes a batch
// filterable at once and queues it here; one goroutine indexes the queue in
// Bleve batches and records, in the same Bleve batch, the store sequence it
// reached. A crash loses only the queue, which the catalog re-applies from
// the store's change log on the next start.

// maxQueued bounds the records the queue holds. Past it, batches are queued
// by id and read back from the store when their turn comes, so an import
// that outruns the text indexer costs memory for ids only.
const maxQueued = 2000

type textItem struct {
	seq  uint64
	recs []record.Record
	ids  []string // records to read back (queued past maxQueued)
	gone []string // records deleted from the store
}

func (it textItem) size() int { return len(it.recs) + len(it.ids) + len(it.gone) }

// split cuts the first n records off it. The head carries no sequence: the
// text reaches it.seq only once the rest is indexed too, so a crash between
// the parts catches the whole batch up again (indexing is idempotent).
func (it textItem) split(n int) (head, rest textItem) {
	rest = it
	head.recs = cutFront(&rest.recs, &n)
	head.ids = cutFront(&rest.ids, &n)
	head.gone = cutFront(&rest.gone, &n)
	return head, rest
}

// cutFront takes up to *n elements off the front of *xs, and counts them
// off *n.
func cutFront[T any](xs *[]T, n *int) []T {
	k := min(*n, len(*xs))
	head := (*xs)[:k:k]
	*xs = (*xs)[k:]
	*n -= k
	return head
}

type textQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	items   []textItem
	held    int    // records held in items
	backlog int    // records queued and not yet indexed
	gen     uint64 // store sequence the text index reflects
	err     error  // the indexer stopped on this
	closed  bool
}

func newTextQueue(gen uint64) *textQueue {
	q := &textQueue{gen: gen}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push queues a batch; past maxQueued, by id when a record getter exists.
// Once the indexer stopped on an error nothing is queued: the next start
// catches the text up from the store.
func (q *textQueue) push(it textItem, canReadBack bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return
	}
	if q.held+len(it.recs) > maxQueued && canReadBack {
		for _, r := range it.recs {
			it.ids = append(it.ids, r.ID)
		}
		it.recs = nil
	}
	q.items = append(q.items, it)
	q.held += len(it.recs)
	q.backlog += it.size()
	q.cond.Broadcast()
}

// textBatch bounds the records of one Bleve batch. Bleve holds a batch's
// analysed text in memory until its segment is built (about 0.15 MB per
// record with the pair fields), so this bounds the indexer's memory; larger
// batches measured no faster (indexer/bench_test.go).
const textBatch = 200

// take waits for work and returns up to textBatch records' worth of items;
// an item larger than that (an import transaction holds up to BatchSize
// records) comes in parts. ok is false once the queue is closed.
func (q *textQueue) take() (items []textItem, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return nil, false
	}
	if q.items[0].size() > textBatch {
		head, rest := q.items[0].split(textBatch)
		q.items[0] = rest
		return []textItem{head}, true
	}
	n := 0
	for len(q.items) > 0 && (len(items) == 0 || n+q.items[0].size() <= textBatch) {
		n += q.items[0].size()
		items = append(items, q.items[0])
		q.items[0] = textItem{} // the queue's array must not keep it alive
		q.items = q.items[1:]
	}
	return items, true
}

// done records that items were indexed up to seq, or failed with err.
func (q *textQueue) done(items []textItem, seq uint64, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, it := range items {
		q.held -= len(it.recs)
		q.backlog -= it.size()
	}
	if err != nil && q.err == nil {
		q.err = err
	}
	if err == nil && seq > q.gen {
		q.gen = seq
	}
	q.cond.Broadcast()
}

func (q *textQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Broadcast()
	q.mu.Unlock()
}

// wait blocks until the text index reflects gen, the indexer failed, or
// ctx is done.
func (q *textQueue) wait(ctx context.Context, gen uint64) error { return q.until(ctx, gen, false) }

// settle is wait, and then until nothing is queued either: a rebuild
// applies its batches at generation 0, which the text reflects from the
// start, so only the empty queue says its text has caught up.
func (q *textQueue) settle(ctx context.Context, gen uint64) error { return q.until(ctx, gen, true) }

func (q *textQueue) until(ctx context.Context, gen uint64, drained bool) error {
	stop := context.AfterFunc(ctx, func() {
		q.mu.Lock()
		q.cond.Broadcast()
		q.mu.Unlock()
	})
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	for (q.gen < gen || drained && q.backlog > 0) && q.err == nil && !q.closed {
		if err := ctx.Err(); err != nil {
			return err
		}
		q.cond.Wait()
	}
	if q.err != nil {
		return q.err
	}
	if q.gen < gen {
		return errors.New("indexer: closed before the text caught up")
	}
	return nil
}

// status returns the text generation and the records waiting.
func (q *textQueue) status() (gen uint64, backlog int, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.gen, q.backlog, q.err
}

// follow indexes queued batches until the queue closes. A failed batch
// stops the follower: the text then stays at the last sequence it reached,
// which the next start catches up from.
func (ix *Index) follow(records RecordGetter, log zerolog.Logger) {
	defer close(ix.followed)
	defer func() {
		if p := recover(); p != nil {
			log.Error().Interface("panic", p).Bytes("stack", debug.Stack()).Msg("text indexer stopped")
			// Bleve panicked on its own files: the index must be rebuilt.
			ix.queue.done(nil, 0, fmt.Errorf("indexer: text indexer panicked: %w: %v", ErrStale, p))
		}
	}()
	for {
		items, ok := ix.queue.take()
		if !ok {
			return
		}
		seq, err := ix.indexText(items, records)
		if err != nil {
			log.Error().Err(err).Msg("text indexer stopped; the next start catches up")
		} else if seq > ix.text.gen.Load() {
			ix.text.gen.Store(seq)
		}
		ix.queue.done(items, seq, err)
		if err != nil {
			return
		}
	}
}

// indexText indexes items in one Bleve batch, with the sequence they reach.
func (ix *Index) indexText(items []textItem, records RecordGetter) (uint64, error) {
	ctx := context.Background()
	b := ix.text.bi.NewBatch()
	var seq uint64
	for _, it := range items {
		for _, r := range it.recs {
			if err := b.IndexAdvanced(ix.text.an.document(r)); err != nil {
				return 0, fmt.Errorf("indexer: %s: %w", r.ID, err)
			}
		}
		for _, id := range it.ids {
			r, err := records.Get(ctx, id)
			if errors.Is(err, record.ErrNotFound) {
				b.Delete(id)
				continue
			}
			if err != nil {
				return 0, fmt.Errorf("indexer: read back %s: %w", id, err)
			}
			if err := b.IndexAdvanced(ix.text.an.document(r)); err != nil {
				return 0, fmt.Errorf("indexer: %s: %w", id, err)
			}
		}
		for _, id := range it.gone {
			b.Delete(id)
		}
		seq = max(seq, it.seq)
	}
	if cur, _, _ := ix.queue.status(); seq > cur {
		b.SetInternal(keySeq, u64(seq))
	}
	if err := ix.text.bi.Batch(b); err != nil {
		return 0, fmt.Errorf("indexer: batch: %w", err)
	}
	return seq, nil
}

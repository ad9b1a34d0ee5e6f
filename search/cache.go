package search

import (
	"container/list"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/wsis-tools/stocktake/indexer"
)

// cacheSize is how many responses the cache keeps. Broad pages (the landing
// page, one facet clicked) repeat a lot and are the expensive ones: their
// facet counts run over most of the index.
const cacheSize = 512

// responseCache is a small LRU of responses keyed by the request and the
// generation (the store sequence the views and the text reflect), so any
// import makes every older entry unreachable.
type responseCache struct {
	mu    sync.Mutex
	ll    *list.List
	items map[string]*list.Element
}

type cacheEntry struct {
	key  string
	resp Response
}

func (c *responseCache) get(key string) (Response, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*cacheEntry).resp, true
	}
	return Response{}, false
}

func (c *responseCache) put(key string, resp Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ll == nil {
		c.ll, c.items = list.New(), map[string]*list.Element{}
	}
	if el, ok := c.items[key]; ok {
		el.Value.(*cacheEntry).resp = resp
		c.ll.MoveToFront(el)
		return
	}
	c.items[key] = c.ll.PushFront(&cacheEntry{key: key, resp: resp})
	for c.ll.Len() > cacheSize {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.items, old.Value.(*cacheEntry).key)
	}
}

// cacheKey is a canonical form of req at one generation of the views and
// of the full text (which may lag behind during an import).
func cacheKey(snap *indexer.Snapshot, ents *indexer.Entities, req Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00%d\x00%s\x00%s\x00%d\x00%d\x00%s", snap.Gen(), snap.TextGen(), req.Q, req.Sort, req.Page, req.Size, req.Records)
	if ents != nil {
		gen, links := ents.EntityGen()
		fmt.Fprintf(&b, "\x00%d\x00%d", gen, links)
	}
	names := make([]string, 0, len(req.Filters))
	for k := range req.Filters {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		vals := slices.Clone(req.Filters[k])
		sort.Strings(vals)
		fmt.Fprintf(&b, "\x00%s=%s", k, strings.Join(vals, "\x01"))
	}
	return b.String()
}

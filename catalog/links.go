package catalog

import (
	"context"
	"fmt"

	"github.com/wsis-tools/stocktake/resolver"
	"github.com/wsis-tools/stocktake/store"
)

// Staff links (store.Link) are decisions about entity resolution that the
// index's clusters follow. Setting one goes through the catalog, so the
// store and the index's clusters stay in step; the clusters are computed
// again in the background (Index.WaitEntities).

// SetLink records that a and b are one entity (store.Join) or are not
// (store.Split), and has the clusters follow it.
func (c *Catalog) SetLink(ctx context.Context, a, b resolver.Ref, kind store.LinkKind) error {
	return c.linkWrite(ctx, func() error { return c.st.SetLink(ctx, a.String(), b.String(), kind) })
}

// ClearLink removes the staff decision about a and b (store.ErrNotFound
// when there is none).
func (c *Catalog) ClearLink(ctx context.Context, a, b resolver.Ref) error {
	return c.linkWrite(ctx, func() error { return c.st.ClearLink(ctx, a.String(), b.String()) })
}

// linkWrite changes the links in the store and hands them to the index.
func (c *Catalog) linkWrite(ctx context.Context, write func() error) error {
	if err := c.beforeWrite(); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.storeWrite(write); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	return c.followLinks(ctx)
}

// Overrides reads the staff links as resolver overrides.
func (c *Catalog) Overrides(ctx context.Context) ([]resolver.Override, error) {
	links, err := c.st.Links(ctx)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	out := make([]resolver.Override, 0, len(links))
	for _, l := range links {
		a, errA := resolver.ParseRef(l.A)
		b, errB := resolver.ParseRef(l.B)
		if errA != nil || errB != nil {
			continue // written through SetLink, so always parseable; one bad link must not stop the others
		}
		out = append(out, resolver.Override{A: a, B: b, Join: l.Kind == store.Join})
	}
	return out, nil
}

// followLinks hands the store's links to the index.
func (c *Catalog) followLinks(ctx context.Context) error {
	links, err := c.Overrides(ctx)
	if err != nil {
		return err
	}
	c.ix.SetLinks(links)
	return nil
}

package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"

	"github.com/wsis-tools/stocktake/resolver"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
)

// A record page shows the record's entity: the other records taken for the
// same project or person, with their sources and why they were merged; staff
// split a record from it or join another to it (store links, which hold
// across re-imports).

// entitySearcher is the part of a Searcher that knows entities;
// *search.Service has it.
type entitySearcher interface {
	Entity(ctx context.Context, id string) (search.Entity, bool, error)
}

// Linker records staff decisions about entities; *catalog.Catalog
// satisfies it.
type Linker interface {
	SetLink(ctx context.Context, a, b resolver.Ref, kind store.LinkKind) error
	WaitSearchable(ctx context.Context, progress func(left int)) error
}

// entityView is the entity section of a record page.
type entityView struct {
	Prize   string
	Others  []sourceView
	Mention []string
	Why     []string
	LinkURL string // staff: the split / join form's action ("" for visitors)
}

// entitySection fills p.Entity; staff also get the forms.
func (s *server) entitySection(r *http.Request, p *recordPage, state url.Values) error {
	es, ok := s.search.(entitySearcher)
	if !ok {
		return nil
	}
	e, found, err := es.Entity(r.Context(), p.R.ID)
	if err != nil || (!found && (s.links == nil || !s.isStaff(r))) {
		return err
	}
	v := &entityView{}
	if s.links != nil && s.isStaff(r) {
		v.LinkURL = "/records/" + url.PathEscape(p.R.ID) + "/link"
	}
	if e.Prize != nil {
		v.Prize = e.Prize.Status
	}
	for _, o := range e.Others {
		v.Others = append(v.Others, sourceView{Title: o.Title, URL: pathURL("/records/"+url.PathEscape(o.ID), state),
			SourceURL: webURL(o.Source.URL), Source: cmp.Or(o.Source.URL, o.Source.File), ID: o.ID})
	}
	v.Mention = e.Mention
	for _, w := range e.Why {
		line := w.A + " ~ " + w.B + ": " + strings.Join(w.Reasons, "; ")
		v.Why = append(v.Why, line)
	}
	p.Entity = v
	return nil
}

// handleLink records a staff split or join from a record page.
func (s *server) handleLink(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	if !s.requireStaffPage(w, r) {
		return
	}
	if s.links == nil {
		s.fail(w, r, errNotFound)
		return
	}
	if s.refuseWrites(w, r) {
		return
	}
	id := mux.Vars(r)["id"]
	kind := store.LinkKind(r.PostFormValue("verb"))
	other, err := resolver.ParseRef(r.PostFormValue("other"))
	if err != nil || (kind != store.Join && kind != store.Split) || other.Record == id {
		s.renderError(w, r, http.StatusBadRequest, errors.New("a link needs split or join and another record id (or ID/person:NAME)"))
		return
	}
	if _, err := s.records.Get(r.Context(), other.Record); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.links.SetLink(r.Context(), resolver.Ref{Record: id}, other, kind); err != nil {
		s.fail(w, r, err)
		return
	}
	// The clusters follow in the background; the page shows them once they
	// have (or as they were, if the deadline comes first).
	_ = s.links.WaitSearchable(r.Context(), nil)
	s.log.Info().Str("id", id).Str("other", other.String()).Str("kind", string(kind)).Str("client", clientIP(r)).Msg("entity link set")
	http.Redirect(w, r, "/records/"+url.PathEscape(id), http.StatusSeeOther)
}

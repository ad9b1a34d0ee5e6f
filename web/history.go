package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// Versions is what staff see and do with the stored versions of a record.
// *catalog.Catalog satisfies it.
type Versions interface {
	History(ctx context.Context, id string) (store.History, error)
	Restore(ctx context.Context, id string, n uint64) (record.Record, error)
	Renamed(ctx context.Context, id string) (string, bool, error)
}

// historyView is the staff section of a record page.
type historyView struct {
	RestoreURL string
	Deleted    bool
	Versions   []versionView // newest first
}

type versionView struct {
	N      uint64
	Until  string
	Reason string
	Title  string
	File   string
}

func buildHistory(h store.History) *historyView {
	v := &historyView{RestoreURL: "/records/" + url.PathEscape(h.ID) + "/restore", Deleted: h.Deleted}
	for _, ver := range h.Versions {
		v.Versions = append(v.Versions, versionView{N: ver.N, Until: ver.Saved.UTC().Format(time.DateTime + " UTC"),
			Reason: string(ver.Reason), Title: ver.Record.DisplayTitle(), File: ver.Record.Source.File})
	}
	return v
}

// missingRecord answers a record page whose id is not stored: a redirect
// when a migration renamed it, the deleted record with its history for
// staff. It reports false when the page is a plain 404.
func (s *server) missingRecord(w http.ResponseWriter, r *http.Request, id string) bool {
	if s.versions == nil {
		return false
	}
	if to, ok, err := s.versions.Renamed(r.Context(), id); err == nil && ok {
		http.Redirect(w, r, "/records/"+url.PathEscape(to), http.StatusMovedPermanently)
		return true
	}
	if !s.isStaff(r) {
		return false
	}
	h, err := s.versions.History(r.Context(), id)
	if err != nil || !h.Deleted || len(h.Versions) == 0 {
		return false
	}
	noStore(w)
	p := buildRecordPage(h.Versions[0].Record.Public())
	p.History = buildHistory(h)
	s.render(w, r, http.StatusOK, "record.html", p)
	return true
}

// staffHistory adds the versions of a record to its page for staff.
func (s *server) staffHistory(w http.ResponseWriter, r *http.Request, p *recordPage) error {
	if s.versions == nil || !s.isStaff(r) {
		return nil
	}
	noStore(w)
	h, err := s.versions.History(r.Context(), p.R.ID)
	if err != nil {
		return err
	}
	p.History = buildHistory(h)
	return nil
}

// handleRestore restores a version from the staff form of a record page.
func (s *server) handleRestore(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	if !s.requireStaffPage(w, r) {
		return
	}
	if s.versions == nil {
		s.fail(w, r, errNotFound)
		return
	}
	if s.refuseWrites(w, r) {
		return
	}
	id := mux.Vars(r)["id"]
	n, err := strconv.ParseUint(r.PostFormValue("version"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, errors.New("the version to restore is not a number"))
		return
	}
	if _, err := s.versions.Restore(r.Context(), id, n); err != nil {
		if errors.Is(err, store.ErrNoVersion) {
			err = errNotFound
		}
		s.fail(w, r, err)
		return
	}
	s.log.Info().Str("id", id).Uint64("version", n).Str("client", clientIP(r)).Msg("record version restored")
	http.Redirect(w, r, "/records/"+url.PathEscape(id), http.StatusSeeOther)
}

package web

import (
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"strings"

	"github.com/wsis-tools/stocktake/export"
	"github.com/wsis-tools/stocktake/search"
)

// peopleColumns are the CSV columns of a people list; contactColumns are
// added for signed-in staff only.
var (
	peopleColumns  = []string{"name", "honorific", "gender", "organization", "job_title", "country", "region", "stakeholder_group", "expertise", "languages", "action_lines", "sessions"}
	contactColumns = []string{"email", "phone", "website"}
)

// errShortlistStaff refuses the shortlist download to visitors.
var errShortlistStaff = errors.New("the shortlist is for signed-in staff: sign in at /staff")

// maxPeoplePages bounds an export's walk through the people finder's pages.
const maxPeoplePages = 1000

// eachPerson visits every person matching req, page by page.
func (s *server) eachPerson(ctx context.Context, req search.PeopleRequest, fn func(search.Person) error) error {
	req.Size = search.MaxSize
	for req.Page = 1; req.Page <= maxPeoplePages; req.Page++ {
		resp, err := s.search.People(ctx, req)
		if err != nil {
			return err
		}
		for _, p := range resp.People {
			if !req.Staff {
				p.Contact = nil
			}
			if err := fn(p); err != nil {
				return err
			}
		}
		if req.Page*req.Size >= resp.Total || len(resp.People) == 0 {
			return nil
		}
	}
	return nil
}

// handlePeopleCSV downloads the people of a people-finder search (every
// page), with contact details for signed-in staff.
func (s *server) handlePeopleCSV(w http.ResponseWriter, r *http.Request) {
	req, err := search.ParsePeopleRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req.Staff = s.isStaff(r)
	var keep func(search.Person) bool
	name := downloadName("people", r.URL.Query(), "csv")
	if r.URL.Query().Get("shortlist") == "1" {
		if !req.Staff {
			s.renderError(w, r, http.StatusForbidden, errShortlistStaff)
			return
		}
		list := s.shortlist(r)
		keep = func(p search.Person) bool { return list.has(p.Key) }
		name = "stocktake-shortlist.csv"
	}
	s.writePeopleCSV(w, r, req, name, keep)
}

func (s *server) writePeopleCSV(w http.ResponseWriter, r *http.Request, req search.PeopleRequest, name string, keep func(search.Person) bool) {
	w.Header().Set("Vary", "Authorization, Cookie")
	if req.Staff {
		noStore(w)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if r.Method == http.MethodHead {
		return
	}
	cw := csv.NewWriter(w)
	head := peopleColumns
	if req.Staff {
		head = append(append([]string{}, peopleColumns...), contactColumns...)
	}
	_ = cw.Write(head)
	err := s.eachPerson(r.Context(), req, func(p search.Person) error {
		if keep != nil && !keep(p) {
			return nil
		}
		var sessions []string
		for _, ref := range mergeRoles(p.Sessions) {
			sessions = append(sessions, sessionLabel(ref))
		}
		row := []string{p.Name, p.Honorific, p.Gender, p.Organization, p.JobTitle, countryName(p.Country), p.Region, p.StakeholderGroup,
			strings.Join(p.Expertise, "; "), strings.Join(p.Languages, "; "), strings.Join(p.ActionLines, "; "), strings.Join(sessions, "; ")}
		if p.Country == "" {
			row[5] = ""
		}
		if req.Staff {
			if c := p.Contact; c != nil {
				row = append(row, c.Email, c.Phone, c.Website)
			} else {
				row = append(row, "", "", "")
			}
		}
		for i, cell := range row {
			row[i] = export.SafeCell(cell)
		}
		return cw.Write(row)
	})
	cw.Flush()
	if err != nil {
		s.log.Error().Err(err).Str("path", r.URL.Path).Msg("people export aborted")
		panic(http.ErrAbortHandler) // a short file must not look complete
	}
}

package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/wsis-tools/stocktake/search"
)

// Staff keep a shortlist of people while they look for speakers: person
// keys in a cookie of their own that lasts as long as the browser session
// (no Max-Age), HttpOnly and SameSite=Strict like the sign-in. It holds no
// contact details, only the keys the finder already shows in its API, so
// the cookie is not signed; it only takes effect for signed-in staff.
const (
	shortlistCookie = "stocktake_shortlist"
	shortlistPath   = peoplePath + "/shortlist"
	maxShortlist    = 100 // keys; a cookie stays under 4 KB
)

// shortlistKeys is a decoded shortlist.
type shortlistKeys []string

func (l shortlistKeys) has(key string) bool { return slices.Contains(l, key) }

// shortlist reads the shortlist cookie; a damaged one reads as empty.
func (s *server) shortlist(r *http.Request) shortlistKeys {
	c, err := r.Cookie(shortlistCookie)
	if err != nil {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "\n")
}

func setShortlist(w http.ResponseWriter, r *http.Request, keys shortlistKeys) {
	c := &http.Cookie{Name: shortlistCookie, Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode}
	if len(keys) == 0 {
		c.MaxAge = -1
	} else {
		c.Value = base64.RawURLEncoding.EncodeToString([]byte(strings.Join(keys, "\n")))
	}
	http.SetCookie(w, c)
}

// handleShortlistEdit adds or removes a person (form fields key and
// action) and goes back to the page the form was on.
func (s *server) handleShortlistEdit(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	if !s.requireStaffPage(w, r) {
		return
	}
	keys := s.shortlist(r)
	key := strings.TrimSpace(r.PostFormValue("key"))
	switch r.PostFormValue("action") {
	case "add":
		if key != "" && !keys.has(key) && len(keys) < maxShortlist && !strings.Contains(key, "\n") {
			keys = append(keys, key)
		}
	case "remove":
		keys = slices.DeleteFunc(keys, func(k string) bool { return k == key })
	case "clear":
		keys = nil
	}
	setShortlist(w, r, keys)
	http.Redirect(w, r, backTo(r.PostFormValue("next"), peoplePath), http.StatusSeeOther)
}

// backTo keeps a redirect after a form on the people pages of this site.
func backTo(next, fallback string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || (u.Path != peoplePath && u.Path != shortlistPath) {
		return fallback
	}
	return u.RequestURI()
}

// shortlistPage is the view of shortlist.html.
type shortlistPage struct {
	Title, Nav string
	People     []personView
	Missing    int // keys no longer in the directory
	CSV        string
	Back       string
}

// handleShortlistPage lists the shortlisted people with their contacts.
func (s *server) handleShortlistPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireStaffPage(w, r) {
		return
	}
	keys := s.shortlist(r)
	var found []search.Person
	if len(keys) > 0 {
		err := s.eachPerson(r.Context(), search.PeopleRequest{Staff: true}, func(p search.Person) error {
			if keys.has(p.Key) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// In the order they were added.
	slices.SortStableFunc(found, func(a, b search.Person) int { return slices.Index(keys, a.Key) - slices.Index(keys, b.Key) })
	p := shortlistPage{Title: "Shortlist", Nav: "people", People: buildPeopleResults(found, true, keys),
		Missing: len(keys) - len(found), CSV: pathURL(peoplePath+".csv", url.Values{"shortlist": {"1"}}), Back: shortlistPath}
	s.render(w, r, http.StatusOK, "shortlist.html", p)
}

// shortlistButton is the view of the add/remove form on a person card.
type shortlistButton struct {
	Key, Name, Next string
	On              bool
}

func shortlistForm(p personView, next string) shortlistButton {
	return shortlistButton{Key: p.Key, Name: p.Name, Next: next, On: p.OnShortlist}
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestHeaderShowsStaffState: every page's header says whether staff are
// signed in; signed out, its sign-in link comes back to the same page.
func TestHeaderShowsStaffState(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	visitor, staff := staffClient(t), staffClient(t)
	for _, path := range []string{"/?q=radio&sdg=4", "/people?q=cloud", "/insights"} {
		_, page := getWith(t, visitor, base+path)
		want := `<a href="/staff?next=` + url.QueryEscape(path) + `">Staff sign-in</a>`
		if !strings.Contains(page, strings.ReplaceAll(want, "&", "&amp;")) || strings.Contains(page, "Signed in as staff") {
			t.Errorf("%s: a visitor's header lacks %s", path, want)
		}
	}
	// From the link, sign-in lands back on the page.
	if resp, _ := post(t, staff, base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {"/people?q=cloud"}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/people?q=cloud" {
		t.Fatalf("sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := getWith(t, staff, base+"/people?q=cloud")
	for _, want := range []string{"Signed in as staff", `<form method="post" action="/staff/signout">`, `<a href="/people/shortlist">Shortlist</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("a signed-in header lacks %q", want)
		}
	}
	if strings.Contains(page, ">Staff sign-in</a>") {
		t.Error("a signed-in header still offers to sign in")
	}
}

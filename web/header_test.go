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

// TestSignInReturnsWhereStaffWere: the sign-in's way back keeps the page
// and its query, and nothing that leaves the site.
func TestSignInReturnsWhereStaffWere(t *testing.T) {
	for _, tt := range []struct{ next, want string }{
		{"/people?q=cybersecurity&gender=female", "/people?gender=female&q=cybersecurity"},
		{"/?q=e-health&sdg=3", "/?q=e-health&sdg=3"},
		{"/insights?sdg=5", "/insights?sdg=5"},
		{"/records/p0123abc?q=radio", "/records/p0123abc?q=radio"},
		{"/people/shortlist", "/people/shortlist"},
		{"/import", "/import"},
		{"", "/import"},
		{"//evil.example/people", "/import"},
		{"https://evil.example/", "/import"},
		{"/\\evil.example", "/import"},
		{"/people\r\nSet-Cookie: x=1", "/import"},
		{"/api/v1/export?format=csv", "/import"},
		{"/people?q=%0d%0aX", "/people?q=%0D%0AX"},
	} {
		if got := localPath(tt.next); got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// TestStaffPageSaysWhereTheTokenIsFrom: the sign-in page names the
// token's origin, and a visitor sent from /import is told why.
func TestStaffPageSaysWhereTheTokenIsFrom(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	visitor := staffClient(t)
	resp, _ := getWith(t, visitor, base+"/import")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/staff?next=%2Fimport" {
		t.Fatalf("/import signed out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := getWith(t, visitor, base+"/staff?next=%2Fimport")
	for _, want := range []string{"Importing files is for staff: sign in first", "<code>STOCKTAKE_STAFF_TOKEN</code>", "<code>server.json</code> is not it"} {
		if !strings.Contains(page, want) {
			t.Errorf("the sign-in page lacks %q", want)
		}
	}
	if _, page := getWith(t, visitor, base+"/staff"); strings.Contains(page, "Importing files is for staff") {
		t.Error("a plain visit to /staff gets the import hint")
	}
}

package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPeopleCSVAndShortlist: everyone can download a people list, staff
// get the contact details in it; signed-in staff keep a shortlist in their
// browser session, see it with contacts and download it.
func TestPeopleCSVAndShortlist(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	visitor, staff := staffClient(t), staffClient(t)
	readCSV := func(c *http.Client, target string) (*http.Response, [][]string) {
		t.Helper()
		resp, body := getWith(t, c, base+target)
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil && resp.StatusCode == http.StatusOK {
			t.Fatalf("%s: %v\n%s", target, err, body)
		}
		return resp, rows
	}

	resp, rows := readCSV(visitor, "/people.csv?q=dlamini")
	if resp.StatusCode != 200 || len(rows) != 2 || rows[1][0] != "Lerato Dlamini" || strings.Contains(strings.Join(rows[0], ","), "email") {
		t.Fatalf("public people CSV: %d %q", resp.StatusCode, rows)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="stocktake-people-q-dlamini.csv"` {
		t.Errorf("file name: %s", cd)
	}

	if resp, _ := post(t, staff, base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {"/people"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	if _, rows := readCSV(staff, "/people.csv?q=dlamini"); len(rows) != 2 || rows[0][len(rows[0])-3] != "email" || rows[1][len(rows[1])-3] != "lerato.fixture@example.org" {
		t.Errorf("staff people CSV: %q", rows)
	}

	// The card offers the shortlist; adding comes back to the same page.
	_, page := getWith(t, staff, base+"/people?q=dlamini")
	if !strings.Contains(page, `<a href="mailto:lerato.fixture@example.org">`) || !strings.Contains(page, "Add to shortlist") {
		t.Fatalf("staff people page without mailto or shortlist button:\n%s", page)
	}
	key := between(page, `name="key" value="`, `"`)
	add := url.Values{"key": {key}, "action": {"add"}, "next": {"/people?q=dlamini"}}
	if resp, _ := post(t, staff, base+"/people/shortlist", base, add); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/people?q=dlamini" {
		t.Fatalf("add: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := getWith(t, staff, base+"/people?q=dlamini"); !strings.Contains(page, "On your shortlist") || !strings.Contains(page, "Your shortlist (1)") {
		t.Error("the person is not marked as shortlisted")
	}
	if _, page := getWith(t, staff, base+"/people/shortlist"); !strings.Contains(page, "Lerato Dlamini") || !strings.Contains(page, "mailto:lerato.fixture@example.org") {
		t.Errorf("shortlist page:\n%s", page)
	}
	if _, rows := readCSV(staff, "/people.csv?shortlist=1"); len(rows) != 2 || rows[1][0] != "Lerato Dlamini" {
		t.Errorf("shortlist CSV: %q", rows)
	}

	// Visitors and other sites get nothing of it.
	if resp, _ := getWith(t, visitor, base+"/people.csv?shortlist=1"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("visitor shortlist CSV: %d", resp.StatusCode)
	}
	if resp, _ := post(t, staff, base+"/people/shortlist", "https://evil.example", add); resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign origin: %d", resp.StatusCode)
	}
	if resp, _ := post(t, visitor, base+"/people/shortlist", base, add); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/staff") {
		t.Errorf("visitor add: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A redirect target off the people pages is not followed.
	evil := url.Values{"key": {key}, "action": {"remove"}, "next": {"//evil.example/people"}}
	if resp, _ := post(t, staff, base+"/people/shortlist", base, evil); resp.Header.Get("Location") != "/people" {
		t.Errorf("remove went to %q", resp.Header.Get("Location"))
	}
	if _, page := getWith(t, staff, base+"/people/shortlist"); !strings.Contains(page, "Your shortlist is empty") {
		t.Error("remove did not empty the shortlist")
	}
}

// between is the text of s after the first from and before the next to.
func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}

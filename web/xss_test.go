package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"golang.org/x/net/html"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
)

// Payloads planted in every stored string by the XSS test.
const (
	xssScript  = `<script>alert(1)</script>`
	xssAttr    = `"><img src=x onerror=alert(1)>`
	xssJSURL   = `javascript:alert(1)`
	xssFormula = `=cmd|' /C calc'!A0`
	xssEmail   = "leak.me@example.org"
	xssPhone   = "+1 555 0100"
)

// xssFixtures carry the payloads in files of our own writing. The CSV
// columns map straight onto record fields, so these payloads surely reach
// the store; the Markdown report goes through the text extractor, whose
// output may vary, and adds its Source line and body.
var xssFixtures = map[string]string{
	"people-payload.csv": "name,honorific,gender,organization,job_title,country,expertise,action_lines,sdgs,languages,bio,email,phone,website\n" +
		csvQuote(xssScript) + ",Ms.,female," + csvQuote(xssAttr) + "," + csvQuote(xssFormula) + ",Kenya,+SUM(1|2),C4,5,@HYPERLINK," +
		csvQuote("Bio with "+xssScript+" and "+xssAttr) + "," + xssEmail + "," + xssPhone + "," + xssJSURL + "\n",
	"projects-payload.csv": "title,organization,country,action lines,sdgs,year,event,url,description\n" +
		csvQuote(`=HYPERLINK("http://evil.example","click")`) + ",-2+3,Peru,C7.e-agriculture,2,2021," + csvQuote(xssScript) + "," +
		xssJSURL + "," + csvQuote("Seed banks "+xssScript+" for highland villages") + "\n",
	"session-payload.md": "Source: " + xssJSURL + "\n\n# " + xssScript + " Radio lessons for island schools " + xssAttr + "\n\n" +
		"WSIS Forum 2024, thematic workshop\nDate: 2024-04-10\n\n" +
		"Speaker 1: Marta " + xssScript + " Lind, Civil Society, Western European and Others Group (WEOG)\n\n" +
		"## Outcome summary\n\nTeachers said \"" + xssScript + " the radio lessons reached every pupil\" " + xssAttr + "\n",
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// xssRecord has a payload in every string field the pages show, including
// those (speakers, moderators, quotes, prize) that only the text and HTML
// extractors fill. It is stored directly, so the test does not depend on
// what an extractor makes of hostile text.
func xssRecord() record.Record {
	p := func(s string) record.Person {
		return record.Person{Name: s + xssScript, Honorific: xssAttr, Organization: xssScript, Role: xssAttr,
			StakeholderGroup: xssScript, RegionalGroup: xssAttr, Country: xssScript}
	}
	return record.Record{
		ID:               record.MakeID(record.KindSession, "https://forum.example.net/xss-every-field"),
		Kind:             record.KindSession,
		Title:            xssScript + " every field " + xssAttr,
		Summary:          xssAttr + " summary",
		Body:             "Body " + xssScript + "\n\nSecond paragraph " + xssAttr,
		Year:             2024,
		Date:             "2024-06-01",
		Event:            xssAttr,
		SessionID:        xssScript,
		Format:           xssAttr,
		URL:              xssJSURL,
		Organizers:       []record.Organizer{{Name: xssScript, Organization: xssAttr}},
		Speakers:         []record.Person{p("Speaker ")},
		Moderators:       []record.Person{p("Moderator ")},
		ActionLines:      []string{"C4"},
		SDGs:             []int{5},
		SDGTargets:       []string{xssScript},
		Countries:        []string{"KE"},
		UNRegionalGroups: []string{xssAttr},
		GenderFocus:      record.GenderPrimary,
		Quotes:           []record.Quote{{Text: xssScript + " said it", Speaker: xssAttr, Organization: xssScript}},
		Prize:            &record.Prize{Year: 2024, Category: "C4", Status: xssScript},
		Organization:     xssFormula,
		Keywords:         []string{xssScript, "@SUM(A1)"},
		Name:             xssScript,
		Honorific:        xssAttr,
		JobTitle:         "-1+1",
		Expertise:        []string{xssAttr},
		Languages:        []string{xssScript},
		Bio:              xssScript + " bio",
		Contact:          &record.Contact{Email: xssEmail, Phone: xssPhone, Website: xssJSURL},
		Source:           record.Source{URL: xssJSURL, File: "hand-made", Format: "text"},
	}
}

// TestStoredPayloadsAreEscapedEverywhere imports records whose fields carry
// script payloads, then fetches every page, the API and both exports and
// checks that no payload is active markup, no javascript: URL is a link, no
// CSV cell starts a formula and no contact detail is shown.
func TestStoredPayloadsAreEscapedEverywhere(t *testing.T) {
	cat := openXSSCatalog(t)
	base := startReliabilityServer(t, reliabilityHandler(cat, zerolog.Nop()))
	stored := storedRecords(t, cat)
	checkPayloadsStored(t, stored)

	pages := []string{"/", "/?q=alert", "/?q=script", "/?q=seed", "/?kind=person", "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
		"/people", "/people?q=alert", "/insights", "/insights?q=alert"}
	apis := []string{"/api/v1/search?q=alert", "/api/v1/search?q=script&size=100", "/api/v1/search?q=%3Cscript%3E",
		"/api/v1/people", "/api/v1/people?q=alert", "/api/v1/insights"}
	for id := range stored {
		pages = append(pages, "/records/"+url.PathEscape(id))
		apis = append(apis, "/api/v1/records/"+url.PathEscape(id))
	}

	shown := 0 // pages that show a payload as text, proving it got that far
	for _, p := range pages {
		body, ct := fetchOK(t, base+p)
		if !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q", p, ct)
		}
		if checkHTMLIsInert(t, p, body) {
			shown++
		}
		checkNoContact(t, p, body)
	}
	if shown == 0 {
		t.Error("no page shows a payload as text; the test proves nothing")
	}

	for _, p := range apis {
		body, ct := fetchOK(t, base+p)
		if !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", p, ct)
		}
		checkJSONIsInert(t, p, body)
		checkNoContact(t, p, body)
	}

	csvBody, _ := fetchOK(t, base+"/api/v1/export?format=csv")
	checkCSVDefused(t, csvBody, len(stored))
	checkNoContact(t, "export csv", csvBody)

	jsonl, _ := fetchOK(t, base+"/api/v1/export?format=jsonl")
	lines := bytes.Split(bytes.TrimSpace(jsonl), []byte("\n"))
	if len(lines) != len(stored) {
		t.Errorf("jsonl export has %d lines, want %d", len(lines), len(stored))
	}
	for i, l := range lines {
		if !json.Valid(l) {
			t.Errorf("jsonl line %d is not JSON: %.200s", i+1, l)
		}
	}
	if bytes.ContainsAny(jsonl, "<>") {
		t.Error("jsonl export carries raw < or >; the encoder should escape them")
	}
	checkNoContact(t, "export jsonl", jsonl)
}

// checkPayloadsStored makes sure the payloads did reach the store, or the
// test would pass without testing anything.
func checkPayloadsStored(t *testing.T, stored map[string]record.Record) {
	t.Helper()
	var all bytes.Buffer
	enc := json.NewEncoder(&all)
	enc.SetEscapeHTML(false)
	imported := 0
	for _, r := range stored {
		if r.Source.File != "hand-made" {
			imported++
		}
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if imported < 2 {
		t.Errorf("only %d records came from the fixture files", imported)
	}
	for _, p := range []string{xssScript, xssAttr, xssJSURL, xssFormula, xssEmail} {
		if !strings.Contains(all.String(), p) {
			t.Errorf("payload %q is not in any stored record", p)
		}
	}
}

func fetchOK(t *testing.T, u string) ([]byte, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", u, resp.StatusCode, b)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET %s: no nosniff header", u)
	}
	return b, resp.Header.Get("Content-Type")
}

// checkHTMLIsInert parses a page as a browser would and fails on any script
// or img element, event-handler attribute, or link to a javascript: or data:
// URL. It reports whether a payload appears as plain text.
func checkHTMLIsInert(t *testing.T, page string, body []byte) (shown bool) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", page, z.Err())
			}
			return shown
		case html.TextToken:
			text := string(z.Text())
			if strings.Contains(text, xssScript) || strings.Contains(text, xssAttr) {
				shown = true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script":
				// Only the site's own external script, with no content.
				if len(tok.Attr) != 2 || tok.Attr[0].Key != "src" || tok.Attr[0].Val != "/static/app.js" || z.Next() != html.EndTagToken {
					t.Errorf("%s: active element <%s %v>", page, tok.Data, tok.Attr)
				}
			case "img", "iframe", "object", "embed":
				t.Errorf("%s: active element <%s %v>", page, tok.Data, tok.Attr)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler %s=%q on <%s>", page, a.Key, a.Val, tok.Data)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:")) {
					t.Errorf("%s: <%s %s=%q>", page, tok.Data, a.Key, a.Val)
				}
			}
		}
	}
}

// checkJSONIsInert checks that an API body is JSON with no raw angle
// brackets, and that snippets hold no markup but <mark>.
func checkJSONIsInert(t *testing.T, page string, body []byte) {
	t.Helper()
	if !json.Valid(body) {
		t.Fatalf("%s: not JSON: %.200s", page, body)
	}
	if bytes.ContainsAny(body, "<>") {
		t.Errorf("%s: raw < or > in JSON", page)
	}
	var res apiSearch
	if err := json.Unmarshal(body, &res); err != nil {
		return // a record, not a search
	}
	for _, h := range res.Hits {
		z := html.NewTokenizer(strings.NewReader(h.Snippet))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt == html.StartTagToken || tt == html.EndTagToken || tt == html.SelfClosingTagToken {
				if name, _ := z.TagName(); string(name) != "mark" {
					t.Errorf("%s: snippet of %s has <%s>: %q", page, h.ID, name, h.Snippet)
				}
			}
		}
	}
}

// checkCSVDefused parses the export and fails on any cell a spreadsheet
// would run as a formula.
func checkCSVDefused(t *testing.T, body []byte, records int) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("csv export: %v", err)
	}
	if len(rows) != records+1 {
		t.Errorf("csv export has %d rows, want a header and %d records", len(rows), records)
	}
	defused := 0
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("csv row %d column %d starts a formula: %q", i+1, j+1, cell)
			}
			if strings.HasPrefix(cell, "'=") || strings.HasPrefix(cell, "'-") || strings.HasPrefix(cell, "'+") || strings.HasPrefix(cell, "'@") {
				defused++
			}
		}
	}
	if defused == 0 {
		t.Error("no defused formula cell in the csv export; the payloads did not reach it")
	}
}

// checkNoContact fails when a private contact detail appears in a response.
func checkNoContact(t *testing.T, page string, body []byte) {
	t.Helper()
	for _, secret := range []string{xssEmail, xssPhone} {
		if bytes.Contains(body, []byte(secret)) {
			t.Errorf("%s shows the contact detail %q", page, secret)
		}
	}
}

// openXSSCatalog is a catalog of the hostile fixtures and xssRecord; the
// fuzz test searches it too.
func openXSSCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat := openReliabilityCatalog(t, xssFixtures)
	ctx := context.Background()
	if _, err := cat.Store().Put(ctx, []record.Record{xssRecord()}); err != nil {
		t.Fatal(err)
	}
	if err := cat.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	return cat
}

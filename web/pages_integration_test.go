package web

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// fixtureStaffToken is the staff token of the integration server.
const fixtureStaffToken = "fixture-staff-token"

// TestIntegrationPages imports all of testdata (the session reports, a
// panel with speakers and a women-in-tech list) into a real catalog and
// checks the people finder, insights, exports and related records over HTTP.
func TestIntegrationPages(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")

	t.Run("misspelt word searched as corrected", func(t *testing.T) {
		var got apiSearch
		getJSON(t, base+"/api/v1/search?q=telemedecine", &got)
		if got.Total == 0 || got.Query.Corrected != "telemedicine" {
			t.Errorf("q=telemedecine: total %d, corrected %q; want results for \"telemedicine\"", got.Total, got.Query.Corrected)
		}
		page := getBody(t, base+"/?q=telemedecine")
		if !strings.Contains(page, `Showing results for <strong>telemedicine</strong>`) {
			t.Error("the page does not say which query it searched")
		}
	})

	t.Run("people api", func(t *testing.T) {
		var all, spoke, found apiPeople
		getJSON(t, base+"/api/v1/people", &all)
		getJSON(t, base+"/api/v1/people?spoke=1", &spoke)
		if spoke.Total == 0 || spoke.Total >= all.Total {
			t.Errorf("spoke=1 gives %d of %d people; want some, not all (one listed person never spoke)", spoke.Total, all.Total)
		}
		for _, p := range spoke.People {
			if len(p.Sessions) == 0 {
				t.Errorf("%s is listed under spoke=1 without a session", p.Name)
			}
		}
		// The listed woman who also spoke on the panel is one person, with
		// her profile and her session.
		getJSON(t, base+"/api/v1/people?q=dlamini", &found)
		if found.Total != 1 {
			t.Fatalf("q=dlamini gives %d people, want 1 merged person: %+v", found.Total, found.People)
		}
		p := found.People[0]
		if p.Organization == "" || len(p.Sessions) != 1 || p.RecordID == "" {
			t.Errorf("merged person = %+v, want the profile's organization, its record and one session", p)
		}
		if p.Contact != nil {
			t.Errorf("public people API shows contact %+v", p.Contact)
		}
	})

	t.Run("contact only with the staff token", func(t *testing.T) {
		for _, tt := range []struct {
			name, auth, target string
			want               bool
			status             int // 0: 200
		}{
			{"no token", "", "/api/v1/people?q=dlamini", false, 0},
			{"wrong token", "Bearer not-the-token", "/api/v1/people?q=dlamini", false, 0},
			{"token in the URL", "", "/api/v1/people?q=dlamini&token=" + fixtureStaffToken, false, http.StatusBadRequest},
			{"staff", "Bearer " + fixtureStaffToken, "/api/v1/people?q=dlamini", true, 0},
			{"staff page", "Bearer " + fixtureStaffToken, "/people?q=dlamini", true, 0},
			{"public page", "", "/people?q=dlamini", false, 0},
		} {
			t.Run(tt.name, func(t *testing.T) {
				req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+tt.target, nil)
				if err != nil {
					t.Fatal(err)
				}
				if tt.auth != "" {
					req.Header.Set("Authorization", tt.auth)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, err := io.ReadAll(resp.Body)
				if err != nil {
					t.Fatal(err)
				}
				if want := cmp.Or(tt.status, http.StatusOK); resp.StatusCode != want {
					t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, b)
				}
				if got := strings.Contains(string(b), "lerato.fixture@example.org"); got != tt.want {
					t.Errorf("contact shown = %v, want %v", got, tt.want)
				}
			})
		}
	})

	t.Run("people page", func(t *testing.T) {
		page := getBody(t, base+"/people?spoke=1")
		for _, want := range []string{`<h1>Find people</h1>`, `id="spoke" name="spoke" type="checkbox" value="1" checked`, `href="/records/`, "Spoke at "} {
			if !strings.Contains(page, want) {
				t.Errorf("/people?spoke=1 lacks %q", want)
			}
		}
		// Facet links keep the spoke toggle.
		if !regexp.MustCompile(`<a href="/people\?[^"]*spoke=1[^"]*">Female`).MatchString(page) {
			t.Errorf("the gender facet does not link to female speakers")
		}
	})

	t.Run("insights", func(t *testing.T) {
		for _, filter := range []string{"", "sdg=5", "action_line=C4", "q=women"} {
			var in struct {
				Total  int     `json:"total"`
				People int     `json:"people"`
				Matrix [][]int `json:"matrix"`
				Gender []struct {
					Event                     string
					Year, Women, Men, Unknown int
				} `json:"gender_balance"`
			}
			var found apiSearch
			getJSON(t, base+"/api/v1/insights?"+filter, &in)
			getJSON(t, base+"/api/v1/search?"+filter, &found)
			// Person profiles are counted apart from projects and sessions.
			if in.Total+in.People != found.Total {
				t.Errorf("%q: insights count %d records and %d people, search %d", filter, in.Total, in.People, found.Total)
			}
			if filter == "" {
				panellists := 0
				for _, g := range in.Gender {
					panellists += g.Women + g.Men + g.Unknown
				}
				if panellists != 3 {
					t.Errorf("gender balance counts %d panellists, want the panel's 3: %+v", panellists, in.Gender)
				}
			}
		}
		page := getBody(t, base+"/insights?action_line=C4")
		for _, want := range []string{`<svg class="heatmap"`, `<figcaption id="heat-caption">`, `<table>`, "Panel gender balance", `href="/?action_line=C4&amp;sdg=4"`} {
			if !strings.Contains(page, want) {
				t.Errorf("/insights?action_line=C4 lacks %q", want)
			}
		}
	})

	t.Run("export counts", func(t *testing.T) {
		for _, filter := range []string{"", "sdg=5", "action_line=C4", "q=women", "region=Africa", "kind=person"} {
			var found apiSearch
			getJSON(t, base+"/api/v1/search?"+filter, &found)
			lines := 0
			sc := bufio.NewScanner(strings.NewReader(getBody(t, base+"/api/v1/export?format=jsonl&"+filter)))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines++
			}
			rows, err := csv.NewReader(strings.NewReader(getBody(t, base+"/api/v1/export?format=csv&"+filter))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if lines != found.Total || len(rows)-1 != found.Total {
				t.Errorf("%q: search counts %d, jsonl has %d lines, csv %d rows", filter, found.Total, lines, len(rows)-1)
			}
		}
	})

	t.Run("related on the record page", func(t *testing.T) {
		var found apiSearch
		getJSON(t, base+"/api/v1/search?"+url.Values{"q": {"cloud skills public servants"}}.Encode(), &found)
		if len(found.Hits) == 0 {
			t.Fatal("the panel is not found")
		}
		panel := found.Hits[0]
		page := getBody(t, base+"/records/"+url.PathEscape(panel.ID))
		if !strings.Contains(page, `<h2 id="related-heading">Related records</h2>`) {
			t.Fatal("the panel's page lists no related records")
		}
		// The speaker who has a profile links to it from the related list,
		// and every speaker links to the people finder.
		var dlamini apiPeople
		getJSON(t, base+"/api/v1/people?q=dlamini", &dlamini)
		if len(dlamini.People) == 1 && !strings.Contains(page, `href="/records/`+url.PathEscape(dlamini.People[0].RecordID)+`"`) {
			t.Errorf("the panel's related records do not link the speaker's profile")
		}
		// The speaker's link finds her in the people finder, whatever
		// honorific the report put before her name.
		m := regexp.MustCompile(`href="/people\?q=([^"]*Dlamini)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the speakers do not link to the people finder")
		}
		var linked apiPeople
		getJSON(t, base+"/api/v1/people?q="+m[1], &linked)
		if linked.Total != 1 {
			t.Errorf("the speaker's link /people?q=%s finds %d people, want 1", m[1], linked.Total)
		}
	})
}

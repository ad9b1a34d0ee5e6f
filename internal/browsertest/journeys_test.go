package browsertest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The three users of the SPEC, acted out as a new user would: each journey
// types, clicks and reads what is drawn, on the current viewport.

// bestPractices: a stakeholder searches "e-agriculture Africa", narrows by
// a facet, opens a result, reads its facts and goes back to the results.
func (b *browser) bestPractices() {
	b.open("/")
	b.firstResultInView("landing page")
	if !b.vp.mobile {
		b.facetFilterBox()
	}

	// Instant results: the list follows the typing, the URL keeps the state.
	const query = "e-agriculture Africa"
	b.typeQuery(query)
	results := b.here()
	if !strings.Contains(results, "q="+url.QueryEscape(query)) || b.count() == 0 {
		b.t.Fatalf("after typing %q the page is %s with %d results", query, results, b.count())
	}
	b.firstResultInView("results")
	b.checkPage("search")

	// Tick a facet value that narrows the results: on a phone, unfold the
	// facets first.
	if b.vp.mobile {
		b.run("unfold the facets", chromedp.Click(chromedp.CSS("details.facets > summary")))
	}
	before := b.count()
	picked := eval[string](b, `(() => {
		for (const a of document.querySelectorAll(".facets .facet a")) {
			const m = a.querySelector(".count").textContent.match(/\d+/);
			const n = m ? parseInt(m[0], 10) : 0;
			if (a.checkVisibility() && n > 0 && n < `+fmt.Sprint(before)+`) {
				a.id = "picked-facet";
				return JSON.stringify({href: a.getAttribute("href"), n: n});
			}
		}
		return "";
	})()`)
	var facet struct {
		Href string `json:"href"`
		N    int    `json:"n"`
	}
	if err := json.Unmarshal([]byte(picked), &facet); err != nil {
		b.t.Fatalf("no visible facet value narrows %d results: %v", before, err)
	}
	b.awaitResults(func() { b.run("tick a facet", chromedp.Click(chromedp.CSS("#picked-facet"))) }, facet.Href)
	if b.here() != facet.Href || b.count() != facet.N {
		b.t.Errorf("after the facet click: %s with %d results, want %s with %d", b.here(), b.count(), facet.Href, facet.N)
	}
	results = b.here()
	firstTitle := eval[string](b, `document.querySelector(".hits li h3 a").textContent`)

	// The first project or session report: its facts and source link near
	// the top, and a way back to exactly these results.
	if !eval[bool](b, `(() => { const li = [...document.querySelectorAll(".hits li")].find(li => li.querySelector(".badge-project, .badge-session"));
		if (li) li.querySelector("h3 a").id = "picked-result"; return !!li; })()`) {
		b.t.Fatalf("no project or session among the results of %s", results)
	}
	b.run("open the first project or session", chromedp.Click(chromedp.CSS("#picked-result")))
	b.waitForNavigation(results)
	if !strings.HasPrefix(b.here(), "/records/") {
		b.t.Fatalf("the first result opened %s", b.here())
	}
	if back := eval[string](b, `document.querySelector(".breadcrumb a").getAttribute("href")`); back != results {
		b.t.Errorf("the record links back to %s, want the results %s", back, results)
	}
	if inView := eval[bool](b, `(() => { const a = document.querySelector(".facts a[href^='http']");
		return !!a && a.getBoundingClientRect().bottom <= innerHeight; })()`); !inView {
		b.t.Errorf("the source link of %s is not in view on the %s screen when the record opens", b.here(), b.vp.name)
	}
	b.checkPage("record")
	record := b.here()
	b.run("go back to the results", chromedp.Click(chromedp.CSS(".breadcrumb a")))
	if got := b.waitForNavigation(record); got != results {
		b.t.Errorf("back from the record lands on %s, want %s", got, results)
	}
	if got := eval[string](b, `document.querySelector(".hits li h3 a").textContent`); got != firstTitle {
		b.t.Errorf("back on the results the first is %q, was %q", got, firstTitle)
	}
}

// facetFilterBox: the long country list gets a box that narrows it to
// the values with what is typed.
func (b *browser) facetFilterBox() {
	b.t.Helper()
	b.run("type in the country filter box", chromedp.SendKeys(chromedp.CSS("#facet-country .facet-filter"), "ken"))
	shown := eval[string](b, `[...document.querySelectorAll("#facet-country li")].filter(li => li.checkVisibility()).map(li => li.textContent.trim()).join("|")`)
	if shown == "" || strings.Contains(strings.ToLower(shown), "ghana") || !strings.Contains(shown, "Kenya") {
		b.t.Errorf("the country filter box with \"ken\" shows %q, want Kenya alone", shown)
	}
}

// firstResultInView checks that the first result's title is on screen
// without scrolling (past the facets, on a phone), and that the facets are
// folded on a phone and open on a desktop.
func (b *browser) firstResultInView(what string) {
	b.t.Helper()
	var got struct {
		Top, Bottom float64
		Facets      bool // facet links are drawn
	}
	raw := eval[string](b, `JSON.stringify((() => {
		const r = document.querySelector(".hits li h3 a").getBoundingClientRect();
		const f = document.querySelector(".facets .facet a");
		return {Top: r.top, Bottom: r.bottom, Facets: !!f && f.checkVisibility()};
	})())`)
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		b.t.Fatal(err)
	}
	if got.Top < 0 || got.Bottom > float64(b.vp.h) {
		b.t.Errorf("%s on the %s screen: the first result is at %.0f–%.0f px, outside the %d px screen", what, b.vp.name, got.Top, got.Bottom, b.vp.h)
	}
	if got.Facets == b.vp.mobile {
		b.t.Errorf("%s on the %s screen: facets drawn = %v", what, b.vp.name, got.Facets)
	}
}

// typeQuery types into the search box as a person does, and waits for the
// results to follow; it records the time from the last keystroke to the
// new results on screen (the script's pause of 120 ms included).
func (b *browser) typeQuery(q string) {
	b.t.Helper()
	eval[bool](b, `(() => {
		window.__keyAt = 0; window.__shown = null;
		const q = document.getElementById("q");
		q.value = ""; q.focus();
		q.addEventListener("keydown", () => { window.__keyAt = performance.now(); });
		document.addEventListener("stocktake:results", e => { window.__shown = {at: performance.now(), url: e.detail.url, ms: e.detail.ms}; });
		return true;
	})()`)
	b.run("type "+q, chromedp.SendKeys(chromedp.CSS("#q"), q))
	want := "q=" + url.QueryEscape(q)
	b.waitFor("results for "+q, fmt.Sprintf(`!!window.__shown && window.__shown.url.includes(%q)`, want))
	ms := eval[float64](b, `window.__shown.at - window.__keyAt`)
	b.timing = append(b.timing, fmt.Sprintf("keystroke to results (%s, %q): %.0f ms from the last key, the script's pause of 120 ms included", b.vp.name, q, ms))
}

// awaitResults runs act (a click) and waits until the script has shown
// the results of href.
func (b *browser) awaitResults(act func(), href string) {
	b.t.Helper()
	eval[bool](b, `(window.__shown = null, document.addEventListener("stocktake:results", e => { window.__shown = {url: e.detail.url}; }), true)`)
	act()
	b.waitFor("results of "+href, fmt.Sprintf(`!!window.__shown && window.__shown.url === %q && location.pathname + location.search === %q`, href, href))
}

// womenSpeakers: staff look for women cybersecurity speakers, sign in where
// they are, see contacts as links, shortlist one and download the list.
func (b *browser) womenSpeakers() {
	b.open("/people")
	// The box's own example finds a Kenyan cybersecurity expert first, and
	// says what it understood (issue 17.2).
	example := strings.TrimPrefix(eval[string](b, `document.getElementById("q").placeholder`), "e.g. ")
	b.typeQuery(example)
	if first := eval[string](b, `(() => { const p = document.querySelector(".people-list .person"); return p ? p.textContent : ""; })()`); !strings.Contains(first, "Kenya") || !strings.Contains(strings.ToLower(first), "cybersecurity") {
		b.t.Errorf("typing the example %q, the first person drawn is not a Kenyan cybersecurity expert: %.200q", example, first)
	}
	if offer := eval[string](b, `(() => { const a = document.querySelector(".chips .chip-offer"); return a && a.checkVisibility() ? a.textContent : ""; })()`); !strings.Contains(offer, "Kenya") {
		b.t.Errorf("typing the example %q, the page offers %q, want the Kenya filter drawn", example, offer)
	}
	b.typeQuery("cybersecurity")
	if b.count() == 0 {
		b.t.Fatal("nobody found for cybersecurity")
	}
	if b.vp.mobile {
		b.run("unfold the facets", chromedp.Click(chromedp.CSS("details.facets > summary")))
	}
	female := eval[string](b, `(() => { const a = [...document.querySelectorAll("#facet-gender a")].find(a => a.textContent.startsWith("Female")); return a ? a.getAttribute("href") : ""; })()`)
	if female == "" {
		b.t.Fatal("no Female value in the gender facet")
	}
	b.awaitResults(func() {
		b.run("tick Female", chromedp.Click(chromedp.CSS(`#facet-gender a[href="`+female+`"]`)))
	}, female)
	found := b.here()
	// A session is listed once per person, whatever their roles in it.
	if dup := eval[string](b, `(() => { for (const ul of document.querySelectorAll(".sessions ul")) {
		const hrefs = [...ul.querySelectorAll("a")].map(a => a.getAttribute("href"));
		const d = hrefs.find((h, i) => hrefs.indexOf(h) !== i); if (d) return d; } return ""; })()`); dup != "" {
		b.t.Errorf("a person card lists the session %s twice", dup)
	}
	if n := eval[int](b, `document.querySelectorAll(".people-list a[href^='mailto:']").length`); n != 0 {
		b.t.Errorf("a visitor sees %d email links", n)
	}
	b.checkPage("people")

	// Sign in from the header, and come back here.
	b.run("staff sign-in", chromedp.Click(chromedp.CSS(".staff-state a")))
	if got := b.waitForNavigation(found); got != "/staff?next="+url.QueryEscape(found) {
		b.t.Errorf("the header's sign-in link leads to %s", got)
	}
	b.checkPage("staff")
	b.run("sign in", chromedp.SendKeys(chromedp.CSS("#token"), staffToken), chromedp.Submit(chromedp.CSS("#token")))
	if got := b.waitForNavigation("/staff?next=" + url.QueryEscape(found)); got != found {
		b.t.Errorf("after sign-in the page is %s, want %s", got, found)
	}
	if n := eval[int](b, `document.querySelectorAll(".people-list a[href^='mailto:']").length`); n == 0 {
		b.t.Error("signed-in staff see no email links")
	}
	if !strings.Contains(eval[string](b, `document.querySelector(".staff-state").textContent`), "Signed in as staff") {
		b.t.Error("the header does not say staff are signed in")
	}
	b.run("shortlist the first", chromedp.Click(chromedp.CSS(".people-list .shortlist-form button")))
	b.waitFor("the shortlist mark", `document.readyState === "complete" && !!document.querySelector(".on-list")`)
	if b.here() != found {
		b.t.Errorf("after shortlisting the page is %s, want %s", b.here(), found)
	}
	b.open("/people/shortlist")
	if n := eval[int](b, `document.querySelectorAll(".people-list .person").length`); n != 1 {
		b.t.Errorf("the shortlist holds %d people, want 1", n)
	}
	csv := eval[string](b, `fetch(document.querySelector("a[download]").href).then(r => r.text())`)
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 2 || !strings.Contains(lines[0], "email") {
		b.t.Errorf("the shortlist CSV is %q", csv)
	}
	b.checkPage("shortlist")
	// Clear and sign out, so the next screen starts as a visitor.
	b.run("clear the shortlist", chromedp.Click(chromedp.CSS(`form[action="/people/shortlist"] input[value="clear"] ~ button`)))
	b.waitFor("an empty shortlist", `document.readyState === "complete" && document.body.textContent.includes("shortlist is empty")`)
	shortlist := b.here()
	b.run("sign out", chromedp.Click(chromedp.CSS(`.staff-state form[action="/staff/signout"] button`)))
	b.waitForNavigation(shortlist)
	if !strings.Contains(eval[string](b, `document.querySelector(".staff-state").textContent`), "Staff sign-in") {
		b.t.Error("after signing out the header does not offer to sign in")
	}
}

// analyst: the counts for SDG 5, read as drawn: every count legible on its
// shade, labels of at least 12 px, the heat map reaching SDG 17, tables
// that scroll rather than cut, filters on the page, and every chart as CSV
// with the numbers drawn.
func (b *browser) analyst() {
	b.open("/insights?sdg=5")
	// Counts as drawn: the computed fill of each count against the
	// computed fill of its cell (a stylesheet rule beats an attribute).
	worst := eval[string](b, `(() => {
		const rgb = s => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
		const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
		let worst = {ratio: 99};
		for (const a of document.querySelectorAll("svg.heatmap a")) {
			const text = a.querySelector("text"), rect = a.querySelector("rect");
			const r = ratio(getComputedStyle(text).fill, getComputedStyle(rect).fill);
			if (r < worst.ratio) worst = {ratio: r, text: getComputedStyle(text).fill, cell: getComputedStyle(rect).fill, count: text.textContent};
		}
		return JSON.stringify(worst);
	})()`)
	var contrast struct {
		Ratio      float64
		Text, Cell string
		Count      string
	}
	if err := json.Unmarshal([]byte(worst), &contrast); err != nil || contrast.Ratio == 99 {
		b.t.Fatalf("no heat-map count drawn (%v): %s", err, worst)
	}
	if contrast.Ratio < 4.5 {
		b.t.Errorf("heat map: the count %s is drawn %s on %s, contrast %.2f:1 (want 4.5:1)", contrast.Count, contrast.Text, contrast.Cell, contrast.Ratio)
	}

	// Every chart label at 12 px or more, as drawn on this screen.
	small := eval[string](b, `(() => {
		for (const t of document.querySelectorAll("main svg text, .heat-rows li")) {
			if (!t.checkVisibility()) continue;
			const scale = t.ownerSVGElement ? t.ownerSVGElement.getScreenCTM().a : 1;
			const px = parseFloat(getComputedStyle(t).fontSize) * scale;
			if (px < 11.99) return t.textContent.trim() + " at " + px.toFixed(1) + " px";
		}
		return "";
	})()`)
	if small != "" {
		b.t.Errorf("on the %s screen a chart label is drawn small: %s", b.vp.name, small)
	}

	// The heat map reaches SDG 17: it scrolls in its box rather than
	// being cut at the screen's edge.
	reach := eval[string](b, `(() => {
		const box = document.querySelector(".heat .scroll");
		box.scrollLeft = box.scrollWidth;
		const cells = document.querySelectorAll("svg.heatmap rect.cell");
		const last = cells[16].getBoundingClientRect(), frame = box.getBoundingClientRect();
		return last.left >= frame.left - 1 && last.right <= frame.right + 1 ? "" : "SDG 17 at " + last.left + "–" + last.right + " outside " + frame.left + "–" + frame.right;
	})()`)
	if reach != "" {
		b.t.Errorf("heat map on the %s screen: %s", b.vp.name, reach)
	}
	eval[bool](b, `(document.querySelector(".heat .scroll").scrollLeft = 0, true)`)

	// Tables scroll rather than cut: a table wider than the page sits in a
	// box that scrolls sideways.
	eval[bool](b, `(document.querySelectorAll("details.data").forEach(d => d.open = true), true)`)
	cutTable := eval[string](b, `(() => {
		const main = document.querySelector("main").getBoundingClientRect();
		for (const t of document.querySelectorAll("main table")) {
			if (t.getBoundingClientRect().right <= main.right + 1) continue;
			let box = t.parentElement;
			while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
			if (!box || box.getBoundingClientRect().right > main.right + 1) return t.querySelector("caption") ? t.querySelector("caption").textContent : "a table";
		}
		return "";
	})()`)
	if cutTable != "" {
		b.t.Errorf("on the %s screen the table %q is cut at the edge", b.vp.name, cutTable)
	}
	eval[bool](b, `(document.querySelectorAll("details.data").forEach(d => d.open = false), true)`)

	// Every chart downloads as CSV; the heat map's holds the counts drawn.
	downloads := eval[string](b, `(async () => {
		const out = [];
		for (const a of document.querySelectorAll("main a[download]")) {
			const r = await fetch(a.href);
			out.push({href: a.getAttribute("href"), status: r.status, type: r.headers.get("Content-Type"), name: r.headers.get("Content-Disposition"), body: await r.text()});
		}
		return JSON.stringify(out);
	})()`)
	var files []struct {
		Href, Type, Name, Body string
		Status                 int
	}
	if err := json.Unmarshal([]byte(downloads), &files); err != nil || len(files) < 5 {
		b.t.Fatalf("%d chart downloads (%v), want one per chart", len(files), err)
	}
	drawn := eval[int](b, `[...document.querySelectorAll("svg.heatmap a text")].reduce((n, t) => n + parseInt(t.textContent, 10), 0)`)
	for _, f := range files {
		if f.Status != 200 || !strings.HasPrefix(f.Type, "text/csv") || !strings.Contains(f.Name, "sdg-5") {
			b.t.Errorf("download %s: %d %s %s", f.Href, f.Status, f.Type, f.Name)
		}
		if strings.HasPrefix(f.Href, "/insights/heatmap.csv") {
			if sum := sumCSV(f.Body, 2); sum != drawn {
				b.t.Errorf("the heat map CSV sums to %d, the map draws %d", sum, drawn)
			}
		}
	}

	// Filters on the page itself.
	b.run("unfold the filters", chromedp.Click(chromedp.CSS("details.insights-facets > summary")))
	region := eval[string](b, `(() => { const a = document.querySelector("#facet-region a"); return a ? a.getAttribute("href") : ""; })()`)
	if !strings.HasPrefix(region, "/insights?") || !strings.Contains(region, "region=") {
		b.t.Fatalf("no region filter on the insights page (%q)", region)
	}
	b.awaitResults(func() { b.run("filter by region", chromedp.Click(chromedp.CSS(`#facet-region a[href="`+region+`"]`))) }, region)
	if !strings.Contains(eval[string](b, `document.querySelector(".chips").textContent`), "Region") {
		b.t.Error("the region filter is not shown as selected")
	}
	// A year range, typed into the year facet's form.
	if !eval[bool](b, `document.querySelector("details.insights-facets").open`) {
		b.run("unfold the filters again", chromedp.Click(chromedp.CSS("details.insights-facets > summary")))
	}
	want := b.here() + "&year_from=2020"
	b.awaitResults(func() {
		b.run("type a year range", chromedp.SendKeys(chromedp.CSS("#year-from"), "2020"+kb.Enter))
	}, want)
	if !strings.Contains(eval[string](b, `document.querySelector(".chips").textContent`), "Years: from 2020") {
		b.t.Error("the year range is not shown as selected")
	}
	b.open("/insights?sdg=5")
	b.checkPage("insights")
}

// sumCSV adds up the numbers of a CSV from column from on, header skipped.
func sumCSV(body string, from int) int {
	sum := 0
	for i, line := range strings.Split(strings.TrimSpace(body), "\n") {
		if i == 0 {
			continue
		}
		for j, cell := range strings.Split(line, ",") {
			var n int
			if j >= from {
				if _, err := fmt.Sscan(cell, &n); err == nil {
					sum += n
				}
			}
		}
	}
	return sum
}

// keyboard: from a fresh load, the first Tab presses land on the skip link
// and the header's links, each with a visible focus outline.
func (b *browser) keyboard() {
	for _, path := range []string{"/", "/people", "/insights", "/staff"} {
		b.open(path)
		for presses := 1; presses <= 3; presses++ {
			b.run("tab", chromedp.KeyEvent(kb.Tab))
			raw := eval[string](b, `(() => {
				const e = document.activeElement, s = getComputedStyle(e);
				return JSON.stringify({tag: e.tagName, text: (e.textContent || "").trim().slice(0, 60),
					style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, visible: e.matches(":focus-visible")});
			})()`)
			var f struct {
				Tag, Text, Style string
				Width            float64
				Visible          bool
			}
			if err := json.Unmarshal([]byte(raw), &f); err != nil {
				b.t.Fatal(err)
			}
			if f.Tag != "A" || !f.Visible || f.Style == "none" || f.Width < 2 {
				b.t.Errorf("%s: after %d Tab presses the focus is on %+v, want a link with a visible outline", path, presses, f)
			}
		}
	}
	// A facet ticked with the keyboard: the link is replaced with the new
	// results, so the focus goes on from the results heading.
	b.open("/?q=women")
	href := eval[string](b, `(() => { const a = document.querySelector(".facets .facet a"); a.focus(); return a.getAttribute("href"); })()`)
	b.awaitResults(func() { b.run("press Enter", chromedp.KeyEvent(kb.Enter)) }, href)
	if got := eval[string](b, `document.activeElement.id`); got != "results-heading" {
		b.t.Errorf("after ticking a facet with Enter the focus is on %q, want the results heading", got)
	}
	// Let the instant results settle before the next page.
	b.run("settle", chromedp.Sleep(50*time.Millisecond))
}

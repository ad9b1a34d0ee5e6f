package text

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

var (
	winnerCue      = regexp.MustCompile(`(?i)\bwinn(?:er|ers|ing)\b|\bwins\b|\blaur[ée]at|\bganador|\bgagnant`)
	championCue    = regexp.MustCompile(`(?i)\bchampions?\b|\bcampe[oó]n`)
	nomineeCue     = regexp.MustCompile(`(?i)\bnominat(?:ed|ion)|\bnominees?\b|\bfinalists?\b|\bnominad[oa]s?\b|\bnomin[ée]e?s?\b|\bfinalistas?\b`)
	isAProject     = regexp.MustCompile(`^((?:(?:[A-Z0-9][\w.&'’\-]*|&)\s?){1,6}?)\s+is\s+(?:a|an|the)\s+((?:[\w\-]+\s+){0,4}?)(?:project|initiative|non-?profit|organi[sz]ation|programme|program|platform|company|start-?up|enterprise|network|foundation|social enterprise|NGO)\b`)
	keyValue       = regexp.MustCompile(`(?i)^(organi[sz]ation|entity|project owner|country|year|project(?: name| title)?|title)\s*:\s*(.+)$`)
	winsHeadline   = regexp.MustCompile(`^(.{3,80}?)\s+(?:wins|won|receives|received|is awarded|awarded|takes|scoops|named)\b`)
	awardName      = regexp.MustCompile(`(?i)\b(?:prizes?|awards?|trophy|medal)\b`)
	orgCountryLine = regexp.MustCompile(`^([^()]{2,100}?)\s*\(([^()]{3,40})\)\s*$`)
	// A project named in prose: "an initiative called "X"", "the
	// organization known as the X,", "CTA's project “X”".
	namedProject = regexp.MustCompile(`(?i)\b(?:project|programme|program|initiative|platform|app|application|portal|community|entry|solution|service|tool|system|network)(?:,)?\s+(?:known\s+as|called|named|entitled|dubbed)\s+(?:the\s+)?(?:["“]([^"”]{3,120}?)[,.]?["”]|((?-i:[A-Z][\w.\-]*)(?:\s+(?-i:[A-Z0-9][\w.\-]*)){0,6}))|\b(?:known\s+as|called)\s+the\s+((?-i:[A-Z][\w.\-]*)(?:\s+(?-i:[A-Z0-9][\w.\-]*)){0,6})|(?:['’]s|\bits|\btheir|\bthe|\bel|\bla|\ble|\bl['’]|\bdel|\bdu|\bsu|\bson|\bsa)\s*(?:project|initiative|programme|platform|app|application|proyecto|projet|iniciativa|initiative|programa|plataforma|plateforme|aplicación)\s+["“«]\s*([^"”»]{3,120}?)[,.]?\s*["”»]`)
)

// aProject matches "X is a (community radio) project …" and returns the
// submatches; the words before the noun describe X itself, so "Jane is
// the CEO of the Acme Foundation" is no project.
func aProject(l string) []string {
	m := isAProject.FindStringSubmatch(l)
	if m == nil {
		return nil
	}
	for _, w := range strings.Fields(m[2]) {
		switch strings.ToLower(w) {
		case "of", "at", "for", "with", "in", "from", "and":
			return nil
		}
	}
	return m
}

// prizeStatus reads whether a text speaks of winners, champions or nominees.
func prizeStatus(s string) string {
	switch {
	case winnerCue.MatchString(s):
		return record.PrizeWinner
	case championCue.MatchString(s):
		return record.PrizeChampion
	case nomineeCue.MatchString(s):
		return record.PrizeNominee
	}
	return ""
}

// projectTitle names a single project: a named project in prose ("the
// initiative called "X""), a title field, "X is a non-profit/project …", an
// "Org (Country)" heading, else the best title candidate of the page.
func projectTitle(d *doc) (title, org, headCountry string) {
	var orgField string
	for i, l := range d.lines {
		if d.furniture[i] {
			continue
		}
		if m := keyValue.FindStringSubmatch(l); m != nil {
			v := strings.TrimSpace(m[2])
			switch k := strings.ToLower(m[1]); {
			case strings.HasPrefix(k, "or"), strings.HasPrefix(k, "en"), k == "project owner":
				if orgField == "" {
					orgField = v
				}
			case strings.HasPrefix(k, "co"):
				if c, ok := countryField(v); ok && headCountry == "" {
					headCountry = c
					d.note("countries", c, "country: country field", i)
				}
			case strings.HasPrefix(k, "pr"), k == "title":
				if title == "" {
					title = v
					d.note("title", v, "title: project title field", i)
				}
			}
		}
		if m := aProject(l); m != nil && org == "" {
			org = strings.TrimSpace(m[1])
			if title == "" {
				title = org
				d.note("title", title, "title: \"X is a project/non-profit/…\"", i)
			}
		}
		if m := orgCountryLine.FindStringSubmatch(l); m != nil && headCountry == "" {
			if c, ok := countryField(m[2]); ok {
				headCountry = c
				d.note("countries", c, "country: \"Org (Country)\" heading", i)
				if org == "" {
					org = strings.TrimSpace(m[1])
				}
			}
		}
	}
	if orgField != "" {
		org = orgField
	}
	if t, i := namedProjectIn(d); t != "" && (title == "" || title == org) {
		d.note("title", t, "title: project named in prose (\"called …\", \"known as …\")", i)
		return t, org, headCountry
	}
	if title == "" && orgField != "" {
		title = sessionTitle(d)
	}
	if title == "" && org != "" {
		title = org
		d.note("title", title, "title: the organization", -1)
	}
	if title == "" {
		if t, i := awardedSubject(d); t != "" {
			d.note("title", t, "title: the winner named in the opening (\"X, a …, has received …\", \"The X service … has won\")", i)
			return t, org, headCountry
		}
		// A prize entry in the opening prose ("… con el “X”, que forma
		// parte de la categoría 1"): one entry of a list, alone.
		if es := proseEntries(d, wsisPrizes.MatchString(prefix(d.text, 64<<10))); len(es) > 0 {
			if _, at := d.headAt(3); len(at) > 0 && es[0].line <= at[len(at)-1] {
				d.note("title", es[0].title, "title: the entry named with its category in the opening prose", es[0].line)
				return es[0].title, org, headCountry
			}
		}
		title = sessionTitle(d)
		// A news headline "X wins a prize": the project is X.
		if m := winsHeadline.FindStringSubmatch(title); m != nil {
			title = strings.TrimSpace(m[1])
			d.note("title", title, "title: subject of a \"X wins …\" headline", -1)
		}
	}
	return title, org, headCountry
}

// awardSubject: "CodeGirls Lahore, a free coding school for teenage
// girls, has received the 2020 … Award": the name in apposition is the
// project.
var awardSubject = regexp.MustCompile(`^(\p{Lu}[\p{L}\p{N}.&'’\- ]{1,60}?),\s+(?:an?|the)\s+(?:[^,]{3,140},\s+(?:has\s+|have\s+|was\s+|were\s+)?|[^,]{3,140}?\s+(?:has|have|was|were)\s+)(?:received|won|wins|been awarded|awarded|named|selected|shortlisted|nominated|took)\b`)

// awardedProject: "The Tidewatch Alerts service run by … has been named
// winner", "Org’s Rural Youth Network (RYN) project has won …": a
// capitalised name before a word for a project opens the sentence that
// says it won.
var awardedProject = regexp.MustCompile(`^(?:The\s+|\p{Lu}[\p{L}\p{N}&\-]*['’]s\s+)?(\p{Lu}[\p{L}\p{N}\-]*(?:,?\s+(?:(?:and|of|the|for|in|on|to|de|la|du|des|y|et)\s+)*\p{Lu}[\p{L}\p{N}\-]*){0,12}(?:\s+\([\p{Lu}\p{N}\-]{2,12}\))?)\s+(?:project|service|app|application|platform|initiative|programme|program|portal|system|network)\b[^.]{0,80}?\s+(?:has|have|was|were)\s+(?:won|been named|been awarded|received|been selected|been shortlisted|been nominated)\b`)

// awardedSubject finds that apposition, or a project named as the
// subject of a win, in the first paragraphs.
func awardedSubject(d *doc) (string, int) {
	head, at := d.headAt(6)
	for k, l := range head {
		if m := awardSubject.FindStringSubmatch(l); m != nil {
			return strings.TrimSpace(m[1]), at[k]
		}
		if m := awardedProject.FindStringSubmatch(l); m != nil {
			return strings.TrimSpace(m[1]), at[k]
		}
	}
	return "", -1
}

// namedProjectIn finds the first project named in prose.
func namedProjectIn(d *doc) (string, int) {
	for i, l := range d.lines {
		if d.furniture[i] {
			continue
		}
		m := namedProject.FindStringSubmatch(prefix(l, 8192))
		if m == nil {
			continue
		}
		for _, g := range m[1:] {
			if g = strings.TrimSpace(strings.TrimRight(g, ",.;")); g != "" && len(g) >= 3 && !awardName.MatchString(g) {
				return g, i
			}
		}
	}
	return "", -1
}

// parseProject builds the record of a single project page or prize post.
func parseProject(d *doc) record.Record {
	rec := base(d, record.KindProject)
	var headCountry string
	rec.Title, rec.Organization, headCountry = projectTitle(d)
	for _, l := range d.lines {
		if m := keyValue.FindStringSubmatch(l); m != nil && strings.EqualFold(m[1], "year") {
			if y, err := strconv.Atoi(strings.TrimSpace(m[2])); err == nil && y > 1990 && y < 2100 {
				rec.Year = y
			}
		}
	}
	rec.ActionLines = actionLines(d)
	rec.SDGs, rec.SDGTargets = sdgs(d)
	rec.Countries = proseCountries(d, nil, nil)
	if headCountry != "" && !contains(rec.Countries, headCountry) {
		rec.Countries = append([]string{headCountry}, rec.Countries...)
	}
	if st := prizeStatus(strings.Join(d.head(4), "\n")); st != "" {
		rec.Prize = &record.Prize{Year: rec.Year, Status: st}
		if len(rec.ActionLines) == 1 {
			rec.Prize.Category = rec.ActionLines[0]
		}
		d.note("prize", st, "prize: winner/champion/nominee words in the first lines", -1)
	}
	for _, q := range quotes(d) {
		rec.Quotes = append(rec.Quotes, q.quote)
	}
	rec.GenderFocus = genderFocus(d, rec.Title)
	rec.ActionLinesInferred = inferActionLines(d, rec.ActionLines)
	finishMissing(&rec)
	return rec
}

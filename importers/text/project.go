package text

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

var (
	// `“Title” [portal] under “C5: Building confidence ...”`.
	underCategory = regexp.MustCompile(`[“"]([^”"\n]{2,160})[”"][^“"\n]{0,25}?\bunder\s+(?:the\s+)?[“"]([^”"\n]{2,200})[”"]`)
	// "1. Action Line C1 The role of ...", "2. Category C3 ...".
	numberedCategory = regexp.MustCompile(`^\d{1,3}[.)]\s+(?:WSIS\s+)?(?:Action\s+Line|Category|AL)\s+(C\s?\d{1,2}.*)$`)
	winnerCue        = regexp.MustCompile(`(?i)\bwinn(?:er|ers|ing)\b`)
	championCue      = regexp.MustCompile(`(?i)\bchampions?\b`)
	nomineeCue       = regexp.MustCompile(`(?i)\bnominat(?:ed|ion)|\bnominees?\b`)
	isAProject       = regexp.MustCompile(`^((?:(?:[A-Z0-9][\w.&'’\-]*|&)\s?){1,6}?)\s+is\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,4}?(?:project|initiative|non-?profit|organi[sz]ation|programme|program|platform|company|start-?up|enterprise|network|foundation|social enterprise|NGO)\b`)
	keyValue         = regexp.MustCompile(`(?i)^(organi[sz]ation|entity|project owner|country|year)\s*:\s*(.+)$`)
	orgCountryLine   = regexp.MustCompile(`^([^()]{2,100}?)\s*\(([^()]{3,40})\)\s*$`)
)

// prizeStatus reads whether a page lists winners, champions or nominees.
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

// parseProjectList returns one project per entry of a prize list, or nil
// when the document is not such a list (fewer than two entries).
func parseProjectList(d *doc) []record.Record {
	type entry struct {
		title, org, country, code string
	}
	var entries []entry
	for _, m := range underCategory.FindAllStringSubmatch(d.text, 500) {
		am := alCodeRe.FindStringSubmatch(m[2])
		if am == nil {
			continue
		}
		code, ok := codeOf(am)
		if !ok {
			continue
		}
		entries = append(entries, entry{title: collapse(m[1]), code: code})
	}
	if len(entries) < 2 {
		entries = entries[:0]
		for i := 0; i < len(d.lines); i++ {
			m := numberedCategory.FindStringSubmatch(d.lines[i])
			if m == nil {
				continue
			}
			am := alCodeRe.FindStringSubmatch(m[1])
			code, ok := "", false
			if am != nil {
				code, ok = codeOf(am)
			}
			if !ok {
				continue
			}
			e := entry{code: code}
			// The entry's lines run to the next numbered item.
			for j := i + 1; j < len(d.lines) && !numberedCategory.MatchString(d.lines[j]); j++ {
				s := d.lines[j]
				if s == "" {
					continue
				}
				if e.title == "" {
					e.title = s
					continue
				}
				if f := splitFields(s); len(f) >= 2 && e.org == "" {
					if c, ok := countryField(f[len(f)-1]); ok {
						e.country = c
						e.org = strings.Join(f[:len(f)-1], ", ")
						continue
					}
				}
				if e.org == "" {
					e.org = strings.TrimRight(s, ". ")
				}
			}
			if e.title != "" {
				entries = append(entries, e)
			}
		}
	}
	if len(entries) < 2 {
		return nil
	}
	year, date := yearAndDate(d)
	event := detectEvent(d)
	status := prizeStatus(strings.Join(d.head(6), "\n"))
	if status == "" {
		status = prizeStatus(d.text)
	}
	budget := maxCountryLookups
	var docCountries []string
	for _, c := range countriesIn(d.lines, &budget) {
		docCountries = append(docCountries, c)
	}
	var out []record.Record
	for _, e := range entries {
		rec := record.Record{Kind: record.KindProject, Title: e.title, Organization: e.org, Year: year, Date: date, Event: event}
		rec.Source.URL = d.url
		rec.ActionLines = []string{e.code}
		rec.Prize = &record.Prize{Year: year, Category: e.code, Status: status}
		switch {
		case e.country != "":
			rec.Countries = []string{e.country}
		case len(docCountries) == 1:
			rec.Countries = docCountries
		}
		rec.GenderFocus = record.GenderNone
		if titleGender.MatchString(e.title) {
			rec.GenderFocus = record.GenderPrimary
		}
		finishMissing(&rec)
		out = append(out, rec)
	}
	return out
}

// parseProject builds the record of a single project page or prize post.
func parseProject(d *doc) record.Record {
	rec := base(d, record.KindProject)
	var headCountry, orgField string
	for _, l := range d.lines {
		if m := keyValue.FindStringSubmatch(l); m != nil {
			v := strings.TrimSpace(m[2])
			switch strings.ToLower(m[1][:2]) {
			case "or", "en", "pr":
				if orgField == "" {
					orgField = v
				}
			case "co":
				if c, ok := countryField(v); ok && headCountry == "" {
					headCountry = c
				}
			case "ye":
				if y, err := strconv.Atoi(v); err == nil && y > 1990 && y < 2100 {
					rec.Year = y
				}
			}
		}
		if m := isAProject.FindStringSubmatch(l); m != nil && rec.Title == "" {
			rec.Title = strings.TrimSpace(m[1])
			rec.Organization = rec.Title
		}
		if m := orgCountryLine.FindStringSubmatch(l); m != nil && headCountry == "" {
			if c, ok := countryField(m[2]); ok {
				headCountry = c
				if rec.Organization == "" {
					rec.Organization = strings.TrimSpace(m[1])
				}
			}
		}
	}
	if orgField != "" {
		rec.Organization = orgField
		if rec.Title == "" {
			rec.Title = sessionTitle(d)
		}
	}
	if rec.Title == "" {
		rec.Title = rec.Organization
	}
	if rec.Title == "" {
		rec.Title = sessionTitle(d)
	}
	rec.ActionLines = actionLines(d)
	rec.SDGs, rec.SDGTargets = sdgs(d)
	var prose []string
	for _, l := range d.lines {
		if !bannerLine(l) {
			prose = append(prose, l)
		}
	}
	budget := maxCountryLookups
	rec.Countries = countriesIn(prose, &budget)
	if headCountry != "" && !contains(rec.Countries, headCountry) {
		rec.Countries = append([]string{headCountry}, rec.Countries...)
	}
	if st := prizeStatus(strings.Join(d.head(4), "\n")); st != "" {
		rec.Prize = &record.Prize{Year: rec.Year, Status: st}
		if len(rec.ActionLines) == 1 {
			rec.Prize.Category = rec.ActionLines[0]
		}
	}
	for _, q := range quotes(d) {
		rec.Quotes = append(rec.Quotes, q.quote)
	}
	rec.GenderFocus = genderFocus(d, rec.Title)
	finishMissing(&rec)
	return rec
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

package text

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// Action lines are tags only where the text states them: codes near the
// words "action line", "AL" or "category" ("AL C7 E-employment", "C7: ICT
// applications: E-Science", "Action Line C3", Cyrillic "С1", Arabic "ج1"),
// a C7 code with its sub-line anywhere ("C7 e-health"), a prize category by
// number and official title (English, French, Spanish) or, on a prize
// page, by the title before the word ("the e-agriculture category"), the
// items of a "relevance with the WSIS Action Lines" field or of a "WSIS
// Action Lines" heading. Ignored: rows of an empty grid, rows with five or more codes (a
// matrix header) and ranges "C1 to C11". Topics named in prose
// ("e-agriculture", "capacity building") are not tags: inferActionLines
// keeps them apart.

var (
	alMention = regexp.MustCompile(`(?i)\bactions?\s+lines?\b|\bAL\b|\bcategor(?:y|ies|ie|ía|ias|ías)\b|\bcatégories?\b|\blíneas?\s+de\s+acción\b|\bgrandes?\s+orientations?\b`)
	// "C7 e-health", "C7eGov": a code with its sub-line is a tag anywhere.
	alC7Any = regexp.MustCompile(`\bC\s?7\s*[.:]?\s*(?i:e\s?-\s?|e)(?i:gov|government|business|learning|health|employment|environment|agriculture|science)\b`)
	// "C4", "C7 e-health", "C7eGov", "C7: ICT applications: benefits ...: E-Science".
	alCodeRe  = regexp.MustCompile(`\bC\s?(\d{1,2})(?:\s*[.:]?\s*(?i:ict applications\s*:?(?:[^:\n]{0,40}:)?\s*)?(?i:(e\s?-?\s?[a-z]+)))?`)
	alSubWord = regexp.MustCompile(`(?i)\be-?(?:government|business|learning|health|employment|environment|agriculture|science)\b`)
	alLineRe  = regexp.MustCompile(`(?i)\blines?\s+(\d{1,2})\b`)
	alRange   = regexp.MustCompile(`(?i)\bC\s?1\s*(?:to|-|–|through)\s*C\s?11\b`)
	// "Category 3 – Access to …", "Category 7 "ICT applications …"",
	// "Categoría No. 10", "catégorie 4".
	alCategoryNum = regexp.MustCompile(`(?i)\bcat(?:e|é)gor(?:y|ie|ía)\s*(?:no\.?|n°|nº|#)?\s*(\d{1,2})\b\s*[–:\-.]?\s*["“«(]?\s*`)
	relevance     = regexp.MustCompile(`(?i)relevance.{0,40}action\s+lines?`)
	// A heading over a list of action lines.
	alHeading  = regexp.MustCompile(`(?i)^(?:(?:the\s+)?wsis\s+)?action\s+lines?\s*(?:\([^)]*\))?\s*:?\s*$|^(?:linked|related)\s+(?:wsis\s+)?action\s+lines?\s*:?\s*$`)
	numHeading = regexp.MustCompile(`^(?:[-*•]\s*)?(?:\d{1,2}\)|[IVX]{1,4}\.)\s`)
	sentEnd    = regexp.MustCompile(`[a-z)]\.\s+[A-Z]`)
	// wsisPrizes: a page about the WSIS Prizes, also by the French and
	// Spanish acronym (SMSI, CMSI) or the Arabic name of the summit.
	wsisPrizes = regexp.MustCompile(`(?i)\b(?:WSIS|SMSI|CMSI)\b.{0,60}\b(?:prizes?|premios?|prix)\b|\b(?:prizes?|premios?|prix)\b.{0,30}\b(?:WSIS|SMSI|CMSI)\b|جوائز.{0,20}(?:WSIS|القمة العالمية لمجتمع المعلومات)`)
	// A title after "action line", "category": skip a code, "on", quotes.
	titleLead = regexp.MustCompile(`(?i)^\s*(?:C\s?\d{1,2}\s*)?(?:[.:–\-]\s*)?(?:on\s+)?["“«(]?\s*`)
)

// codeOf turns one code match into a canonical action line. The long C7
// form names its sub-line last ("...: E-Science").
func codeOf(m []string) (string, bool) {
	code, ok := taxonomy.ParseActionLine(m[0])
	if !ok {
		return "", false
	}
	if code == "C7" && m[2] != "" {
		if sub, ok := taxonomy.ParseActionLine(m[2]); ok && strings.HasPrefix(sub, "C7.") {
			return sub, true
		}
	}
	return code, true
}

// submatches turns the index pairs of a match into its strings.
func submatches(s string, loc []int) []string {
	out := make([]string, len(loc)/2)
	for k := range out {
		if loc[2*k] >= 0 {
			out[k] = s[loc[2*k]:loc[2*k+1]]
		}
	}
	return out
}

// actionLines reads the action lines a document is tagged with.
func actionLines(d *doc) []string {
	set := map[string]bool{}
	tag := func(code, rule string, i int) {
		if code == "" || set[code] {
			return
		}
		set[code] = true
		d.note("action_lines", code, rule, i)
	}
	prizes := wsisPrizes.MatchString(prefix(d.text, 64<<10))
	// A "Category:" field names an action line on WSIS pages only; other
	// awards have categories of their own ("e-health" of a health prize).
	wsisPage := prizes || eventWSIS.MatchString(prefix(d.text, 64<<10))
	// scan tags the codes of s; a bare "C7" takes the sub-line named in
	// context ("the e-learning action line, C7", "e-environment (Action Line C7)").
	scan := func(s, context, rule string, i int) {
		for _, loc := range alCodeRe.FindAllStringSubmatchIndex(s, -1) {
			m := submatches(s, loc)
			code, ok := codeOf(m)
			if !ok {
				continue
			}
			if code == "C7" {
				// "C7 Cybersanté", "C7 – Gobierno electrónico": the
				// sub-line by its title, in any language.
				if name, _ := categoryName(s, loc[1]); strings.HasPrefix(nameCode(name), "C7.") {
					code = nameCode(name)
				} else if sm := alSubWord.FindString(context); sm != "" {
					if sub, ok := taxonomy.ParseActionLine(sm); ok {
						code = sub
					}
				}
			}
			tag(code, rule, i)
		}
	}
	inRelevance, inHeading := false, false
	for i, l := range d.lines {
		if d.table[i] || len(alCodeRe.FindAllString(l, 6)) >= 5 {
			continue // matrix header or index row
		}
		if d.furniture[i] {
			continue
		}
		l = alRange.ReplaceAllString(prefix(l, 64<<10), " ")
		if relevance.MatchString(l) {
			inRelevance = true
			continue
		}
		if alHeading.MatchString(stripBullet(l)) {
			inHeading = true
			continue
		}
		if inRelevance || inHeading {
			item := stripBullet(l)
			switch {
			case inRelevance && numHeading.MatchString(l) && !alCodeRe.MatchString(l):
				inRelevance = false
			case inHeading && item == "":
				// A blank line or a bare list mark ("-" on its own line,
				// the item on the next) keeps the list open.
			case inHeading && len(l) > 160:
				inHeading = false
			default:
				scan(l, l, "action line: item of a relevance field or an action-line heading", i)
				rest := strings.TrimLeft(item, "abcdefghijk) ")
				if code, ok := taxonomy.ActionLineByTitle(titleLead.ReplaceAllString(rest, "")); ok {
					tag(code, "action line: official title under an action-line heading", i)
				} else if inHeading && l != "" && !alCodeRe.MatchString(l) {
					inHeading = false
				}
			}
		}
		for _, m := range alC7Any.FindAllString(l, -1) {
			if code, ok := taxonomy.ParseActionLine(m); ok {
				tag(code, "action line: C7 code with its sub-line", i)
			}
		}
		for _, loc := range alMention.FindAllStringIndex(l, -1) {
			from := max(0, loc[0]-12)
			to := min(len(l), loc[1]+140)
			win := l[from:to]
			if e := sentEnd.FindStringIndex(l[loc[1]:to]); e != nil {
				win = l[from : loc[1]+e[0]+1]
			}
			scan(win, l[max(0, loc[0]-40):to], "action line: code near \""+l[loc[0]:loc[1]]+"\"", i)
			low := strings.ToLower(l[loc[0]:loc[1]])
			if strings.Contains(low, "line") {
				for _, m := range alLineRe.FindAllStringSubmatch(win, -1) {
					if code, ok := taxonomy.ParseActionLine("C" + m[1]); ok {
						tag(code, "action line: \"Line n\"", i)
					}
				}
			}
			category := strings.HasPrefix(low, "categ") || strings.HasPrefix(low, "catég")
			// "winner of the e-agriculture category": on a prize page the
			// official title right before the word names the category.
			if category && prizes {
				if code, ok := titleBefore(l[:loc[0]]); ok {
					tag(code, "action line: official title before \""+l[loc[0]:loc[1]]+"\" on a prize page", i)
				}
			}
			// "Category: E-environment" is a field; a category word in
			// prose is followed by its number (read below), not a title.
			if !category || wsisPage && strings.HasPrefix(strings.TrimSpace(l[loc[1]:]), ":") {
				// "Action Line on Capacity building", "AL: E-health".
				if code, ok := taxonomy.ActionLineByTitle(titleLead.ReplaceAllString(l[loc[1]:], "")); ok {
					tag(code, "action line: official title after \""+l[loc[0]:loc[1]]+"\"", i)
				}
			}
		}
		for _, m := range alCategoryNum.FindAllStringSubmatchIndex(l, -1) {
			n, _ := strconv.Atoi(l[m[2]:m[3]])
			rest := l[m[1]:]
			if code, ok := taxonomy.ActionLineByTitle(rest); ok {
				if code == "C7" || strings.HasPrefix(code, "C7.") && n < 7 {
					continue
				}
				tag(code, "action line: category named by its official title", i)
				continue
			}
			if sub := alSubWord.FindString(prefix(rest, 120)); sub != "" {
				if code, ok := taxonomy.ParseActionLine(sub); ok {
					if pc, ok := taxonomy.PrizeCategory(n); prizes && ok && pc == code {
						tag(code, "action line: WSIS Prizes category number and sub-line", i)
						continue
					}
				}
			}
			if prizes {
				if code, ok := taxonomy.PrizeCategory(n); ok {
					tag(code, "action line: WSIS Prizes category number", i)
				}
			}
		}
	}
	return sortedCodes(set)
}

// titleBefore reads an official action-line title that ends s, looking
// back at most eight words ("… the e-agriculture ", "… the Capacity
// building "); the longest title wins.
func titleBefore(s string) (string, bool) {
	s = strings.TrimRight(s, " \t\"'“”‘’«»")
	starts := []int{}
	for i := len(s) - 1; i > 0 && len(starts) < 8; i-- {
		if s[i-1] == ' ' && s[i] != ' ' {
			starts = append(starts, i)
		}
	}
	if s != "" && len(starts) < 8 {
		starts = append(starts, 0)
	}
	for k := len(starts) - 1; k >= 0; k-- {
		tail := s[starts[k]:]
		tail = strings.TrimLeft(tail, "\"'“‘«(")
		if code, end, ok := taxonomy.ActionLineTitleAt(tail); ok && strings.TrimSpace(tail[end:]) == "" {
			return code, true
		}
	}
	return "", false
}

// sortedCodes orders codes as the taxonomy does.
func sortedCodes(set map[string]bool) []string {
	var out []string
	for _, al := range taxonomy.ActionLines() {
		if set[al.Code] {
			out = append(out, al.Code)
		}
	}
	if set["C7"] {
		has := false
		for _, c := range out {
			has = has || strings.HasPrefix(c, "C7.")
		}
		if !has {
			out = append(out, "C7")
		}
	}
	return out
}

package taxonomy

import (
	"regexp"
	"strconv"
	"strings"
)

// ActionLine is one WSIS action line of the Geneva Plan of Action. C7 is
// split into its eight sub-lines; the sub-lines are the leaves used as tags.
type ActionLine struct {
	Code    string
	Name    string
	Aliases []string
}

// c7Subs are the C7 sub-lines in the order of the Plan of Action.
var c7Subs = [...]string{"government", "business", "learning", "health", "employment", "environment", "agriculture", "science"}

// ActionLines returns the 18 leaf action lines in order: C1..C6, the C7
// sub-lines, C8..C11. The slice is new on every call.
func ActionLines() []ActionLine {
	// C1's long official title is shortened to the form used in facets.
	names := []string{
		"Promotion of ICTs for development by governments and all stakeholders",
		"Information and communication infrastructure",
		"Access to information and knowledge",
		"Capacity building",
		"Building confidence and security in the use of ICTs",
		"Enabling environment",
	}
	var out []ActionLine
	for i, n := range names {
		out = append(out, ActionLine{Code: "C" + strconv.Itoa(i+1), Name: n})
	}
	for _, s := range c7Subs {
		out = append(out, ActionLine{Code: "C7.e-" + s, Name: "ICT applications: e-" + s, Aliases: []string{"e-" + s, "e" + s}})
	}
	for i, n := range []string{
		"Cultural diversity and identity, linguistic diversity and local content",
		"Media",
		"Ethical dimensions of the Information Society",
		"International and regional cooperation",
	} {
		out = append(out, ActionLine{Code: "C" + strconv.Itoa(i+8), Name: n})
	}
	return out
}

// LookupActionLine returns the action line with a canonical code. "C7", the
// parent of the sub-lines, is found too.
func LookupActionLine(code string) (ActionLine, bool) {
	if code == "C7" {
		return ActionLine{Code: "C7", Name: "ICT applications"}, true
	}
	for _, al := range ActionLines() {
		if al.Code == code {
			return al, true
		}
	}
	return ActionLine{}, false
}

// ActionLineLabel is the code and name shown in facets: "C4 – Capacity building".
func ActionLineLabel(code string) string {
	al, ok := LookupActionLine(code)
	if !ok {
		return code
	}
	return al.Code + " – " + al.Name
}

var (
	// "C7 e-health", "C7eGov", "C7: E-government", "C7.e-health".
	alC7Sub = regexp.MustCompile(`(?i)\bc\s*7\s*[.:]?\s*(?:ict applications\s*[:-]?\s*)?e\s*-?\s*([a-z]+)`)
	// "C4", "AL C4", "Action Line C4".
	alCode = regexp.MustCompile(`(?i)\bc\s*(\d{1,2})\b`)
	// "Line 3", "Action Line 3 on Access".
	alLine = regexp.MustCompile(`(?i)\bline\s+(\d{1,2})\b`)
	// "eHealth", "e-health".
	alSub = regexp.MustCompile(`(?i)\be\s*-?\s*(government|gov|business|learning|health|employment|environment|agriculture|science)\b`)
)

// ParseActionLine reads one action-line mention ("AL C4", "C7 e-health",
// "eHealth", "Line 3 on Access", Cyrillic "С1") and returns its canonical
// code. It does not scan running text: that is the importers' job.
func ParseActionLine(s string) (string, bool) {
	s = strings.NewReplacer("С", "C", "с", "c", "\u00a0", " ", "\u2011", "-").Replace(s)
	if m := alC7Sub.FindStringSubmatch(s); m != nil {
		if code, ok := subLine(m[1]); ok {
			return code, true
		}
	}
	for _, re := range []*regexp.Regexp{alCode, alLine} {
		if m := re.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			switch {
			case n == 7:
				return "C7", true
			case n >= 1 && n <= 11:
				return "C" + strconv.Itoa(n), true
			default:
				return "", false
			}
		}
	}
	if m := alSub.FindStringSubmatch(s); m != nil {
		return subLine(m[1])
	}
	f := strings.ToLower(strings.TrimSpace(s))
	for _, al := range ActionLines() {
		if f == strings.ToLower(al.Name) {
			return al.Code, true
		}
	}
	return "", false
}

// subLine maps a C7 sub-line word ("health", "Gov") to its code.
func subLine(w string) (string, bool) {
	w = strings.ToLower(w)
	for _, s := range c7Subs {
		if w == s || (len(w) >= 3 && strings.HasPrefix(s, w)) {
			return "C7.e-" + s, true
		}
	}
	return "", false
}

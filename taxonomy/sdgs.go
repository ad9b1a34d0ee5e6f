package taxonomy

import (
	"regexp"
	"strconv"
	"strings"
)

// SDG is one of the 17 Sustainable Development Goals, with its short name.
type SDG struct {
	Number int
	Name   string
}

// sdgNames holds the short names, index = goal number - 1.
var sdgNames = [...]string{
	"No poverty", "Zero hunger", "Good health and well-being", "Quality education",
	"Gender equality", "Clean water and sanitation", "Affordable and clean energy",
	"Decent work and economic growth", "Industry, innovation and infrastructure",
	"Reduced inequalities", "Sustainable cities and communities",
	"Responsible consumption and production", "Climate action", "Life below water",
	"Life on land", "Peace, justice and strong institutions", "Partnerships for the goals",
}

// SDGs returns the 17 goals in order; the slice is new on every call.
func SDGs() []SDG {
	out := make([]SDG, len(sdgNames))
	for i, n := range sdgNames {
		out[i] = SDG{Number: i + 1, Name: n}
	}
	return out
}

// SDGLabel is the number and name shown in facets: "SDG 5 – Gender equality".
func SDGLabel(n int) string {
	if n < 1 || n > len(sdgNames) {
		return "SDG " + strconv.Itoa(n)
	}
	return "SDG " + strconv.Itoa(n) + " – " + sdgNames[n-1]
}

// sdgNumber matches "SDG 5", "SDG5", "sdg-5", "Goal 5", "GOAL 5:" and a
// numbered list item "5. Gender Equality".
var sdgNumber = regexp.MustCompile(`(?i)^\s*(?:(?:sdg|goal)\s*[-#]?\s*(\d{1,2})\b|(\d{1,2})\s*[.)]\s+\S)`)

// ParseSDG reads one goal mention and returns its number (1..17). A bare
// goal name ("Gender equality") is understood too.
func ParseSDG(s string) (int, bool) {
	if m := sdgNumber.FindStringSubmatch(s); m != nil {
		d := m[1] + m[2]
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > len(sdgNames) {
			return 0, false
		}
		return n, true
	}
	f := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "&", "and")), " "))
	for i, n := range sdgNames {
		if f == strings.ToLower(n) {
			return i + 1, true
		}
	}
	return 0, false
}

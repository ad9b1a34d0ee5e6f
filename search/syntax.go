package search

import (
	"regexp"
	"strings"
)

// syntaxNames are the filter names a query may use as "name:value": the
// facet parameters, "al" for action_line and "gender" for the people
// filter.
var syntaxNames = map[string]string{
	"al": "action_line", "action_line": "action_line", "sdg": "sdg", "region": "region", "country": "country",
	"gender_focus": "gender_focus", "kind": "kind", "year": "year", "event": "event", "gender": FilterGender,
}

// reSyntax matches name:value and name:"value with spaces".
var reSyntax = regexp.MustCompile(`(?i)(^|\s)([a-z_]+):(?:"([^"]*)"|(\S+))`)

// filterSyntax takes the filters written as syntax out of q, calling found
// with each (canonical value, as ParseRequest reads the parameter), and
// returns the rest. A name or value it does not know stays in the text:
// "sdg:99" or "http://..." are words, not errors.
func filterSyntax(q string, found func(facet, value, source string)) string {
	return reSyntax.ReplaceAllStringFunc(q, func(m string) string {
		sm := reSyntax.FindStringSubmatch(m)
		facet, ok := syntaxNames[strings.ToLower(sm[2])]
		if !ok {
			return m
		}
		raw := strings.TrimSpace(sm[3] + strings.TrimRight(sm[4], ",;.!?"))
		if raw == "" {
			return m
		}
		value, err := canonicalValue(facet, raw)
		if err != nil {
			return m
		}
		found(facet, value, strings.TrimSpace(m))
		return sm[1] + " "
	})
}

package text

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// Inferred topics are kept apart from stated tags: a page about
// cybersecurity that names no action line is not tagged C5, but its
// record says, in ActionLinesInferred, that C5 is a likely topic and why.
// Facets and filters read only the stated ActionLines.

// topicWords maps action lines to the words of prose that make them a
// likely topic.
func topicWords() []struct {
	code string
	re   *regexp.Regexp
} {
	mk := func(code, words string) struct {
		code string
		re   *regexp.Regexp
	} {
		return struct {
			code string
			re   *regexp.Regexp
		}{code, regexp.MustCompile(`(?i)\b(?:` + words + `)\b`)}
	}
	return []struct {
		code string
		re   *regexp.Regexp
	}{
		mk("C2", `broadband|connectivity|infrastructure|undersea cables?|fibre|fiber`),
		mk("C3", `access to information|open data|libraries|open access`),
		mk("C4", `capacity[- ]building|digital skills|digital literacy|training`),
		mk("C5", `cyber ?security|online safety|cybercrime|data protection|online (?:gender-based )?violence`),
		mk("C6", `enabling environment|regulation|regulatory|policy framework`),
		mk("C7.e-government", `e-?government|digital government`),
		mk("C7.e-business", `e-?business|e-?commerce`),
		mk("C7.e-learning", `e-?learning|online learning`),
		mk("C7.e-health", `e-?health|digital health|telemedicine`),
		mk("C7.e-employment", `e-?employment|employment|jobs`),
		mk("C7.e-environment", `e-?environment|climate change|e-waste`),
		mk("C7.e-agriculture", `e-?agriculture|farmers|agriculture`),
		mk("C7.e-science", `e-?science|open science`),
		mk("C8", `local content|linguistic diversity|multilingual`),
		mk("C9", `media|journalis[mt]s?`),
		mk("C10", `ethic(?:s|al)`),
		mk("C11", `international cooperation|regional cooperation`),
	}
}

// inferActionLines names likely topics the text does not state as tags: a
// topic word written at least three times, or in the first lines.
func inferActionLines(d *doc, stated []string) []record.Inferred {
	text := prefix(d.text, 64<<10)
	head := strings.Join(d.head(3), "\n")
	var out []record.Inferred
	for _, t := range topicWords() {
		if contains(stated, t.code) {
			continue
		}
		n := len(t.re.FindAllString(text, 50))
		inHead := t.re.FindString(head)
		if n < 3 && inHead == "" {
			continue
		}
		word := strings.ToLower(t.re.FindString(text))
		reason := fmt.Sprintf("%q written %d times; no action line stated", word, n)
		if inHead != "" {
			reason = fmt.Sprintf("%q in the first lines; no action line stated", strings.ToLower(inHead))
		}
		out = append(out, record.Inferred{Code: t.code, Reason: reason})
		d.note("action_lines_inferred", t.code, "inferred topic (kept apart from stated tags): "+reason, -1)
	}
	return out
}

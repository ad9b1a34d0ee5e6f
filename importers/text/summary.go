package text

import (
	"regexp"
	"strings"
)

// The summary (and so the search snippet) is the first paragraph of real
// content: template boilerplate is never chosen. Skipped: disclaimers of
// generated reports, captioning notices, date lines, deadline and
// instruction sentences of call templates, page furniture, field labels,
// people lists, contact lines.

// boilerplate matches sentences that pages print around their content.
var boilerplate = regexp.MustCompile(`(?i)\b(?:disclaimer|not an official record|automatically generat\w*|(?:generated|produced) automatically|this summary was produced|raw captions?|real-?time captioning|realtime format|output of the (?:real-?time )?captioning|captioning (?:is|are) provided|although it is largely accurate|authoritative record|inaudible passages|transcription errors|deadline|please (?:send|submit|note|specify|share|find|contact)|should be submitted|submit (?:your|the)|template for|all rights reserved|terms of use|privacy policy|cookies?)\b`)

// summary is the first prose paragraph that is not boilerplate, cut at a
// sentence near 400 characters.
func summary(d *doc) string {
	for i, l := range d.lines {
		if d.furniture[i] || d.contact[i] {
			continue
		}
		l = stripBullet(l)
		if len(l) < 120 || strings.Count(l, " ") < 15 || boilerplate.MatchString(prefix(l, 600)) || isDateLine(l) {
			continue
		}
		if _, v, ok := field(l); ok && len(v) < len(l)/2 {
			continue
		}
		if h, rest := honorific(l); h != "" && !opensBiography(rest) || speakerN.MatchString(l) || turn.MatchString(l) && strings.Count(l, ">>") > 1 {
			continue // a people list, not prose
		}
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(turn.ReplaceAllString(l, "")), ">>"))
		d.note("summary", prefix(l, 80), "summary: first paragraph of content (boilerplate skipped)", i)
		return scrubContacts(cutSummary(l))
	}
	return ""
}

// opensBiography reports "Name is the Head of …": a sentence about a
// person, not an entry of a people list.
func opensBiography(s string) bool {
	_, after := leadingName(s, false)
	return bioVerb.MatchString(after)
}

// cutSummary cuts a paragraph at a sentence near 400 characters.
func cutSummary(l string) string {
	if len(l) <= 400 {
		return l
	}
	cut := prefix(l, 400)
	if i := strings.LastIndex(cut, ". "); i > 100 {
		return cut[:i+1]
	}
	if i := strings.LastIndex(cut, " "); i > 0 {
		return cut[:i] + " …"
	}
	return cut
}

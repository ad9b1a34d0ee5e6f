package web

import (
	"html"
	"html/template"
	"strings"
)

// sanitizeSnippet returns a search snippet as HTML in which the only markup
// is balanced <mark>…</mark>. search promises escaped text with <mark> tags;
// this does not trust it: every piece between the tags is unescaped and
// escaped again, so any other tag or a stray "<" ends up as visible text.
func sanitizeSnippet(s string) template.HTML {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.Index(s, "<")
		if i < 0 {
			b.WriteString(html.EscapeString(html.UnescapeString(s)))
			break
		}
		b.WriteString(html.EscapeString(html.UnescapeString(s[:i])))
		s = s[i:]
		switch {
		case !open && strings.HasPrefix(s, "<mark>"):
			b.WriteString("<mark>")
			open = true
			s = s[len("<mark>"):]
		case open && strings.HasPrefix(s, "</mark>"):
			b.WriteString("</mark>")
			open = false
			s = s[len("</mark>"):]
		default:
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) // #nosec: built above from escaped text and <mark> only
}

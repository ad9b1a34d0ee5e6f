// Package htmlpage reads HTML pages. A WSIS Prizes or stocktaking listing —
// headings naming an action line, each followed by a list of projects
// (title, then "organization, country") — gives one project record per
// listed project. Any other page is reduced to its readable text and handed
// to the plain-text extractor.
package htmlpage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/wsis-tools/stocktake/importers/text"
	"github.com/wsis-tools/stocktake/record"
)

// Format is the record.Source.Format of records read from HTML.
const Format = "html"

// maxPage bounds what is read of one page: the parser holds the whole DOM.
const maxPage = 32 << 20

// ErrNoContent is returned for a page with neither a listing nor any
// readable text.
var ErrNoContent = errors.New("HTML page has no records and no readable text")

// ErrTooLarge is returned for pages over maxPage bytes.
var ErrTooLarge = errors.New("HTML page larger than 32 MiB")

// Parse reads one HTML page. rowErrs lists problems with single entries of
// a listing (an unrecognised country, a stated count that does not match).
func Parse(ctx context.Context, name string, r io.Reader) ([]record.Record, []error, error) {
	lr := &io.LimitedReader{R: r, N: maxPage + 1}
	doc, err := goquery.NewDocumentFromReader(lr)
	if err != nil {
		return nil, nil, fmt.Errorf("read HTML: %w", err)
	}
	if lr.N <= 0 {
		return nil, nil, ErrTooLarge
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	m := readMeta(doc)
	if recs, rowErrs := listing(doc, name, m); len(recs) > 0 {
		return recs, rowErrs, nil
	}
	body := readable(doc)
	if strings.TrimSpace(body) == "" {
		return nil, nil, ErrNoContent
	}
	var b strings.Builder
	if m.url != "" {
		fmt.Fprintf(&b, "Source: %s\n\n", m.url)
	}
	if doc.Find("h1").Length() == 0 && m.title != "" {
		fmt.Fprintf(&b, "# %s\n\n", m.title)
	}
	b.WriteString(body)
	recs, err := text.Parse(ctx, name, strings.NewReader(b.String()))
	if err != nil {
		return nil, nil, fmt.Errorf("extract text: %w", err)
	}
	for i := range recs {
		recs[i].Source.Format = Format
		if recs[i].Source.URL == "" {
			recs[i].Source.URL = m.url
		}
		if recs[i].Title == "" {
			recs[i].Title = m.title
		}
	}
	return recs, nil, nil
}

// meta is what the page says about itself.
type meta struct {
	title string // <h1>, else <title>
	head  string // <title>
	url   string // og:url or canonical link, absolute only
}

func readMeta(doc *goquery.Document) meta {
	m := meta{head: visibleText(doc.Find("title").First())}
	m.title = visibleText(doc.Find("h1").First())
	if m.title == "" {
		m.title = m.head
	}
	for _, sel := range []string{`meta[property="og:url"]`, `link[rel="canonical"]`} {
		s := doc.Find(sel).First()
		v, _ := s.Attr("content")
		if v == "" {
			v, _ = s.Attr("href")
		}
		if u, err := url.Parse(strings.TrimSpace(v)); err == nil && u.IsAbs() {
			m.url = u.String()
			break
		}
	}
	return m
}

// hidden reports elements a reader does not see: scripts, styles, form
// controls and anything marked hidden. Listing pages put sort keys in
// hidden spans inside their headings.
func hidden(n *html.Node) bool {
	switch n.Data {
	case "script", "style", "noscript", "template", "svg", "iframe", "input", "select", "option", "button", "textarea", "head":
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "class":
			for _, c := range strings.Fields(a.Val) {
				if c == "hidden" || c == "sr-only" || c == "visually-hidden" || c == "invisible" {
					return true
				}
			}
		case "style":
			if strings.Contains(strings.ReplaceAll(strings.ToLower(a.Val), " ", ""), "display:none") {
				return true
			}
		}
	}
	return false
}

// visibleText is the text of a selection without hidden parts, whitespace
// collapsed.
func visibleText(s *goquery.Selection) string {
	var b strings.Builder
	for _, n := range s.Nodes {
		appendText(&b, n)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func appendText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if hidden(n) {
			return
		}
		if n.Data == "br" {
			b.WriteByte(' ')
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(b, c)
	}
}

// yearRe finds a plausible event year.
var yearRe = regexp.MustCompile(`\b(19[89]\d|20\d\d)\b`)

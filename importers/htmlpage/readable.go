package htmlpage

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// readable renders the page's readable text, one block per line: headings
// as Markdown "#" lines, list items as "- " lines, paragraphs and other
// blocks as plain lines. Navigation, headers, footers and hidden parts are
// dropped so the text extractor sees only the content.
func readable(doc *goquery.Document) string {
	w := &textWriter{}
	for _, n := range doc.Find("body").Nodes {
		w.walk(n)
	}
	w.flush()
	return strings.Join(w.lines, "\n")
}

type textWriter struct {
	lines  []string
	cur    strings.Builder
	prefix string
}

func (w *textWriter) flush() {
	// Table cells stay apart (a tab), so a table row reaches the text
	// extractor as a row it can split.
	var cells []string
	for _, c := range strings.Split(w.cur.String(), "\t") {
		if c = strings.Join(strings.Fields(c), " "); c != "" {
			cells = append(cells, c)
		}
	}
	if t := strings.Join(cells, "\t"); t != "" {
		w.lines = append(w.lines, w.prefix+t)
	}
	w.cur.Reset()
	w.prefix = ""
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if hidden(n) {
			return
		}
		switch n.Data {
		case "nav", "header", "footer", "aside":
			return
		case "br":
			w.flush()
			return
		case "td", "th":
			w.cur.WriteString("\t")
		}
	}
	block := n.Type == html.ElementNode && isBlock(n.Data)
	if block {
		w.flush()
		switch n.Data {
		case "h1", "h2", "h3", "h4", "h5", "h6":
			w.prefix = strings.Repeat("#", int(n.Data[1]-'0')) + " "
		case "li":
			w.prefix = "- "
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.flush()
	}
}

func isBlock(tag string) bool {
	switch tag {
	case "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "blockquote",
		"pre", "section", "article", "main", "ul", "ol", "table", "hr", "figcaption", "address", "form", "body":
		return true
	}
	return false
}

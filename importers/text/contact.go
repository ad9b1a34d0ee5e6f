package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// Contact details are private (SPEC "Records": shown only to staff). A
// labelled contact line of a text or Markdown page ("Email: …", "Phone:
// …", "Tel.", "Mobile", "WhatsApp", "Website") goes to the record's
// Contact and is left out of the body, the biography and the summary, as
// the tabular importer does with contact columns. In a person profile an
// e-mail address or phone number written inside a sentence is moved too.

var (
	contactLine = regexp.MustCompile(`(?i)^(?:[-*•]\s*)?(e-?mail(?: address)?|mail|phone|telephone|tel\.?|mobile|cell(?:phone)?|fax|whatsapp|website|web ?site|web|linkedin|contact)\s*[:.]?\s+(\S.{0,200})$`)
	emailAddr   = regexp.MustCompile(`[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+`)
	phoneNumber = regexp.MustCompile(`\+?\d[\d ().\-]{6,20}\d`)
	webAddr     = regexp.MustCompile(`(?i)\bhttps?://\S+|\bwww\.\S+`)
)

// yearRange: "2003-2005", "1996 - 1999": years, not a phone number.
var yearRange = regexp.MustCompile(`^(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d$`)

func digitCount(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// scrubContacts replaces e-mail addresses and phone numbers in a public
// text (a summary) without keeping them.
func scrubContacts(s string) string {
	s = emailAddr.ReplaceAllString(s, "[e-mail withheld]")
	return phoneNumber.ReplaceAllStringFunc(s, func(p string) string {
		if digitCount(p) < 8 || yearRange.MatchString(p) {
			return p
		}
		return "[phone withheld]"
	})
}

// markContacts marks the contact lines of d so no public field reads them.
func (d *doc) markContacts() {
	d.contact = make([]bool, len(d.lines))
	for i, l := range d.lines {
		m := contactLine.FindStringSubmatch(l)
		if m == nil || len(l) > 220 {
			continue
		}
		v := m[2]
		switch label := strings.ToLower(m[1]); {
		case strings.Contains(label, "mail"):
			d.contact[i] = emailAddr.MatchString(v) || strings.Contains(v, "[email")
		case label == "contact":
			d.contact[i] = emailAddr.MatchString(v) || phoneNumber.MatchString(v)
		case strings.Contains(label, "web") || label == "linkedin":
			d.contact[i] = webAddr.MatchString(v) || strings.Contains(v, ".")
		default:
			d.contact[i] = phoneNumber.MatchString(v) && digitCount(phoneNumber.FindString(v)) >= 7
		}
	}
}

// contactOf collects the contact lines of d.
func contactOf(d *doc) *record.Contact {
	var c record.Contact
	for i, l := range d.lines {
		if !d.contact[i] {
			continue
		}
		v := contactLine.FindStringSubmatch(l)[2]
		switch {
		case c.Email == "" && emailAddr.MatchString(v):
			c.Email = emailAddr.FindString(v)
		case c.Website == "" && webAddr.MatchString(v):
			c.Website = webAddr.FindString(v)
		case c.Phone == "" && phoneNumber.MatchString(v) && digitCount(phoneNumber.FindString(v)) >= 7:
			c.Phone = strings.TrimSpace(phoneNumber.FindString(v))
		}
		d.note("contact", "(private)", "contact: labelled contact line, kept out of body and summary", i)
	}
	if c == (record.Contact{}) {
		return nil
	}
	return &c
}

// body is the text without contact lines; for a person profile, e-mail
// addresses and phone numbers inside sentences are moved to the contact.
func (d *doc) body(person bool, c **record.Contact) string {
	var b strings.Builder
	for i, l := range d.lines {
		if d.contact[i] {
			continue
		}
		if person {
			l = d.moveInline(l, c)
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// moveInline takes e-mail addresses and phone numbers out of a line of a
// person profile into the contact.
func (d *doc) moveInline(l string, c **record.Contact) string {
	if !strings.Contains(l, "@") && !phoneNumber.MatchString(l) {
		return l
	}
	take := func(field *string, v string) {
		if *c == nil {
			*c = &record.Contact{}
		}
		if *field == "" {
			*field = v
		}
	}
	l = emailAddr.ReplaceAllStringFunc(l, func(s string) string {
		if *c == nil {
			*c = &record.Contact{}
		}
		take(&(*c).Email, s)
		return "[e-mail withheld]"
	})
	l = phoneNumber.ReplaceAllStringFunc(l, func(s string) string {
		if digitCount(s) < 8 || yearRange.MatchString(s) {
			return s // a year, a range of years, a count
		}
		if *c == nil {
			*c = &record.Contact{}
		}
		take(&(*c).Phone, s)
		return "[phone withheld]"
	})
	return l
}

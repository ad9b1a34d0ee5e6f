package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Lists of people: entries under role headings and form questions, panel
// blocks, honorific-led entries anywhere (also tab-separated in rows),
// unlabelled "Name, Title" blocks, programme lines "Talk, Name, Org" and
// bullets pairing a topic with its speakers.

var (
	avatarRe = regexp.MustCompile(`(?i)^avatar for\s+(.+)$`)
	// organizerSection: a heading over organizers, whose people are not
	// speakers: "Session Organizers", "Co-organizers:", "Name(s) … of
	// institutional co-organizer(s)".
	organizerSection = regexp.MustCompile(`(?i)^(?:[\w\- ]{0,30}\s)?(?:(?:co-?)?organi[sz](?:ers?|ing (?:institutions?|organi[sz]ations?|team|committee|partners?))|(?:co-?)?organisat(?:eur|rice)s?|(?:co-?)?organizador(?:es|as?)?|hosts?|conven[eo]rs?|lead organi[sz]ations?)(?:\(s\))?(?:['’]s?)?(?:\s+names?(?:\(s\))?)?\s*:?\s*$`)
)

// isOrganizerHeading reports a heading or form question over organizers.
func isOrganizerHeading(s string) bool {
	if organizerSection.MatchString(s) {
		return true
	}
	m := roleQuestion.FindStringSubmatch(s)
	return m != nil && strings.Contains(strings.ToLower(m[1]), "organi")
}

// roleHeadingOf reads a heading naming the role of the people listed under
// it; ok is false for lines that are not such headings.
func roleHeadingOf(s string) (role string, ok bool) {
	if m := roleSection.FindStringSubmatch(s); m != nil && len(s) < 80 {
		return strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), ":"), "s"), true
	}
	if m := roleQuestion.FindStringSubmatch(s); m != nil && len(s) < 220 && !strings.HasSuffix(s, ".") {
		return roleName("", m[1]), true
	}
	return "", false
}

// surnameFirst reads "Cath, Corinne" (a list of speakers written surname
// first) as "Corinne Cath".
func surnameFirst(s string) (string, bool) {
	last, given, ok := strings.Cut(s, ",")
	if !ok || strings.Contains(given, ",") || strings.HasSuffix(last, " ") {
		return "", false
	}
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ",")
		if len(w) <= 5 && isAllCapsAcronym(w) {
			return "", false // "ICANN Africa", "AUC": organizations
		}
		if _, ok := lookupCountry(w); ok {
			return "", false
		}
	}
	last, given = strings.TrimSpace(last), strings.TrimSpace(given)
	nl, nf := strings.Fields(last), strings.Fields(given)
	// The surname is one word, or particles and a word ("de la Cruz");
	// "Aminata Sow, SolarLab" is a name and an organization.
	if len(nl) == 0 || len(nf) == 0 || len(nf) > 2 || len(nl) > 1 && !isParticle(strings.ToLower(nl[0])) {
		return "", false
	}
	name := given + " " + last
	if got, _ := leadingName(name, true); got != name || !personName(name) {
		return "", false
	}
	return name, true
}

// roleLists reads people under role headings and honorific-led entries
// anywhere. A list runs while its lines name people; an avatar line
// ("avatar for Name") opens the next entry of event-site lists. A lone
// honorific line far from any other entry (a post, a caption) is not a
// list entry.
func roleLists(d *doc, p *people) {
	type entry struct {
		line  int
		per   record.Person
		rest  string
		role  string
		block []string // the lines under a name: title, organization, role
		at    []int    // the lines of the block
		shut  bool     // a line that is no block line closed the block
	}
	var entries []entry
	role := ""
	inList, inOrganizers := false, false
	for i, l := range d.lines {
		if l == "" {
			continue
		}
		s := stripBullet(l)
		if d.furniture[i] {
			// "avatar for Name" opens the next entry of an event-site
			// list, after the previous one's title and biography.
			if m := avatarRe.FindStringSubmatch(s); m != nil && role != "" && !inOrganizers {
				if per, ok := personOf(m[1], true); ok {
					entries = append(entries, entry{line: i, per: per, rest: "avatar", role: role})
					inList = true
				}
			}
			continue
		}
		if isOrganizerHeading(s) {
			inOrganizers, inList = true, false
			continue
		}
		if n := len(entries); n > 0 && roleWord.MatchString(s) && !entries[n-1].shut && entries[n-1].rest == "" && blockLine(d, i, entries[n-1].line, s) {
			// "Moderator" closing a panel block is the entry's role.
			entries[n-1].block = append(entries[n-1].block, s)
			entries[n-1].at = append(entries[n-1].at, i)
			continue
		}
		if r, ok := roleHeadingOf(s); ok {
			role, inList, inOrganizers = r, true, false
			continue
		}
		if inOrganizers {
			if len(l) > 200 {
				inOrganizers = false
			}
			continue
		}
		bullet := s != l
		before := len(entries)
		for _, cell := range strings.Split(l, "\t") {
			cell = itemBody(strings.TrimSpace(cell)) // "• Name", "1. Name"
			cell = confirmFlag.ReplaceAllString(cell, "")
			hon, rest := honorificOf(cell)
			if inList && hon.Canonical == "" {
				if name, ok := surnameFirst(cell); ok {
					entries = append(entries, entry{line: i, per: record.Person{Name: name}, role: role})
					continue
				}
			}
			name, after := leadingName(rest, false)
			if inList && hon.Canonical == "" && !plausibleName(name) {
				// "KOFI MENSAH, Minister …": a name in capitals under a
				// role heading.
				if caps, a := leadingName(rest, true); plausibleName(caps) && caps == strings.ToUpper(caps) && strings.HasPrefix(a, ",") {
					name, after = caps, a
				}
			}
			if !plausibleName(name) || !personName(name) {
				continue
			}
			name = displayName(name)
			switch {
			case hon.Canonical != "":
			case inList && (strings.HasPrefix(after, ",") || strings.HasPrefix(after, "(")):
				// "• Name, Title, Organization" under a speakers heading.
			case inList && after == "" && collapse(cell) == name && !bullet:
				// A bare name under "Onsite Moderator".
			case after == "" && repeatedWithTitle(d, i, name):
				// Panel blocks: "Name" then "Name Title Organization".
				j := d.nonEmpty(i + 1)
				after = strings.TrimSpace(strings.TrimPrefix(d.lines[j], name))
			default:
				continue
			}
			per := record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender}
			fillAffiliation(&per, after)
			entries = append(entries, entry{line: i, per: per, rest: after, role: role})
		}
		if len(entries) == before {
			// A panel block: "Ms. Name" then its title, organization
			// and role on the lines right under it.
			if n := len(entries); n > 0 && !entries[n-1].shut {
				if blockLine(d, i, entries[n-1].line, s) && entries[n-1].rest == "" && len(entries[n-1].block) < 4 {
					entries[n-1].block = append(entries[n-1].block, s)
					entries[n-1].at = append(entries[n-1].at, i)
					continue
				}
				entries[n-1].shut = true
			}
			inList = false
		}
	}
	for k := range entries {
		if b := entries[k].block; len(b) > 0 {
			e := &entries[k]
			if r := b[len(b)-1]; roleWord.MatchString(r) {
				e.per.Role = roleName("", strings.TrimSpace(roleWord.FindString(r)))
				b = b[:len(b)-1]
			}
			e.rest = strings.Join(b, ", ")
			if e.rest == "" {
				e.rest = e.per.Role
			}
			fillAffiliation(&e.per, ", "+strings.Join(b, ", "))
		}
	}
	for k, e := range entries {
		// Entries are in line order: the neighbours decide.
		near := k > 0 && e.line-entries[k-1].line <= 3 || k+1 < len(entries) && entries[k+1].line-e.line <= 3
		if !near && e.rest == "" {
			continue
		}
		per := e.per
		if per.Role == "" {
			per.Role = e.role
		}
		rule := "person: entry of a people list"
		if e.role != "" {
			rule = "person: entry under the heading \"" + e.role + "\""
		}
		marked := p.lines[e.line]
		p.add(per, moderatorRole(per.Role), e.line, rule)
		if l := d.lines[e.line]; !marked && len(l) > 150 && (sentenceLike(l) || strings.ContainsAny(l, "“\"«") || strings.HasSuffix(l, ".")) {
			delete(p.lines, e.line) // a sentence, not a list: its countries count
		}
		for _, j := range e.at {
			p.lines[j] = true // the block's lines are the person's affiliation
		}
	}
}

// roleWord is a line naming a role in a panel block.
var roleWord = regexp.MustCompile(`(?i)^(?:(?:onsite|online|remote|lead)\s+)?(?:moderator|speaker|panell?ist|chair(?:person)?|rapporteur|keynote(?: speaker)?|discussant|presenter|facilitator)s?$`)

// blockLine reports whether line i, with text s, continues the panel
// block of the entry on line at: the lines between are all filled, s is
// short, no sentence, and does not repeat a name.
func blockLine(d *doc, i, at int, s string) bool {
	if i-at > 4 || len(s) > 100 || strings.HasSuffix(s, ".") || sentenceLike(s) || !upperFirst(s) || isDateLine(s) {
		return false
	}
	for k := at + 1; k < i; k++ {
		if d.lines[k] == "" {
			return false
		}
	}
	if _, ok := roleHeadingOf(s); ok && !roleWord.MatchString(s) {
		return false
	}
	return true
}

// acronymFirst reports a name whose first word is a short acronym ("CERT
// Nord"): an organization.
func acronymFirst(name string) bool {
	f := strings.Fields(name)
	return len(f) > 0 && len(f[0]) <= 5 && isAllCapsAcronym(f[0])
}

// upperFirst reports whether s starts with an upper-case letter.
func upperFirst(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// repeatedWithTitle reports whether the line after i repeats name and goes
// on with a title or an organization.
func repeatedWithTitle(d *doc, i int, name string) bool {
	if collapse(d.lines[i]) != name {
		return false
	}
	j := d.nonEmpty(i + 1)
	return j >= 0 && strings.HasPrefix(d.lines[j], name+" ") && len(d.lines[j]) > len(name)+3
}

func splitFields(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// nameBlockLine reads a line of an unlabelled panel list: "Name, Title at
// Org" or "Name," (the title on the next line).
func nameBlockLine(l string) (record.Person, bool) {
	if len(l) > 220 || strings.HasPrefix(l, ">>") {
		return record.Person{}, false
	}
	hon, rest := honorificOf(stripBullet(l))
	name, after := leadingName(rest, false)
	if !plausibleName(name) || !personName(name) || !strings.HasPrefix(after, ",") {
		return record.Person{}, false
	}
	tail := strings.TrimSpace(strings.TrimPrefix(after, ","))
	if tail != "" {
		f := strings.Fields(tail)
		if !isTitleWord(f[0]) && !titleNoun(strings.Join(f[:min(4, len(f))], " ")) {
			return record.Person{}, false
		}
		if sentenceLike(tail) || strings.HasPrefix(strings.ToLower(tail), "who ") {
			return record.Person{}, false
		}
	}
	per := record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender}
	if tail != "" {
		_, per.Organization = splitTitleOrg(tail)
	}
	return per, true
}

// bulletPerson reads a bullet of a people list that lost its heading:
// "• Name, Org", "• Name, Org (Moderator)", or "• Name" alone (weak: it
// counts only inside a block of bullets with affiliations).
func bulletPerson(l string) (per record.Person, strong, ok bool) {
	s := stripBullet(l)
	if s == l || len(s) > 220 {
		return record.Person{}, false, false
	}
	hon, rest := honorificOf(s)
	name, after := leadingName(rest, false)
	if !plausibleName(name) || !personName(name) || len(strings.Fields(name)) > 5 || orgNoun.MatchString(name) || acronymFirst(name) {
		return record.Person{}, false, false
	}
	per = record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender}
	if after == "" {
		return per, false, true
	}
	tail, isComma := strings.CutPrefix(after, ",")
	tail = strings.TrimSpace(tail)
	if !isComma || tail == "" || sentenceLike(tail) || !upperFirst(tail) || len(strings.Fields(tail)) > 20 {
		return record.Person{}, false, false
	}
	if m := bracketRole.FindStringSubmatchIndex(tail); m != nil {
		per.Role = roleName("", tail[m[2]:m[3]])
		tail = strings.TrimSpace(tail[:m[0]])
	}
	fillAffiliation(&per, ", "+tail)
	return per, true, true
}

// bracketRole: a role in brackets after an entry, "(Moderator)".
var bracketRole = regexp.MustCompile(`(?i)\s*\(((?:online\s+|co-?)?(?:moderator|chair|rapporteur|facilitator|speaker|panel+ist|discussant)s?)\)\s*$`)

// nameBlocks reads blocks of at least two "Name, Title" lines, or of
// bullets "Name, Org", that no heading introduces (the heading lost in the
// stored copy).
func nameBlocks(d *doc, p *people) {
	type hit struct {
		line   int
		per    record.Person
		strong bool
	}
	var block []hit
	gap := 0
	flush := func() {
		strong := 0
		for _, h := range block {
			if h.strong {
				strong++
			}
		}
		if strong >= 2 {
			for _, h := range block {
				p.add(h.per, moderatorRole(h.per.Role), h.line, "speaker: block of \"Name, Title\" lines or \"Name, Org\" bullets")
			}
		}
		block = block[:0]
	}
	for i, l := range d.lines {
		if l == "" || d.furniture[i] {
			continue
		}
		if p.lines[i] || roleField.MatchString(stripBullet(l)) {
			flush()
			continue
		}
		if per, strong, ok := bulletPerson(l); ok {
			block = append(block, hit{i, per, strong})
			gap = 0
			continue
		}
		if per, ok := nameBlockLine(l); ok {
			block = append(block, hit{i, per, true})
			gap = 0
			continue
		}
		if gap++; gap > 2 || len(l) > 220 {
			flush()
			gap = 0
		}
	}
	flush()
}

// programmeLines reads programme items "Talk title, Name, Org": a field
// after the first that is a whole name, followed by a short organization.
// Two such lines are needed.
func programmeLines(d *doc, p *people) {
	type hit struct {
		line int
		per  record.Person
	}
	var hits []hit
	for i, l := range d.lines {
		if l == "" || d.furniture[i] || p.lines[i] || len(l) > 250 {
			continue
		}
		f := splitFields(l)
		if len(f) < 3 {
			continue
		}
		// The name is the second field from the end: "Talk, Name, Org".
		k := len(f) - 2
		name, after := leadingName(f[k], false)
		if name != f[k] || after != "" || !plausibleName(name) || !personName(name) || len(strings.Fields(f[k+1])) > 6 {
			continue
		}
		if _, ok := taxonomy.ParseStakeholder(name); ok {
			continue
		}
		hits = append(hits, hit{i, record.Person{Name: name, Organization: strings.TrimRight(f[k+1], "."), Role: "Presenter"}})
	}
	if len(hits) < 2 {
		return
	}
	for _, h := range hits {
		marked := p.lines[h.line]
		p.add(h.per, false, h.line, "speaker: programme item \"Talk, Name, Org\"")
		if !marked {
			delete(p.lines, h.line) // the talk title is prose: its countries count
		}
	}
}

var (
	// topicSep splits a bullet "Topic; Name, Org" at its first separator.
	topicSep = regexp.MustCompile(`\s*[;:–—]\s+|\s*;\s*`)
	// nameSep splits the names of a bullet: "A, Org & B (Title) and C".
	nameSep = regexp.MustCompile(`\s*(?:[,&;]|\band\b|[–—-]\s)\s*`)
)

// topicBullets reads bullets that pair a topic with its speakers:
// "Openness; Vint Cerf, Google", "Emerging issues: Paul Mitchell,
// Microsoft", "Inclusiveness; Name (Title) & Name (Title)". Two bullets of
// a page must name people.
func topicBullets(d *doc, p *people) {
	type hit struct {
		line int
		per  record.Person
	}
	var hits []hit
	bullets := 0
	for i, l := range d.lines {
		s := stripBullet(l)
		if s == l || d.furniture[i] || p.lines[i] {
			continue
		}
		loc := topicSep.FindStringIndex(s)
		if loc == nil || !strings.ContainsAny(s[:loc[0]], "abcdefghijklmnopqrstuvwxyz") {
			continue
		}
		found := false
		rest := s[loc[1]:]
		for _, part := range nameSep.Split(rest, 12) {
			part = strings.TrimSpace(part)
			name, after := leadingName(part, false)
			if name == "" || !plausibleName(name) || !personName(name) || len(strings.Fields(name)) > 4 || acronymFirst(name) || orgNoun.MatchString(name) {
				continue
			}
			if after != "" && !strings.HasPrefix(after, "(") {
				continue
			}
			per := record.Person{Name: name}
			fillAffiliation(&per, after)
			hits = append(hits, hit{i, per})
			found = true
		}
		if found {
			bullets++
		}
	}
	if bullets < 2 {
		return
	}
	for _, h := range hits {
		p.add(h.per, false, h.line, "speaker: bullet pairing a topic with its speakers")
	}
}

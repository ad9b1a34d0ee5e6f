package text

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// People of a session are read layer by layer: labelled fields (IGF
// "Speaker n:", "Moderator: …"), role sections and the lists under them
// (honorific-led entries, "Name, Org", "Surname, Given", panel blocks),
// unlabelled name blocks, caption transcripts, quote attributions; prose
// ("Name (title of Org)", "the Chairman of the event, Name", "Mr. Name")
// is read only when a page lists nobody. Every name goes through one name
// and honorific module (names.go, taxonomy.CutHonorific).

var (
	// "Organizer 1: Name, Organization".
	organizerN = regexp.MustCompile(`(?i)^organi[sz]er\s*\d+\s*:\s*(.+)$`)
	// "Speaker 1: Name, Stakeholder group, Regional group".
	speakerN = regexp.MustCompile(`(?i)^speaker\s*\d+\s*:\s*(.+)$`)
	// Role headings of IGF pages, alone on their line.
	roleHeading = regexp.MustCompile(`(?i)^(?:(onsite|in-person|online|remote)\s+)?(moderators?|rapporteurs?|facilitators?|panell?ists?|speakers?|chairs?)\s*:?\s*$`)
	// Any heading naming a role for the lists under it: "Speakers",
	// "Onsite Moderator", "Speakers provisionally confirmed:",
	// "Panellists (online):".
	roleSection = regexp.MustCompile(`(?i)^(?:[\w\- ]{0,30}\s)?(moderators?|facilitators?|panell?ists?|speakers?|chairs?|rapporteurs?|presenters?|discussants?)(?-i:(?:\s+[a-z]+){0,2})\s*(?:\([\w ]+\))?\s*:?\s*$`)
	// A form question naming the people listed under it ("Names and
	// affiliations of the speakers to be invited", "Name of Moderator(s)").
	roleQuestion = regexp.MustCompile(`(?i)^(?:(?:please\s+)?(?:provide|list|give|indicate|enter|state)\s+(?:the\s+|all\s+)?)?(?:full\s+)?(?:name|names|list)\b.{0,160}\b(speakers?|moderators?|panell?ists?|rapporteurs?|(?:co-?)?organi[sz]ers?(?:\(s\))?)\b`)
	emailish     = regexp.MustCompile(`\S+@\S+|\[email[^\]]*\]`)
	genderWord   = regexp.MustCompile(`(?i)\s+(?:man|woman|male|female)\b`)
	turn         = regexp.MustCompile(`^>>\s*([^:]{2,60}):`)
)

// people collects the speakers and moderators of a session.
type people struct {
	speakers, moderators []record.Person
	keys                 map[string]bool // name key + role class
	lines                map[int]bool    // lines people were read from
	d                    *doc
}

func newPeople(d *doc) *people {
	return &people{keys: map[string]bool{}, lines: map[int]bool{}, d: d}
}

// add adds a person read from line i by rule; a repeat fills the empty
// fields of the person already listed. A short form of a listed name
// ("Dami Solesi" for "Damilola Solesi") is the same person.
func (p *people) add(per record.Person, moderator bool, i int, rule string) {
	per.Name = collapse(strings.Trim(per.Name, " ,;:"))
	if !plausibleName(per.Name) {
		return
	}
	if i >= 0 {
		p.lines[i] = true
	}
	key := nameKey(per.Name)
	if existing := p.find(per.Name); existing != nil {
		mergePerson(existing, per)
		if moderator {
			p.promote(existing.Name)
		}
		return
	}
	class := "s"
	if moderator {
		class = "m"
	}
	if p.keys[key+class] {
		return
	}
	p.keys[key+class] = true
	if moderator {
		p.moderators = append(p.moderators, per)
	} else {
		p.speakers = append(p.speakers, per)
	}
	role := "speaker"
	if moderator {
		role = "moderator"
	}
	p.d.note(role+"s", per.Name, rule, i)
}

// find returns the listed person a name refers to: the same key, or the
// same surname with one given name a prefix of the other.
func (p *people) find(name string) *record.Person {
	key := nameKey(name)
	for _, list := range [][]record.Person{p.speakers, p.moderators} {
		for k := range list {
			if nameKey(list[k].Name) == key || shortForm(list[k].Name, name) {
				return &list[k]
			}
		}
	}
	return nil
}

// promote moves a listed speaker to the moderators: a panel block that
// names someone again with "Moderator" says what the person does.
func (p *people) promote(name string) {
	key := nameKey(name)
	for k, s := range p.speakers {
		if nameKey(s.Name) == key {
			s.Role = "Moderator"
			p.moderators = append(p.moderators, s)
			p.speakers = append(p.speakers[:k], p.speakers[k+1:]...)
			p.d.note("moderators", s.Name, "moderator: named again with a moderator role", -1)
			return
		}
	}
}

// shortForm reports "Dami Solesi" / "Damilola Solesi": two words each, the
// same surname, one given name a prefix (three letters or more) of the other.
func shortForm(a, b string) bool {
	fa, fb := strings.Fields(taxonomy.Fold(a)), strings.Fields(taxonomy.Fold(b))
	if len(fa) != 2 || len(fb) != 2 || fa[1] != fb[1] || fa[0] == fb[0] {
		return false
	}
	s, l := fa[0], fb[0]
	if len(s) > len(l) {
		s, l = l, s
	}
	return utf8.RuneCountInString(s) >= 3 && strings.HasPrefix(l, s)
}

// mergePerson fills the empty fields of o from per.
func mergePerson(o *record.Person, per record.Person) {
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&o.Honorific, per.Honorific}, {&o.Gender, per.Gender}, {&o.Organization, per.Organization},
		{&o.Country, per.Country}, {&o.StakeholderGroup, per.StakeholderGroup}, {&o.RegionalGroup, per.RegionalGroup},
		{&o.Role, per.Role},
	} {
		if *f.dst == "" {
			*f.dst = f.src
		}
	}
}

// count is how many people are listed.
func (p *people) count() int { return len(p.speakers) + len(p.moderators) }

// extractPeople finds speakers and moderators in all the shapes the package
// knows, structured layers first; prose is read only when they found none.
func extractPeople(d *doc, quotes []quoteHit, orgs []record.Organizer) *people {
	p := newPeople(d)
	igfRoles(d, p)
	roleFields(d, p)
	roleLists(d, p)
	nameBlocks(d, p)
	programmeLines(d, p)
	topicBullets(d, p)
	transcriptPeople(d, p)
	listed := p.count()
	for _, q := range quotes {
		if q.speaker.Name != "" && !q.quotedBy {
			// A quote's line is prose, not a people list: it stays
			// unmarked so its countries count.
			marked := p.lines[q.line]
			p.add(q.speaker, false, q.line, "speaker: attribution of a quote")
			if !marked {
				delete(p.lines, q.line)
			}
		}
	}
	// Prose names the speakers of a report when the lists name none (a
	// labelled moderator alone is no list of speakers).
	if listed == 0 || len(p.speakers) == 0 {
		prosePeople(d, p, orgs, false)
	} else if len(p.moderators) == 0 {
		prosePeople(d, p, orgs, true)
	}
	return p
}

// personOf reads an entry of a people list: "[Hon] Name, Title, Org,
// Country, Stakeholder", "Name (Org)", "Name , Org , Y". allCaps lets
// upper-case surnames through.
func personOf(s string, allCaps bool) (record.Person, bool) {
	s = stripBullet(strings.TrimSpace(s))
	s = confirmFlag.ReplaceAllString(s, "")
	hon, rest := honorificOf(s)
	name, after := leadingName(rest, allCaps)
	if !plausibleName(name) || !personName(name) || hon.Canonical == "" && orgNoun.MatchString(name) {
		return record.Person{}, false // "Mesh Makers Collective" names an organization
	}
	// "Sahel Energy Network": a name run into an organization word is no
	// person; a title may follow a name without a comma.
	if after != "" && strings.IndexAny(after, ",(;–—-:") != 0 && hon.Canonical == "" {
		if f := strings.Fields(after); !isTitleWord(f[0]) {
			return record.Person{}, false
		}
	}
	per := record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender}
	fillAffiliation(&per, after)
	return per, true
}

// confirmFlag is the ", Y" / ". Y" confirmation column of proposal forms.
var confirmFlag = regexp.MustCompile(`\s*[,.]\s*[YN]\s*$`)

// fillAffiliation reads what follows a name: "(Org)", ", Title, Org,
// Country, Stakeholder group", " - Title - Org".
func fillAffiliation(per *record.Person, after string) {
	after = strings.TrimSpace(after)
	if strings.HasPrefix(after, "(") {
		if end := strings.Index(after, ")"); end > 0 {
			per.Organization = strings.TrimSpace(after[1:end])
			return
		}
	}
	rest := strings.TrimSpace(strings.TrimLeft(after, ",–—- "))
	if strings.HasSuffix(strings.ToLower(rest), "moderator") {
		per.Role = "Moderator"
		rest = strings.TrimSpace(rest[:len(rest)-len("moderator")])
	}
	fields := splitFields(rest)
	if n := len(fields); n > 0 {
		// "Academia", "Private Sector"; not "Government of Japan".
		if sh, ok := taxonomy.ParseStakeholder(fields[n-1]); ok && len(strings.Fields(fields[n-1])) <= 3 && !strings.Contains(fields[n-1], " of ") {
			per.StakeholderGroup = sh
			fields = fields[:n-1]
		}
	}
	for k := len(fields) - 1; k >= 1 || (k == 0 && len(fields) == 1); k-- {
		if c, ok := countryField(fields[k]); ok {
			per.Country = c
			if k == len(fields)-1 {
				fields = fields[:k]
			}
			break
		}
	}
	switch len(fields) {
	case 0:
	case 1:
		per.Organization = fields[0]
	default:
		per.Organization = fields[len(fields)-1]
	}
}

// roleName writes a role heading as a role: "online", "Moderators" ->
// "Online Moderator".
func roleName(qualifier, role string) string {
	words := strings.Fields(strings.ToLower(qualifier + " " + strings.TrimSuffix(role, "s")))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// moderatorRole reports whether a role names someone who chairs rather
// than speaks.
func moderatorRole(role string) bool {
	low := strings.ToLower(role)
	return strings.Contains(low, "moderator") || strings.Contains(low, "facilitator") || strings.Contains(low, "chair") ||
		strings.Contains(low, "rapporteur") || strings.Contains(low, "host")
}

// genericTurn names a caption turn by role, not by person.
func genericTurn(n string) bool {
	switch strings.ToLower(n) {
	case "chair", "moderator", "speaker", "participant", "audience", "interpreter", "floor", "host", "facilitator", "unidentified speaker", "panelist", "panellist":
		return true
	}
	return false
}

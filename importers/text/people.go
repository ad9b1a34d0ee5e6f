package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

var (
	// "Organizer 1: Name, Organization".
	organizerN = regexp.MustCompile(`(?i)^organi[sz]er\s*\d+\s*:\s*(.+)$`)
	// "Speaker 1: Name, Stakeholder group, Regional group".
	speakerN = regexp.MustCompile(`(?i)^speaker\s*\d+\s*:\s*(.+)$`)
	// Role headings of IGF pages, alone on their line.
	roleHeading = regexp.MustCompile(`(?i)^(?:(onsite|in-person|online|remote)\s+)?(moderators?|rapporteurs?|facilitators?|panell?ists?|speakers?|chairs?)\s*:?\s*$`)
	// Any heading naming a role for the lists under it.
	roleSection = regexp.MustCompile(`(?i)^(?:[\w\- ]{0,30}\s)?(moderators?|facilitators?|panell?ists?|speakers?|chairs?|rapporteurs?)\s*(?:\(\w+\))?\s*:?\s*$`)
	emailish    = regexp.MustCompile(`\S+@\S+|\[email[^\]]*\]`)
	genderWord  = regexp.MustCompile(`(?i)\s+(?:man|woman|male|female)\b`)
	// "Name who is", "Name, who is", "Name from the" in caption text.
	introduced = regexp.MustCompile(`([A-Z][\p{L}'’]+(?:[ -][A-Z][\p{L}'’]+){1,3}),?\s+(?:who\s+(?:is|was|will)|from\s+the)\b`)
	turn       = regexp.MustCompile(`^>>\s*([^:]{2,60}):`)
)

// people collects the speakers and moderators of a session.
type people struct {
	speakers, moderators []record.Person
	seen                 map[string]bool // name key + role class, to drop repeats
}

func (p *people) add(per record.Person, moderator bool) {
	per.Name = collapse(per.Name)
	if !plausibleName(per.Name) {
		return
	}
	key := nameKey(per.Name)
	class := "s"
	if moderator {
		class = "m"
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if p.seen[key+class] {
		p.merge(per, moderator)
		return
	}
	p.seen[key+class] = true
	if per.Gender == "" {
		per.Gender = genderOfHonorific(per.Honorific)
	}
	if moderator {
		p.moderators = append(p.moderators, per)
	} else {
		p.speakers = append(p.speakers, per)
	}
}

// merge fills the empty fields of a person already listed from a repeat
// of the same person (panel pages give the name, then name, title and org).
func (p *people) merge(per record.Person, moderator bool) {
	list := p.speakers
	if moderator {
		list = p.moderators
	}
	key := nameKey(per.Name)
	for i := range list {
		if nameKey(list[i].Name) != key {
			continue
		}
		o := &list[i]
		for _, f := range []struct {
			dst *string
			src string
		}{
			{&o.Honorific, per.Honorific}, {&o.Gender, per.Gender}, {&o.Organization, per.Organization},
			{&o.Country, per.Country}, {&o.StakeholderGroup, per.StakeholderGroup}, {&o.RegionalGroup, per.RegionalGroup},
		} {
			if *f.dst == "" {
				*f.dst = f.src
			}
		}
		return
	}
}

// igfFields parses "Name, Stakeholder, Regional group" and reports whether
// the last two fields really are a stakeholder group and a regional group.
func igfFields(s string) (record.Person, bool) {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) < 3 {
		return record.Person{}, false
	}
	sh, ok := taxonomy.ParseStakeholder(parts[len(parts)-2])
	if !ok {
		return record.Person{}, false
	}
	// The group is kept as the page writes it ("Western European and
	// Others Group (WEOG)"); it must still be a known group.
	if _, ok := taxonomy.ParseUNGroup(parts[len(parts)-1]); !ok {
		return record.Person{}, false
	}
	name := strings.Join(parts[:len(parts)-2], ", ")
	return record.Person{Name: name, StakeholderGroup: sh, RegionalGroup: parts[len(parts)-1]}, true
}

// extractPeople finds speakers and moderators in all the shapes the package
// knows: IGF numbered fields and role blocks, honorific-led panel lists,
// caption turns and introductions, quote attributions.
func extractPeople(d *doc, quotes []quoteHit) people {
	var p people
	igfRoles(d, &p)
	roleFields(d, &p)
	honorificLists(d, &p)
	transcriptPeople(d, &p)
	for _, q := range quotes {
		if q.speaker.Name != "" && !q.quotedBy {
			p.add(q.speaker, false)
		}
	}
	return p
}

// igfRoles reads "Speaker n:" fields and the unnumbered "Name, Stakeholder,
// Group" lines of IGF pages, which sit under Moderator / Online Moderator /
// Rapporteur headings (sometimes stripped from the stored copy).
func igfRoles(d *doc, p *people) {
	lastSpeaker := -1
	_, formatAt := formatOf(d)
	role := ""
	for i, l := range d.lines {
		if m := speakerN.FindStringSubmatch(l); m != nil {
			lastSpeaker = i
			if per, ok := igfFields(m[1]); ok {
				per.Role = "Speaker"
				p.add(per, false)
			} else {
				name, _, _ := strings.Cut(m[1], ",")
				p.add(record.Person{Name: strings.TrimSpace(name), Role: "Speaker"}, false)
			}
			continue
		}
		if m := roleHeading.FindStringSubmatch(l); m != nil {
			role = roleName(m[1], m[2])
			continue
		}
		if organizerN.MatchString(l) || lastSpeaker < 0 || (formatAt >= 0 && i > formatAt) {
			continue
		}
		if per, ok := igfFields(l); ok {
			per.Role = role
			if per.Role == "" {
				per.Role = "Moderator"
			}
			p.add(per, !strings.EqualFold(per.Role, "speaker"))
			continue
		}
		// Free-form role lines between the speaker list and the format
		// line: "Name Region man Stakeholder", "Name e-mail".
		if formatAt > lastSpeaker && i > lastSpeaker && i < formatAt && l != "" && !roleHeading.MatchString(l) {
			if name := freeFormName(l); name != "" {
				r := role
				if r == "" {
					r = "Moderator"
				}
				p.add(record.Person{Name: name, Role: r}, true)
			}
		}
	}
}

// roleField is "Moderator: Name, Org" or "Speakers: Name (Org); Name".
var roleField = regexp.MustCompile(`(?i)^(?:(onsite|online|remote)\s+)?(moderators?|chairs?|facilitators?|rapporteurs?|speakers?|panell?ists?|presenters?)\s*:\s*(\S.*)$`)

// roleFields reads labelled role lines; entries are separated by ";".
func roleFields(d *doc, p *people) {
	for _, l := range d.lines {
		m := roleField.FindStringSubmatch(stripBullet(l))
		if m == nil {
			continue
		}
		role := roleName(m[1], m[2])
		moderator := !strings.HasPrefix(strings.ToLower(m[2]), "speaker") && !strings.HasPrefix(strings.ToLower(m[2]), "panel") && !strings.HasPrefix(strings.ToLower(m[2]), "presenter")
		for _, part := range strings.Split(m[3], ";") {
			hon, rest := honorific(strings.TrimSpace(part))
			name, after := leadingName(rest, false)
			if !plausibleName(name) {
				continue
			}
			org := strings.Trim(strings.TrimSpace(strings.TrimPrefix(after, ",")), "()")
			p.add(record.Person{Name: name, Honorific: hon, Organization: org, Role: role}, moderator)
		}
	}
}

// freeFormName strips stakeholder, gender, region and e-mail words from the
// end of a role line and returns what is left when it looks like a name.
func freeFormName(l string) string {
	l = emailish.ReplaceAllString(l, "")
	words := strings.Fields(l)
	// Cut at the first word that starts a stakeholder group, a gender or a region.
	for i := 1; i < len(words); i++ {
		rest := strings.Join(words[i:], " ")
		w := strings.ToLower(words[i])
		if _, ok := taxonomy.ParseStakeholder(rest); ok || w == "man" || w == "woman" || w == "male" || w == "female" {
			words = words[:i]
			break
		}
		if _, ok := taxonomy.ParseITURegion(words[i]); ok {
			words = words[:i]
			break
		}
	}
	name := genderWord.ReplaceAllString(strings.Join(words, " "), "")
	if len(strings.Fields(name)) > 5 || strings.ContainsAny(name, ":,;()/@") || !plausibleName(name) {
		return ""
	}
	for _, w := range strings.Fields(name) {
		if isNotNameWord(w) || isTitleWord(w) {
			return ""
		}
	}
	return name
}

// honorificLists reads panel lists whose entries start with an honorific:
// "Ms. Name, Title, Organization, Country", "H.E. Mr. Name Title Org",
// tab-separated rows of them. A lone honorific line far from any other is
// not a list entry (a post or a caption mentioning someone).
func honorificLists(d *doc, p *people) {
	type entry struct {
		line int
		hon  string
		name string
		rest string
	}
	var entries []entry
	role := ""
	roles := map[int]string{}
	inList := false // under a "Speakers:" / "Moderators:" heading, in its bullets
	for i, l := range d.lines {
		if m := roleSection.FindStringSubmatch(stripBullet(l)); m != nil && len(l) < 60 {
			role = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(stripBullet(l)), ":"), "s")
			inList = true
			continue
		}
		bullet := l != "" && stripBullet(l) != l
		before := len(entries)
		for _, cell := range strings.Split(l, "\t") {
			cell = stripBullet(strings.TrimSpace(cell))
			hon, rest := honorific(cell)
			name, after := leadingName(rest, false)
			if !plausibleName(name) {
				continue
			}
			switch {
			case hon != "":
			case inList && strings.HasPrefix(after, ","):
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
			entries = append(entries, entry{i, hon, name, after})
			roles[len(entries)-1] = role
		}
		// A list runs while its lines name people.
		if l != "" && len(entries) == before {
			inList = false
		}
	}
	for k, e := range entries {
		// Entries are in line order: the neighbours decide.
		near := k > 0 && e.line-entries[k-1].line <= 3 || k+1 < len(entries) && entries[k+1].line-e.line <= 3
		if !near && e.rest == "" {
			continue
		}
		per := record.Person{Name: e.name, Honorific: e.hon}
		rest := strings.TrimPrefix(strings.TrimSpace(e.rest), ",")
		moderator := false
		r := roles[k]
		if strings.HasSuffix(strings.ToLower(strings.TrimSpace(rest)), "moderator") {
			moderator = true
			r = "Moderator"
			rest = strings.TrimSpace(rest[:len(rest)-len("moderator")])
		}
		low := strings.ToLower(r)
		if strings.Contains(low, "moderator") || strings.Contains(low, "facilitator") || strings.Contains(low, "chair") || strings.Contains(low, "rapporteur") {
			moderator = true
		}
		per.Role = r
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
		p.add(per, moderator)
	}
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

// transcriptPeople reads caption transcripts: ">> NAME:" turns (not the
// chair or the floor) and panellists the chair introduces by name.
func transcriptPeople(d *doc, p *people) {
	turns := 0
	for _, l := range d.lines {
		if turn.MatchString(l) {
			turns++
		}
	}
	if turns < 2 {
		return
	}
	for _, l := range d.lines {
		if m := turn.FindStringSubmatch(l); m != nil {
			if n := strings.TrimSpace(m[1]); !genericTurn(n) {
				p.add(record.Person{Name: displayName(n), Role: "Speaker"}, false)
			}
		}
		for _, m := range introduced.FindAllStringSubmatch(l, -1) {
			name, _ := leadingName(m[1], false)
			if plausibleName(name) && name == m[1] {
				p.add(record.Person{Name: name, Role: "Speaker"}, false)
			}
		}
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

// genericTurn names a caption turn by role, not by person.
func genericTurn(n string) bool {
	switch strings.ToLower(n) {
	case "chair", "moderator", "speaker", "participant", "audience", "interpreter", "floor", "host", "facilitator", "unidentified speaker", "panelist", "panellist":
		return true
	}
	return false
}

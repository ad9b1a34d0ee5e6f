package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Labelled people fields: IGF "Speaker n:" fields and the unnumbered
// "Name, Stakeholder, Group" lines under role headings, and labelled role
// lines ("Moderator: Name, Org", "Speakers: Name (Org); Name").

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

// igfRoles reads "Speaker n:" fields and the unnumbered "Name, Stakeholder,
// Group" lines of IGF pages, which sit under Moderator / Online Moderator /
// Rapporteur headings (sometimes stripped from the stored copy). A speaker
// slot holding an organization ("Internet Society Saudi, Civil Society,
// …") names no one.
func igfRoles(d *doc, p *people) {
	lastSpeaker := -1
	_, formatAt := formatOf(d)
	role := ""
	for i, l := range d.lines {
		if m := speakerN.FindStringSubmatch(l); m != nil {
			lastSpeaker = i
			per, ok := igfFields(m[1])
			if !ok {
				name, _, _ := strings.Cut(m[1], ",")
				per = record.Person{Name: strings.TrimSpace(name)}
			}
			per.Role = "Speaker"
			if orgLike(per.Name) {
				continue
			}
			p.add(per, false, i, "speaker: IGF \"Speaker n:\" field")
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
			p.add(per, !strings.EqualFold(per.Role, "speaker"), i, "person: IGF \"Name, Stakeholder, Group\" line under "+per.Role)
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
				p.add(record.Person{Name: name, Role: r}, true, i, "moderator: free-form role line of an IGF page")
			}
		}
	}
}

// orgLike reports a name that is an organization: it holds a word that
// names things ("Internet Society Saudi").
func orgLike(n string) bool {
	for _, w := range strings.Fields(n) {
		if isNotNameWord(w) {
			return true
		}
	}
	return false
}

// roleField is "Moderator: Name, Org" or "Speakers: Name (Org); Name".
var roleField = regexp.MustCompile(`(?i)^(?:(onsite|online|remote)\s+)?(moderators?|chairs?|facilitators?|rapporteurs?|speakers?|panell?ists?|presenters?|host)\s*:\s*(\S.*)$`)

// roleLabelPart is one role of a label that may name several ("Organiser
// and moderator", "Moderator / Rapporteur").
var (
	roleLabelPart = regexp.MustCompile(`(?i)^(?:(onsite|online|remote|in-person|lead|main)\s+)?((?:co-?)?organi[sz]ers?|(?:co-?)?organisat(?:eur|rice)s?|moderators?|modérat(?:eur|rice)s?|moderador(?:es|as?)?|chairs?|facilitators?|rapporteurs?|speakers?|intervenants?|panell?ists?|panelistas?|presenters?|hosts?)(?:\(s\))?$`)
	roleLabelSep  = regexp.MustCompile(`(?i)\s*(?:\band\b|\bet\b|\by\b|&|/|,)\s*`)
)

// labelRoles splits a field label into the roles it names; nil when a part
// is no role.
func labelRoles(label string) []string {
	var out []string
	for _, part := range roleLabelSep.Split(strings.TrimSpace(label), 5) {
		m := roleLabelPart.FindStringSubmatch(part)
		if m == nil {
			return nil
		}
		out = append(out, roleName(m[1], m[2]))
	}
	return out
}

// isOrganizerRole reports a role that organizes.
func isOrganizerRole(r string) bool {
	r = strings.ToLower(r)
	return strings.Contains(r, "organi")
}

// roleFields reads labelled role lines ("Moderator: Name, Org",
// "Organiser and moderator: Name, Org"); entries are separated by ";", or
// listed as "A (Org), B (Org) and C (Org)".
func roleFields(d *doc, p *people) {
	for i, l := range d.lines {
		label, value, ok := field(stripBullet(l))
		if !ok || value == "" {
			continue
		}
		roles := labelRoles(label)
		role := ""
		for _, r := range roles {
			if !isOrganizerRole(r) && role == "" {
				role = r
			}
		}
		if role == "" {
			continue
		}
		for _, part := range peopleListParts(value) {
			per, ok := personOf(part, false)
			if !ok {
				continue
			}
			per.Role = role
			p.add(per, moderatorRole(role), i, "person: labelled role line \""+label+":\"")
		}
	}
}

// peopleListParts splits the value of a people field: at ";", after a
// closing bracket followed by "," or "and" ("A (Org), B (Org) and C"), or
// at "," and "and" when every part is a person's name.
func peopleListParts(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ";") {
		if locs := closeBracketSep.FindAllStringIndex(part, 20); locs != nil {
			start := 0
			for _, loc := range locs {
				out = append(out, part[start:loc[0]+1]) // keep the bracket
				start = loc[1]
			}
			out = append(out, part[start:])
			continue
		}
		pieces := listJoin.Split(strings.TrimSpace(part), 20)
		// "Name, Org" is one entry: a list of names is joined by "and",
		// or each name has its honorific.
		joined := strings.Contains(part, " and ") || strings.Contains(part, " & ")
		all := len(pieces) > 1
		for _, p := range pieces {
			hon, rest := honorificOf(p)
			if hon.Canonical == "" && !joined {
				all = false
			}
			name, after := leadingName(rest, false)
			if after != "" || !plausibleName(name) || !personName(name) || hon.Canonical == "" && orgNoun.MatchString(name) {
				all = false
			}
		}
		if all {
			out = append(out, pieces...)
			continue
		}
		out = append(out, part)
	}
	return out
}

// closeBracketSep splits "A (Org), B (Org) and C" after each bracket.
var closeBracketSep = regexp.MustCompile(`\)\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)`)

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

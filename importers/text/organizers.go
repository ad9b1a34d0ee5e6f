package text

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Organizers, layer by layer: numbered IGF fields, proposer fields of
// proposal forms, labelled lines ("Organizer: A; B", "Organised by X"),
// the entries under an organizer heading or form question, the organizing
// field of WSIS templates, the organization line between a title and its
// session number or date, and last the prose ("organized by X", "the
// convenors … are A, B and C"). The first layer that names someone wins.

var (
	// "Organizer: A; B", "Organised by X", "Co-organizers: …" (no number:
	// numbered fields are IGF's).
	// organizerInline: "Organizer: A; B", "Organised by X", "Organisé par :
	// X", "Organizadores: X; Y", "Hosted by X" (no number: numbered
	// fields are IGF's).
	organizerInline = regexp.MustCompile(`(?i)^(?:` + organizerLabel + `)(?:\(s\))?\s*:\s*(\S.{1,300})$|^(?:co-?)?(?:organi[sz]ed|organis[ée]e?s?|organizad[oa]s?|hosted|convened|convoqu[ée]e?s?|convocad[oa]s?)\s+(?:by|par|por)\s+(\S.{1,200})$`)
	// organizerLabel: labels of an organizer field in English, French
	// and Spanish.
	organizerLabel  = `(?:co-?)?proposers?|(?:(?:session|workshop|event|panel|main|local)\s+)?(?:co-?)?organi[sz](?:ers?|ed by|ing (?:institutions?|organi[sz]ations?|partners?))|lead organi[sz]ations?|(?:co-?)?organisat(?:eur|rice)s?|organis[ée]e?s? par|(?:co-?)?organizador(?:es|as?)?|organizad[oa]s? por|hosts?|hosted by|convened by|conven[eo]rs?`
	organizingField = regexp.MustCompile(`(?i)organi[sz]ations?(?:/s)?\s+organi[sz]ing`)
	summaryOfLabel  = regexp.MustCompile(`(?i)^summary of session\s*:`)
	// The next field label of a WSIS template ends the organizer field.
	fieldLabel = regexp.MustCompile(`(?i)^(?:relevance|main outcomes|title|key achievements|quotes)\b`)
	urlLine    = regexp.MustCompile(`^<?https?://\S+>?$`)
	// A trailing "(ACRONYM)" of an organization name.
	trailingAcronym = regexp.MustCompile(`\s*\(([A-Z][A-Za-z0-9 .&-]{1,12})\)\s*$`)
	// An "(ACRONYM)" right at the start of s.
	leadingAcronym = regexp.MustCompile(`^\s*\(([A-Z][A-Za-z0-9 .&-]{1,12})\)`)
	// "Proposer's Name: Ms. Name", "Co-Proposer's Organization: Org".
	proposerField = regexp.MustCompile(`(?i)^(?:(?:lead|main|primary|session|co-?)\s*)?(?:proposer|organi[sz]er)['’]?s?\s+(name|organi[sz]ation)\s*:\s*(.*)$`)
	// "Mr,Francois,GREY,Academia,University of Geneva": a form row pasted
	// as comma-separated values.
	csvPersonRow = regexp.MustCompile(`^(Mr|Ms|Mrs|Dr|Prof|Mx)\.?,([^,]{2,40}),([^,]{2,40}),(.*)$`)
	// "represented by Ms. Name" inside an organizer field.
	representedBy = regexp.MustCompile(`(?i)\brepresented by\s+`)
	// Prose: "organized by X", "convened by X and Y", "celebrated by X".
	byOrganizer = regexp.MustCompile(`(?i)\b(?:co-?)?(?:organi[sz]ed|convened|celebrated)\s+by\s+(?:the\s+)?|(?:^|[^\p{L}])(?:co-?)?(?:organis[ée]e?s?|organizad[oa]s?|convoqu[ée]e?s?|convocad[oa]s?)\s+(?:par|por)\s+(?:(?:el|la|le|les|los|las|l['’])\s*)?`)
	// eventSubject: the words before "organized by" that make the event,
	// not the session, the thing organized.
	eventSubject = regexp.MustCompile(`(?i)\b(?:forum|summit|conference|igf|wsis)\s+(?:is|was|are|were|has been|will be)\s+(?:\w+\s+)?$`)
	// Prose: "the Convenors of this Round Table are A, B and C".
	convenorsAre = regexp.MustCompile(`(?i)\b(?:convenors?|conveners?|organi[sz]ers?|co-organi[sz]ers?|hosts?)\b(?:\s+of\s+[^,.;]{1,60})?\s+(?:are|were|is|was)\s+`)
	// Prose: "appreciated NIGF for organizing the forum".
	forOrganizing = regexp.MustCompile(`\b([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,5})\s+for\s+(?:organi[sz]ing|hosting|convening)\b`)
	// orgNoun: head words of organization names.
	orgListSep = regexp.MustCompile(`,\s*|\s+(?:and|et|y)\s+(?:(?:the|la|le|les|el|los|las)\s+|l['’])?|\s*&\s*|\s+(?:together with|in (?:partnership|collaboration|cooperation) with|jointly with)\s+(?:the\s+)?`)
	orgNoun    = regexp.MustCompile(`(?i)\b(?:organi[sz]ation|union|ministry|government|municipality|city|parliament|embassy|mission|bureau|division|directorate|lab|laboratory|team|foundation|association|network|institute|university|commission|agency|council|society|centre|center|bank|group|programme|partnership|coalition|secretariat|committee|forum|alliance|federation|company|corporation|department|office|authority|board|chamber|fund|academy|school|college|consortium|initiative|platform|collective|cooperative|cooperativa|coop|trust|hub|observatory|institution|inc|ltd|llc|gmbh|ngo|universit[ée]|universidad|r[ée]seau|red|instituto|institut|fundaci[oó]n|fondation|asociaci[oó]n|minist[eè]re|ministerio)\b`)
)

// organizers reads the organizers of a session page.
func organizers(d *doc, title string) []record.Organizer {
	// Labelled fields are explicit: a proposer field and a co-organizer
	// field of one form both name organizers.
	var merged []record.Organizer
	for _, layer := range []func(*doc) ([]record.Organizer, int, string){numberedOrganizers, proposerOrganizers, inlineOrganizers} {
		out, i, rule := layer(d)
		var fresh []record.Organizer
		for _, o := range out {
			if !slices.ContainsFunc(merged, func(m record.Organizer) bool { return nameKey(m.Name) == nameKey(o.Name) }) {
				fresh = append(fresh, o)
			}
		}
		noteOrganizers(d, fresh, i, rule)
		merged = append(merged, fresh...)
	}
	if len(merged) > 0 {
		return merged
	}
	for _, layer := range []func(*doc) ([]record.Organizer, int, string){organizerBlocks, organizingFieldOrganizers} {
		if out, i, rule := layer(d); len(out) > 0 {
			noteOrganizers(d, out, i, rule)
			return out
		}
	}
	if out, i := organizerAfterTitle(d, title); len(out) > 0 {
		noteOrganizers(d, out, i, "organizer: organization line between the title and the session number or date")
		return out
	}
	if out, i := orgDashNameLines(d); len(out) > 0 {
		noteOrganizers(d, out, i, "organizer: run of \"Org – Name\" lines (the heading lost)")
		return out
	}
	if out, i, rule := proseOrganizers(d); len(out) > 0 {
		noteOrganizers(d, out, i, rule)
		return out
	}
	return nil
}

// noteOrganizers notes each organizer with the line that names it (the
// first from line i on), else line i.
func noteOrganizers(d *doc, out []record.Organizer, i int, rule string) {
	for _, o := range out {
		at := i
		for j := max(i, 0); j < len(d.lines) && j < i+60; j++ {
			if strings.Contains(d.lines[j], o.Name) {
				at = j
				break
			}
		}
		d.note("organizers", o.Name, rule, at)
	}
}

// numberedOrganizers reads "Organizer n: Name, Org"; a field holding only a
// stakeholder group names no one.
func numberedOrganizers(d *doc) ([]record.Organizer, int, string) {
	var out []record.Organizer
	first := -1
	for i, l := range d.lines {
		m := organizerN.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		name, org, _ := strings.Cut(m[1], ",")
		if _, ok := taxonomy.ParseStakeholder(name); ok {
			continue // "Organizer 1: Civil Society, African Group" names no one
		}
		if first < 0 {
			first = i
		}
		out = append(out, record.Organizer{Name: strings.TrimSpace(name), Organization: strings.Trim(strings.TrimSpace(org), "?")})
	}
	return out, first, "organizer: IGF \"Organizer n:\" field"
}

// proposerOrganizers reads proposal forms: "Proposer's Name: Ms. Name",
// "Proposer's Organization: Org", the co-proposer likewise, and form rows
// pasted as values right after them ("Mr,Given,SURNAME,Group,Org").
func proposerOrganizers(d *doc) ([]record.Organizer, int, string) {
	var out []record.Organizer
	first, last := -1, -1
	for i, l := range d.lines {
		if m := proposerField.FindStringSubmatch(stripBullet(l)); m != nil {
			v := strings.TrimSpace(m[2])
			if strings.EqualFold(m[1], "name") {
				_, rest := honorific(v)
				if rest != "" {
					out = append(out, record.Organizer{Name: rest})
				}
			} else if len(out) > 0 && out[len(out)-1].Organization == "" {
				out[len(out)-1].Organization = v
			}
			if first < 0 {
				first = i
			}
			last = i
			continue
		}
		if last >= 0 && i-last <= 3 {
			if m := csvPersonRow.FindStringSubmatch(l); m != nil {
				fields := strings.Split(m[4], ",")
				o := record.Organizer{Name: strings.TrimSpace(m[2]) + " " + strings.TrimSpace(m[3])}
				if n := len(fields); n > 0 {
					o.Organization = strings.TrimSpace(fields[n-1])
				}
				out = append(out, o)
				last = i
			}
		}
	}
	return out, first, "organizer: proposer field of a proposal form"
}

// inlineOrganizers reads "Organizer: A; B" and "Organised by X" lines.
func inlineOrganizers(d *doc) ([]record.Organizer, int, string) {
	var out []record.Organizer
	first := -1
	for i, l := range d.lines {
		m := organizerInline.FindStringSubmatch(stripBullet(l))
		if m == nil {
			// "Organiser and moderator: Name, Org": a label naming
			// several roles, one of them organizing.
			label, value, ok := field(stripBullet(l))
			if !ok || value == "" || !slices.ContainsFunc(labelRoles(label), isOrganizerRole) {
				continue
			}
			m = []string{l, value, ""}
		}
		v := m[1] + m[2]
		if representedBy.MatchString(v) {
			continue // a run-on field, read by organizerBlocks
		}
		out = append(out, organizerList(v)...)
		if first < 0 {
			first = i
		}
	}
	return out, first, "organizer: labelled line"
}

// listJoin separates the names of a list of organizations: commas, "and",
// "&", French "et", Spanish "y".
var listJoin = regexp.MustCompile(`\s*,\s*(?:and\s+|et\s+|y\s+)?|\s+(?:and|et|y|&)\s+|\s+(?:in (?:partnership|collaboration|cooperation) with|together with|jointly with|en (?:partenariat|collaboration) avec|en colaboración con)\s+(?:the\s+)?`)

// organizerList reads the value of an organizer field: entries separated by
// ";", and within an entry a list of organizations ("UNESCO, ITU and
// UNDP") when every part is a name of its own; "Ms. Name, Org" and
// "Ministry of Science and Technology" stay whole.
func organizerList(v string) []record.Organizer {
	var out []record.Organizer
	for _, part := range strings.Split(v, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		o := organizerOf(part)
		if o.Name != o.Organization && o.Organization != "" || len(listJoin.FindAllStringIndex(part, 2)) == 0 {
			out = append(out, o) // a person with an organization, or one name
			continue
		}
		pieces := listJoin.Split(strings.TrimPrefix(part, "the "), 12)
		for k := range pieces {
			pieces[k] = strings.TrimPrefix(strings.TrimSpace(pieces[k]), "the ")
		}
		whole := false
		for _, p := range pieces {
			if !separateOrgName(p) {
				whole = true
			}
		}
		if whole {
			out = append(out, o)
			continue
		}
		for _, p := range pieces {
			out = append(out, organizerOf(p))
		}
	}
	return out
}

// separateOrgName reports a piece of a list that names an organization on
// its own: an acronym, or capitalised words ending in an organization noun
// or a name ("Mesh Makers Collective"); not "Technology" left over from
// "Ministry of Science and Technology".
func separateOrgName(p string) bool {
	f := strings.Fields(strings.TrimSpace(p))
	if len(f) == 0 || !startsUpper(f[0]) {
		return false
	}
	if len(f) == 1 {
		return isAllCapsAcronym(f[0]) || strings.IndexFunc(f[0][1:], func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
	}
	return orgNoun.MatchString(p) || looksLikeOrgName(p)
}

// organizerBlocks reads the entries under an organizer heading ("Session
// Organizers", "Organizer(s)", "Name(s) … of institutional co-organizer(s)",
// "Organiser(s) Name:"): people with their organization ("Name, Org",
// "Name (Org)", a name line then a "Title, Org" line), organizations, and
// run-on fields ("Org represented by Ms. Name Org represented by …").
func organizerBlocks(d *doc) ([]record.Organizer, int, string) {
	var out []record.Organizer
	first := -1
	for i, l := range d.lines {
		s := stripBullet(l)
		label, value, isField := field(s)
		heading := isOrganizerHeading(s) || isField && value == "" && isOrganizerHeading(label)
		if !heading {
			if isField && value != "" && representedBy.MatchString(value) && strings.Contains(strings.ToLower(label), "organi") {
				out = append(out, representedOrganizers(value)...)
				if first < 0 {
					first = i
				}
			}
			continue
		}
		if first < 0 {
			first = i
		}
		var pending *record.Organizer
		inPerson := false // the lines after a person are their title and biography
		for j := i + 1; j < len(d.lines) && j < i+40; j++ {
			t := stripBullet(d.lines[j])
			if t == "" {
				if len(out) > 0 && d.nonEmpty(j) >= 0 && !plausibleEntry(d.lines[d.nonEmpty(j)]) {
					break
				}
				continue
			}
			if m := avatarRe.FindStringSubmatch(t); m != nil {
				continue // the name line follows
			}
			if d.furniture[j] {
				continue
			}
			if _, ok := roleHeadingOf(t); ok || isOrganizerHeading(t) && j > i+1 {
				break
			}
			if representedBy.MatchString(t) {
				out = append(out, representedOrganizers(t)...)
				continue
			}
			if strings.HasSuffix(t, "?") {
				break // the next question of a form
			}
			if len(t) > 150 || inPerson && (strings.HasSuffix(t, ".") || len(t) > 100) {
				// A biography under a name: skip it, the block goes on.
				continue
			}
			if per, ok := personOf(t, true); ok && (pending == nil || pending.Organization != "" || strings.ContainsAny(t, ",(")) {
				out = append(out, record.Organizer{Name: per.Name, Organization: per.Organization})
				pending = &out[len(out)-1]
				inPerson = true
				continue
			}
			if pending != nil && pending.Organization == "" {
				// "Head of External Relations, RIPE NCC" under the name;
				// a line without a title is the next entry, and so is an
				// organization with its own acronym ("Instituto … (IDEC)"):
				// the line above was an organization too.
				if trailingAcronym.MatchString(t) && !strings.Contains(t, ", ") {
					*pending = organizerOf(pending.Name)
					pending = nil
				} else if job, org := splitTitleOrg(t); org != "" && (job != "" || strings.Contains(t, ", ") || looksLikeOrg(t)) {
					pending.Organization = org
					pending = nil
					continue
				}
				pending = nil
			}
			if looksLikeOrg(t) || shortEntry(t) {
				out = append(out, organizerOf(t))
				pending, inPerson = nil, false
				continue
			}
			break
		}
		if len(out) > 0 {
			break
		}
	}
	return out, first, "organizer: entry under an organizer heading"
}

// shortEntry reports a short line that can be an entry under an explicit
// heading: a few words, no sentence, no label, no question.
func shortEntry(s string) bool {
	f := strings.Fields(s)
	return len(s) <= 120 && len(f) <= 12 && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") &&
		!strings.Contains(s, ": ") && !boiler.MatchString(s) && startsUpper(s)
}

// plausibleEntry reports a line that can continue an organizer block.
func plausibleEntry(l string) bool {
	s := stripBullet(l)
	if _, ok := personOf(s, true); ok {
		return true
	}
	return looksLikeOrg(s) || avatarRe.MatchString(s)
}

// looksLikeOrg reports a short line that names an organization: an
// organization head word, or an acronym, and no sentence.
func looksLikeOrg(s string) bool {
	if len(s) > 120 || strings.HasSuffix(s, ".") && len(strings.Fields(s)) > 6 || strings.Contains(s, ": ") {
		return false
	}
	if orgNoun.MatchString(s) {
		return true
	}
	for _, w := range strings.Fields(s) {
		if isAllCapsAcronym(strings.Trim(w, "(),.")) {
			return true
		}
	}
	return false
}

// representedOrganizers reads "Org represented by Ms. Name Org represented
// by Mr. Name …": the people, each with the organization before them.
func representedOrganizers(v string) []record.Organizer {
	var out []record.Organizer
	locs := representedBy.FindAllStringIndex(v, 20)
	prevEnd := 0
	org := ""
	for k, loc := range locs {
		if k == 0 {
			org = strings.TrimSpace(v[:loc[0]])
		}
		hon, rest := honorificOf(v[loc[1]:])
		name, after := leadingName(rest, false)
		// A run-on: the next organization follows the name without a
		// break; a name is two words unless a particle or the text ends.
		if f := strings.Fields(name); len(f) > 2 && !isParticle(f[1]) && after != "" {
			name = strings.Join(f[:2], " ")
			after = strings.Join(f[2:], " ") + " " + after
		}
		_ = hon
		if plausibleName(name) {
			out = append(out, record.Organizer{Name: name, Organization: strings.TrimSpace(strings.TrimRight(org, ":"))})
		}
		prevEnd = loc[1]
		if k+1 < len(locs) {
			org = strings.TrimSpace(after)
			if end := strings.Index(org, " represented by"); end >= 0 {
				org = org[:end]
			}
			if nxt := locs[k+1][0]; nxt > prevEnd {
				seg := v[prevEnd:nxt]
				if idx := strings.Index(seg, name); idx >= 0 {
					org = strings.TrimSpace(seg[idx+len(name):])
				}
			}
		}
	}
	return out
}

// organizingFieldOrganizers reads the items under "Name of Organization/s
// organizing the session" of WSIS templates (up to the next blank line or
// field label).
func organizingFieldOrganizers(d *doc) ([]record.Organizer, int, string) {
	var out []record.Organizer
	for i, l := range d.lines {
		if !organizingField.MatchString(l) {
			continue
		}
		for j := i + 1; j < len(d.lines) && j < i+8; j++ {
			s := d.lines[j]
			if s == "" {
				if len(out) > 0 {
					break
				}
				continue
			}
			if numHeading.MatchString(s) || strings.HasPrefix(stripBullet(s), "3)") || fieldLabel.MatchString(stripBullet(s)) {
				break
			}
			for _, part := range strings.Split(stripBullet(s), ";") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, organizerOf(part))
				}
			}
		}
		if len(out) > 0 {
			return out, i, "organizer: organizing field of a WSIS template"
		}
	}
	return nil, -1, ""
}

// organizerAfterTitle reads the organization line that WSIS agenda pages,
// outcome templates and IGF coalition pages put after the title, followed
// by a session number, a date or a format line.
func organizerAfterTitle(d *doc, title string) ([]record.Organizer, int) {
	titleAt := -1
	for i, l := range d.lines {
		if l != "" && !d.furniture[i] && (title != "" && strings.Contains(collapse(l), title) || summaryOfLabel.MatchString(l)) {
			titleAt = i
			break
		}
	}
	if titleAt < 0 {
		return nil, -1
	}
	// The first short line after the title (and a repeated title) that is
	// not a date, a URL, a room or a list of people.
	for j := titleAt + 1; j < len(d.lines) && j < titleAt+8; j++ {
		s := d.lines[j]
		if s == "" || d.furniture[j] || collapse(s) == collapse(d.lines[titleAt]) || strings.Contains(s, title) {
			continue
		}
		if len(s) > 100 || urlLine.MatchString(s) || sessNum.MatchString(s) || formatLine.MatchString(s) || !strings.ContainsFunc(s, isLetter) {
			break
		}
		if date, _ := findDate(s); date != "" || isDateLine(s) || organizerN.MatchString(s) || speakerN.MatchString(s) || strings.Contains(s, ":") {
			break
		}
		if eventOnly.MatchString(s) || venueLine(s) {
			break
		}
		if !orgFollowedByMarker(d, j) {
			break
		}
		var out []record.Organizer
		for _, part := range splitOrgList(s) {
			out = append(out, expandAcronym(d, organizerOf(part)))
		}
		return out, j
	}
	return nil, -1
}

func isLetter(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 }

// splitOrgList splits "A; B" and "A and B" when both sides are
// organizations ("World Health Organization and International
// Telecommunication Union"), never "Ministry of Science and Technology".
func splitOrgList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if a, b, ok := strings.Cut(part, " and "); ok && (orgNoun.MatchString(a) && orgNoun.MatchString(b) && len(strings.Fields(a)) >= 2 && len(strings.Fields(b)) >= 2 ||
			separateOrgName(a) && separateOrgName(b) && (hasAcronym(a) || hasAcronym(b))) {
			out = append(out, strings.TrimSpace(a), strings.TrimSpace(b))
			continue
		}
		// "ITU, Women4Cyber Foundation": organizations one after another,
		// never "Ministry of Health, Kenya".
		if pieces := strings.Split(part, ", "); len(pieces) > 1 && !slices.ContainsFunc(pieces, func(p string) bool {
			_, country := countryField(p)
			return country || !separateOrgName(p)
		}) {
			for _, p := range pieces {
				out = append(out, strings.TrimSpace(p))
			}
			continue
		}
		out = append(out, part)
	}
	return out
}

// orgFollowedByMarker reports whether the next non-empty line after j is a
// session number, a date or a format line: what makes line j an organizer.
func orgFollowedByMarker(d *doc, j int) bool {
	k := d.nonEmpty(j + 1)
	if k < 0 {
		return false
	}
	s := d.lines[k]
	date, _ := findDate(s)
	return sessNum.MatchString(s) || formatLine.MatchString(s) || date != ""
}

// proseOrganizers reads organizers from sentences: "organized by X",
// "celebrated by X and Y", "the Convenors … are A, B and C", "X for
// organizing".
func proseOrganizers(d *doc) ([]record.Organizer, int, string) {
	paras := d.paragraphs()
	for _, pg := range paras {
		i, l := pg.line, pg.text
		if len(l) < 20 {
			continue
		}
		if loc := convenorsAre.FindStringIndex(l); loc != nil {
			if out := orgListAt(l[loc[1]:]); len(out) >= 1 {
				return out, i, "organizer: \"the convenors are …\" in prose"
			}
		}
	}
	for _, pg := range paras {
		i, l := pg.line, pg.text
		if len(l) < 20 {
			continue
		}
		for _, loc := range byOrganizer.FindAllStringIndex(l, 5) {
			if eventSubject.MatchString(l[max(0, loc[0]-60):loc[0]]) {
				continue // "The Forum is co-organized by …": the event, not the session
			}
			if out := orgListAt(l[loc[1]:]); len(out) >= 1 {
				return out, i, "organizer: \"organized by …\" in prose"
			}
		}
		if m := forOrganizing.FindStringSubmatch(l); m != nil && looksLikeOrgName(m[1]) {
			return []record.Organizer{organizerOf(m[1])}, i, "organizer: \"X for organizing\" in prose"
		}
	}
	return nil, -1, ""
}

// orgListAt reads a list of organization names at the start of s: "A, B,
// C and the D", up to the end of the sentence.
func orgListAt(s string) []record.Organizer {
	if end := strings.IndexAny(s, ".;:\n"); end >= 0 {
		s = s[:end]
	}
	var out []record.Organizer
	for _, part := range joinAcronymParts(orgListSep.Split(s, 12)) {
		part = strings.TrimSpace(leadArticle.ReplaceAllString(strings.TrimSpace(part), ""))
		// A name runs over capitalised words and connectors.
		part = strings.TrimSpace(strings.TrimPrefix(part, "and "))
		words := strings.Fields(part)
		n := 0
		for n < len(words) && (startsUpper(words[n]) || n > 0 && orgNoun.MatchString(words[n]) ||
			n > 0 && nameConnector(words[n]) && n+1 < len(words) && (startsUpper(words[n+1]) || n+2 < len(words) && nameConnector(words[n+1]) && startsUpper(words[n+2])) ||
			n > 0 && n == len(words)-1 && leadingAcronym.MatchString(words[n])) {
			n++
		}
		if n == 0 {
			if len(out) > 0 {
				break
			}
			return nil
		}
		name := strings.Join(words[:n], " ")
		if f := strings.Fields(name); len(f) > 8 && !trailingAcronym.MatchString(name) || len(f) > 14 || len(f) == 1 && len(out) == 0 && !looksLikeOrgName(name) && !strings.ContainsAny(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			break
		}
		out = append(out, organizerOf(name))
		if n < len(words) {
			break // the sentence goes on after the list
		}
	}
	return out
}

// hasAcronym reports a word in capitals ("UN Women", "ITU").
func hasAcronym(s string) bool {
	for _, w := range strings.Fields(s) {
		if isAllCapsAcronym(strings.Trim(w, "(),.")) {
			return true
		}
	}
	return false
}

// leadArticle: an article before a name.
var leadArticle = regexp.MustCompile(`^(?:the|el|la|le|les|los|las)\s+|^l['’]`)

// nameConnector: small words inside organization names ("Law Faculty of
// the University", "Ministerio de Tecnologías de la Información").
func nameConnector(w string) bool {
	switch w {
	case "of", "for", "on", "and", "the", "de", "del", "la", "las", "los", "des", "du", "d'", "d’", "et", "y", "e", "do", "da", "dos":
		return true
	}
	return false
}

// joinAcronymParts puts back together a name that a list split at "and"
// when its acronym says it is one: "Collaboration on … for East" and
// "Southern Africa (CIPESA)".
func joinAcronymParts(parts []string) []string {
	var out []string
	for _, p := range parts {
		if n := len(out); n > 0 {
			if m := trailingAcronym.FindStringSubmatch(p); m != nil {
				joined := out[n-1] + " and " + p
				if !acronymFits(trailingAcronym.ReplaceAllString(p, ""), m[1]) && acronymFits(trailingAcronym.ReplaceAllString(joined, ""), m[1]) {
					out[n-1] = joined
					continue
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// acronymFits reports whether the capitalised words of name give acr:
// the same first letter, and acr's letters in order among the initials.
func acronymFits(name, acr string) bool {
	var initials []rune
	for _, w := range strings.Fields(name) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			initials = append(initials, r)
		}
	}
	letters := []rune(strings.ToUpper(strings.ReplaceAll(acr, " ", "")))
	if len(letters) < 2 || len(initials) == 0 || initials[0] != letters[0] {
		return false
	}
	k := 0
	for _, r := range initials {
		if k < len(letters) && r == letters[k] {
			k++
		}
	}
	return k == len(letters)
}

// looksLikeOrgName reports a name of an organization rather than of a
// person: an organization word, an acronym, or a single capitalised word
// that is not a person's name.
func looksLikeOrgName(s string) bool {
	if orgNoun.MatchString(s) {
		return true
	}
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 8 {
		return false
	}
	for _, w := range f {
		if isAllCapsAcronym(w) || strings.IndexFunc(w[1:], func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0 {
			return true // "ICT", "GirlsCoding"
		}
	}
	return len(f) >= 2 && !plausibleName(s)
}

func startsUpper(w string) bool {
	return upperFirst(w)
}

// organizerOf makes an organizer from an organization name, with its
// acronym as the organization when one is given in brackets.
func organizerOf(s string) record.Organizer {
	s = collapse(strings.TrimRight(s, " .,"))
	s = strings.TrimPrefix(s, "the ")
	if bc, ok := bracketCountry(s); ok && bc.body != "" {
		s = bc.body // "Age Digital Alliance (Australia)": the country is no part of the name
	}
	if k := strings.LastIndex(s, ", "); k > 0 {
		if _, ok := countryField(s[k+2:]); ok {
			s = s[:k] // "Data Justice Lab, United Kingdom"
		}
	}
	o := record.Organizer{Name: s, Organization: s}
	if m := trailingAcronym.FindStringSubmatch(s); m != nil {
		o.Organization = m[1]
	}
	// "Ms. Name, Org", "Name (Org)": a person with an organization.
	hon, rest := honorificOf(s)
	if name, after := leadingName(rest, true); plausibleName(name) && personName(name) &&
		(hon.Canonical != "" || strings.HasPrefix(after, ",") || strings.HasPrefix(after, "(")) {
		per, _ := personOf(s, true)
		o = record.Organizer{Name: per.Name, Organization: per.Organization}
	}
	return o
}

// expandAcronym adds the acronym the text gives an organizer elsewhere:
// "Dynamic Coalition on X" and later "Dynamic Coalition on X (DC X)".
func expandAcronym(d *doc, o record.Organizer) record.Organizer {
	if strings.HasSuffix(o.Name, ")") {
		return o
	}
	rest := d.text
	for n := 0; n < 50; n++ {
		i := strings.Index(rest, o.Name)
		if i < 0 {
			break
		}
		rest = rest[i+len(o.Name):]
		if m := leadingAcronym.FindStringSubmatch(rest); m != nil {
			o.Name += " (" + m[1] + ")"
			o.Organization = m[1]
			break
		}
	}
	return o
}

// orgDashSep splits "Org - Name" once.
var orgDashSep = regexp.MustCompile(`^(.+?)\s+[-–—]\s+(.+)$`)

// orgDashNameLines reads a run of at least two lines "Org – Name", the
// organizer block of a session page whose heading the stored copy lost
// ("UN Women - Name", "Web Foundation - Name"). A run under a role
// heading (Speakers, Panellists) names speakers, not organizers.
func orgDashNameLines(d *doc) ([]record.Organizer, int) {
	var run []record.Organizer
	start := -1
	for i := 0; i <= len(d.lines); i++ {
		var o record.Organizer
		ok := false
		if i < len(d.lines) && !d.furniture[i] && stripBullet(d.lines[i]) == d.lines[i] {
			o, ok = orgDashName(d.lines[i])
		}
		if ok {
			if len(run) == 0 {
				start = i
			}
			run = append(run, o)
			continue
		}
		if len(run) >= 2 {
			if p := d.prevNonEmpty(start); p < 0 || !isRoleHeading(d.lines[p]) {
				return run, start
			}
		}
		run, start = nil, -1
	}
	return nil, -1
}

// orgDashName reads one "Org – Name" line: a short capitalised
// organization, then a whole person's name.
func orgDashName(l string) (record.Organizer, bool) {
	m := orgDashSep.FindStringSubmatch(strings.TrimSpace(l))
	if m == nil || len(l) > 120 {
		return record.Organizer{}, false
	}
	org, person := strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	if !upperFirst(org) || len(strings.Fields(org)) > 8 || strings.ContainsAny(org, ":,;.") {
		return record.Organizer{}, false
	}
	hon, rest := honorificOf(person)
	name, after := leadingName(rest, true)
	if after != "" || !plausibleName(name) || !personName(name) || len(strings.Fields(name)) > 4 || orgNoun.MatchString(name) {
		return record.Organizer{}, false
	}
	if _, ok := personOf(org, false); ok && hon.Canonical == "" && !orgNoun.MatchString(org) && !hasAcronym(org) {
		return record.Organizer{}, false // "Name – Name": no organization
	}
	return record.Organizer{Name: name, Organization: org}, true
}

// isRoleHeading reports a heading naming the role of people listed under it.
func isRoleHeading(l string) bool {
	_, ok := roleHeadingOf(stripBullet(l))
	return ok
}

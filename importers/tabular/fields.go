package tabular

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Canonical field names. Column headers and JSON keys map onto these through
// fieldOf; everything downstream only knows the canonical names.
const (
	fKind        = "kind"
	fID          = "id"
	fTitle       = "title"
	fOrg         = "organization"
	fCountry     = "country"
	fActionLines = "action_lines"
	fSDGs        = "sdgs"
	fYear        = "year"
	fDate        = "date"
	fDescription = "description"
	fURL         = "url"
	fStatus      = "status"
	fEvent       = "event"
	fKeywords    = "keywords"
	fGenderFocus = "gender_focus"
	fSource      = "source"
	fName        = "name"
	fFirstName   = "first_name"
	fLastName    = "last_name"
	fHonorific   = "honorific"
	fGender      = "gender"
	fJobTitle    = "job_title"
	fRegion      = "region"
	fExpertise   = "expertise"
	fLanguages   = "languages"
	fBio         = "bio"
	fEmail       = "email"
	fPhone       = "phone"
	fLinkedIn    = "linkedin"
)

// normHeader folds a header or key for alias matching: case, spaces,
// underscores, hyphens and punctuation do not matter ("Action_Line(s)" and
// "action line s" are the same).
func normHeader(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// fieldOf maps a normalised header to its canonical field, or "" when the
// column is not one stocktake reads.
func fieldOf(norm string) string {
	switch norm {
	case "kind", "type", "record type":
		return fKind
	case "id", "entry id", "project id", "record id":
		return fID
	case "title", "project", "project title", "project name", "name of project", "initiative":
		return fTitle
	case "organization", "organisation", "org", "entity", "organization name", "organisation name", "institution", "affiliation":
		return fOrg
	case "country", "countries", "country name", "nationality":
		return fCountry
	case "action line", "action lines", "action line s", "actionline", "actionlines", "wsis action line", "wsis action lines", "category", "prize category", "al":
		return fActionLines
	case "sdg", "sdgs", "sdg s", "goal", "goals", "sustainable development goals":
		return fSDGs
	case "year", "prize year":
		return fYear
	case "date":
		return fDate
	case "description", "summary", "abstract", "project description":
		return fDescription
	case "url", "link", "website", "web", "homepage", "web site":
		return fURL
	case "status", "prize status", "prize":
		return fStatus
	case "event":
		return fEvent
	case "keywords", "tags":
		return fKeywords
	case "gender focus":
		return fGenderFocus
	case "source", "repository", "collection", "listing", "dataset":
		return fSource
	case "name", "full name", "fullname", "person", "speaker":
		return fName
	case "first name", "firstname", "given name":
		return fFirstName
	case "last name", "lastname", "surname", "family name":
		return fLastName
	case "honorific", "title prefix", "salutation", "prefix":
		return fHonorific
	case "gender", "sex":
		return fGender
	case "job title", "jobtitle", "position", "role", "function":
		return fJobTitle
	case "region", "regions", "itu region", "un regional group", "regional group":
		return fRegion
	case "expertise", "areas of expertise", "area of expertise", "topics", "skills":
		return fExpertise
	case "languages", "language", "spoken languages":
		return fLanguages
	case "bio", "biography", "profile":
		return fBio
	case "email", "e mail", "email address", "mail":
		return fEmail
	case "phone", "telephone", "tel", "mobile", "phone number":
		return fPhone
	case "linkedin", "linkedin url", "linkedin profile":
		return fLinkedIn
	}
	return ""
}

// row is one table row or JSON object after its columns were mapped to
// canonical fields. A field may have several values (two columns mapping to
// the same field, or a JSON array).
type row struct {
	line int
	vals map[string][]string
}

// get returns the first non-empty value of a field.
func (r row) get(f string) string {
	for _, v := range r.vals[f] {
		if v = clean(v); v != "" {
			return v
		}
	}
	return ""
}

// has reports whether the row carries the field at all, even empty: shape
// detection looks at which columns exist, not at one row's content.
func (r row) has(f string) bool {
	_, ok := r.vals[f]
	return ok
}

// clean trims and collapses internal whitespace.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// fileInfo is what every row of a file shares.
type fileInfo struct {
	name   string // base file name, for ids from an id column
	format string
	// womenInTech is set when the container (a JSON wrapper object) carries
	// the women-in-tech marker, so every person in it is a woman.
	womenInTech bool
	// kind is a kind implied by the container (a "people" array).
	kind record.Kind
}

// womenInTech matches the marker of a women-in-tech listing in a source,
// repository or collection value.
var womenInTech = regexp.MustCompile(`(?i)\bwomen\W*in\W*tech`)

// shape decides whether a row describes a person or a project from the
// fields it carries: a full name, a first+last name, or a name next to a
// person-only column means a person; otherwise it is a project.
func shape(r row, hint record.Kind) record.Kind {
	if hint != "" {
		return hint
	}
	if r.has(fFirstName) || r.has(fLastName) {
		return record.KindPerson
	}
	if r.has(fName) && !r.has(fTitle) {
		for _, f := range []string{fGender, fJobTitle, fExpertise, fLanguages, fBio, fEmail, fPhone, fHonorific, fLinkedIn} {
			if r.has(f) {
				return record.KindPerson
			}
		}
	}
	return record.KindProject
}

// parseKind reads a kind column value.
func parseKind(s string) (record.Kind, bool) {
	switch normHeader(s) {
	case "project", "projects", "initiative", "stocktaking", "prize":
		return record.KindProject, true
	case "person", "people", "woman", "women", "speaker", "expert":
		return record.KindPerson, true
	case "session", "sessions", "report", "session report":
		return record.KindSession, true
	}
	return "", false
}

// build turns a row into a record. warns are problems that do not stop the
// row; a non-nil err rejects it.
func build(r row, fi fileInfo) (rec record.Record, warns []string, err error) {
	kind := shape(r, fi.kind)
	if k := r.get(fKind); k != "" {
		kk, ok := parseKind(k)
		if !ok {
			return rec, nil, fmt.Errorf("unknown kind %q", k)
		}
		kind = kk
	}
	rec.Kind = kind
	rec.Source.Format = fi.format

	if kind == record.KindPerson {
		if err := buildPerson(&rec, r, fi, &warns); err != nil {
			return rec, warns, err
		}
	} else {
		rec.Title = r.get(fTitle)
		if rec.Title == "" {
			rec.Title = r.get(fName)
		}
		if rec.Title == "" {
			return rec, warns, fmt.Errorf("empty title")
		}
		rec.Summary = r.get(fDescription)
		rec.URL = r.get(fURL)
	}
	rec.Organization = r.get(fOrg)

	for _, v := range r.vals[fCountry] {
		codes, bad := resolveList(v, countryCode, countryCode)
		rec.Countries = appendNew(rec.Countries, codes...)
		for _, b := range bad {
			warns = append(warns, fmt.Sprintf("country %q not recognised", b))
			rec.Missing = appendNew(rec.Missing, "country")
		}
	}
	for _, v := range r.vals[fActionLines] {
		codes, bad := resolveList(v, taxonomy.ParseActionLine, actionLineName)
		if len(bad) > 0 {
			return rec, warns, fmt.Errorf("unknown action line %q", bad[0])
		}
		rec.ActionLines = appendNew(rec.ActionLines, codes...)
	}
	for _, v := range r.vals[fSDGs] {
		if err := addSDGs(&rec, v); err != nil {
			return rec, warns, err
		}
	}
	if y := r.get(fYear); y != "" {
		n, ok := parseYear(y)
		if !ok {
			return rec, warns, fmt.Errorf("unparseable year %q", y)
		}
		rec.Year = n
	}
	if d := r.get(fDate); d != "" {
		if isoDate.MatchString(d) {
			rec.Date = d[:10]
			if rec.Year == 0 {
				rec.Year, _ = strconv.Atoi(d[:4])
			}
		} else {
			warns = append(warns, fmt.Sprintf("date %q is not YYYY-MM-DD, ignored", d))
		}
	}
	rec.Event = r.get(fEvent)
	if s := r.get(fStatus); s != "" {
		st, ok := parseStatus(s)
		if !ok {
			warns = append(warns, fmt.Sprintf("prize status %q not understood", s))
		} else {
			rec.Prize = &record.Prize{Year: rec.Year, Status: st}
			if len(rec.ActionLines) > 0 {
				rec.Prize.Category = rec.ActionLines[0]
			}
			if rec.Event == "" {
				rec.Event = "WSIS Prizes"
			}
		}
	}
	for _, v := range r.vals[fKeywords] {
		rec.Keywords = appendNew(rec.Keywords, splitOn(v, ";|")...)
	}
	if g := r.get(fGenderFocus); g != "" {
		switch f := strings.ToLower(g); f {
		case record.GenderPrimary, record.GenderSignificant, record.GenderMention, record.GenderNone:
			rec.GenderFocus = f
		default:
			warns = append(warns, fmt.Sprintf("gender focus %q not understood", g))
		}
	}
	for _, v := range r.vals[fRegion] {
		for _, p := range splitOn(v, ";|") {
			if !addRegion(&rec, p) {
				warns = append(warns, fmt.Sprintf("region %q not recognised", p))
			}
		}
	}

	switch {
	case r.get(fURL) != "" && kind != record.KindPerson:
		rec.ID = record.MakeID(kind, r.get(fURL))
	case r.get(fID) != "":
		// An id column is only unique within its listing, hence the file name.
		rec.ID = record.MakeID(kind, fi.name+"#id:"+r.get(fID))
	}
	return rec, warns, nil
}

func buildPerson(rec *record.Record, r row, fi fileInfo, warns *[]string) error {
	name := r.get(fName)
	if name == "" {
		name = clean(r.get(fFirstName) + " " + r.get(fLastName))
	}
	rec.Honorific = r.get(fHonorific)
	if rec.Honorific == "" {
		// The one honorific reading of stocktake (taxonomy.CutHonorific).
		var h taxonomy.Honorific
		h, name = taxonomy.CutHonorific(name)
		rec.Honorific = h.Canonical
	}
	if name == "" {
		return fmt.Errorf("empty name")
	}
	rec.Name, rec.Title = name, name
	rec.JobTitle = r.get(fJobTitle)
	if rec.JobTitle != "" { // a person's title is their position (record.DisplayTitle)
		rec.Title = rec.JobTitle
	}
	rec.Bio = r.get(fBio)
	for _, v := range r.vals[fExpertise] {
		rec.Expertise = appendNew(rec.Expertise, splitOn(v, ";|")...)
	}
	for _, v := range r.vals[fLanguages] {
		rec.Languages = appendNew(rec.Languages, splitOn(v, ";|,/")...)
	}
	if g := r.get(fGender); g != "" {
		gg, ok := parseGender(g)
		if !ok {
			*warns = append(*warns, fmt.Sprintf("gender %q not understood, left unknown", g))
		}
		rec.Gender = gg
	}
	if rec.Gender == "" && (fi.womenInTech || womenInTech.MatchString(r.get(fSource))) {
		rec.Gender = "female"
	}
	c := record.Contact{Email: r.get(fEmail), Phone: r.get(fPhone), Website: r.get(fURL)}
	if c.Website == "" {
		c.Website = r.get(fLinkedIn)
	}
	if c != (record.Contact{}) {
		rec.Contact = &c
	}
	return nil
}

func parseGender(s string) (string, bool) {
	switch strings.ToLower(clean(s)) {
	case "female", "f", "woman", "women", "w", "girl", "feminine":
		return "female", true
	case "male", "m", "man", "men", "boy", "masculine":
		return "male", true
	}
	return "", false
}

func parseStatus(s string) (string, bool) {
	f := strings.ToLower(s)
	switch {
	case strings.Contains(f, "winner") || f == "won" || f == "win":
		return record.PrizeWinner, true
	case strings.Contains(f, "champion"):
		return record.PrizeChampion, true
	case strings.Contains(f, "nomin"):
		return record.PrizeNominee, true
	}
	return "", false
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

func parseYear(s string) (int, bool) {
	if isoDate.MatchString(s) {
		s = s[:4]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1900 || n > 2100 {
		return 0, false
	}
	return n, true
}

// sdgTarget matches a target such as "4.4" or "SDG 5.b".
var sdgTarget = regexp.MustCompile(`(?i)^(?:sdg\s*)?(\d{1,2})\.([0-9a-z]{1,2})$`)

func addSDGs(rec *record.Record, v string) error {
	for _, p := range splitOn(v, ";|,") {
		if m := sdgTarget.FindStringSubmatch(p); m != nil {
			n, _ := strconv.Atoi(m[1])
			if n < 1 || n > 17 {
				return fmt.Errorf("unknown SDG %q", p)
			}
			rec.SDGs = appendInt(rec.SDGs, n)
			rec.SDGTargets = appendNew(rec.SDGTargets, m[1]+"."+strings.ToLower(m[2]))
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			var ok bool
			if n, ok = taxonomy.ParseSDG(p); !ok {
				return fmt.Errorf("unknown SDG %q", p)
			}
		}
		if n < 1 || n > 17 {
			return fmt.Errorf("unknown SDG %q", p)
		}
		rec.SDGs = appendInt(rec.SDGs, n)
	}
	return nil
}

// addRegion files a region value as an ITU region or a UN regional group.
func addRegion(rec *record.Record, s string) bool {
	for _, r := range taxonomy.ITURegions() {
		if strings.EqualFold(r, s) || strings.EqualFold(strings.ReplaceAll(r, "&", "and"), s) {
			rec.ITURegions = appendNew(rec.ITURegions, r)
			return true
		}
	}
	if g, ok := taxonomy.ParseUNGroup(s); ok {
		rec.UNRegionalGroups = appendNew(rec.UNRegionalGroups, g)
		return true
	}
	return false
}

func countryCode(s string) (string, bool) {
	c, ok := taxonomy.LookupCountry(s)
	return c.Code, ok
}

// resolveList reads a list of vocabulary values. Values may be separated by
// ";" or "|", or by "," — but a comma may also belong to a value ("Korea,
// Republic of"; C8 "Cultural diversity and identity, linguistic diversity…"),
// so comma-separated pieces are joined greedily, longest match first. A
// lenient lookup (one that finds a code inside a longer string) is only
// given single pieces; whole strings and joined pieces go to exact.
func resolveList(s string, lookup, exact func(string) (string, bool)) (codes, bad []string) {
	s = clean(s)
	if s == "" {
		return nil, nil
	}
	if c, ok := exact(s); ok {
		return []string{c}, nil
	}
	for _, part := range splitOn(s, ";|") {
		toks := splitOn(part, ",")
		const maxJoin = 4 // no value has more commas than that
		for i := 0; i < len(toks); {
			matched := false
			for j := min(len(toks), i+maxJoin); j > i; j-- {
				look := exact
				if j == i+1 {
					look = lookup
				}
				if c, ok := look(strings.Join(toks[i:j], ", ")); ok {
					codes = appendNew(codes, c)
					i, matched = j, true
					break
				}
			}
			if !matched {
				bad = append(bad, toks[i])
				i++
			}
		}
	}
	return codes, bad
}

// actionLineName matches an official action-line name exactly (case and
// spacing aside); ParseActionLine alone would find "C7" inside "C7, C10".
func actionLineName(s string) (string, bool) {
	f := strings.ToLower(clean(s))
	for _, al := range taxonomy.ActionLines() {
		if f == strings.ToLower(clean(al.Name)) {
			return al.Code, true
		}
	}
	return "", false
}

// splitOn splits on any of seps and drops empty, trimmed pieces.
func splitOn(s, seps string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		dup := false
		for _, x := range list {
			if strings.EqualFold(x, v) {
				dup = true
				break
			}
		}
		if !dup && v != "" {
			list = append(list, v)
		}
	}
	return list
}

func appendInt(list []int, n int) []int {
	for _, x := range list {
		if x == n {
			return list
		}
	}
	return append(list, n)
}

// validate replaces invalid UTF-8 in place and reports whether it had to.
func validate(vals []string) bool {
	bad := false
	for i, v := range vals {
		if !utf8.ValidString(v) {
			vals[i] = strings.ToValidUTF8(v, "\uFFFD")
			bad = true
		}
	}
	return bad
}

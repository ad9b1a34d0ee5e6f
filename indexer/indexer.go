// Package indexer turns records into Bleve documents under an explicit
// mapping, and owns the on-disk index: opening it, noticing when it is
// missing, corrupt or of an older mapping, and rebuilding it.
//
// The index is derived data. bbolt (package store) is the truth; the index
// remembers which store sequence it reflects so the catalog can catch up.
package indexer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// MappingVersion changes whenever the mapping or the document shape does;
// an index built under another version is rebuilt rather than misread.
const MappingVersion = 6

// ErrStale means the index on disk cannot be used as is (missing, corrupt or
// built under another mapping) and must be rebuilt from the store.
var ErrStale = errors.New("index missing, corrupt or out of date")

// BatchSize is how many documents go into one Bleve batch. Measured in
// docs/BENCHMARKS.md; larger batches buy little and cost memory.
const BatchSize = 1000

var (
	keyVersion = []byte("stocktake_mapping_version")
	keySeq     = []byte("stocktake_store_seq")
)

// Facet field names of the document. They match search.FacetNames where a
// facet exists; the others are filters of the people finder.
const (
	FieldKind        = "kind"
	FieldActionLine  = "action_line"
	FieldSDG         = "sdg"
	FieldRegion      = "region"
	FieldUNGroup     = "un_group"
	FieldCountry     = "country"
	FieldGenderFocus = "gender_focus"
	FieldYear        = "year"
	FieldYearNum     = "year_num"
	FieldEvent       = "event"
	FieldPrize       = "prize" // WSIS Prizes status: winner, champion, nominee
	FieldPeople      = "people"
	FieldGender      = "person_gender"
	FieldStakeholder = "stakeholder_group"
	FieldLanguage    = "language"
	FieldExpertise   = "expertise"
	FieldTitle       = "title"
	FieldSummary     = "summary"
	FieldBody        = "body"
	FieldDate        = "date"
	FieldTitleSort   = "title_sort"
	// FieldFacets holds every facet value of a record as "field:value" in
	// one keyword field, so counting all facets of a search visits one
	// field's doc values per hit instead of eight (see FacetFields).
	FieldFacets = "facets"
	// FieldSpell holds the unstemmed words of titles and summaries, the
	// vocabulary "did you mean" suggestions are drawn from.
	FieldSpell = "spell"
)

// FacetFields are the fields copied into FieldFacets, in the order search
// shows them.
func FacetFields() []string {
	return []string{FieldActionLine, FieldSDG, FieldRegion, FieldCountry, FieldGenderFocus, FieldKind, FieldYear, FieldEvent, FieldPrize}
}

// Index is an open Bleve index.
type Index struct {
	bi bleve.Index
}

// NewMapping returns the explicit mapping: keyword fields for facets and
// filters (not stored: the store holds the record), English-analysed text,
// a stored title and summary for snippets, the body indexed but not stored.
func NewMapping() mapping.IndexMapping {
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeInAll = true
		// Term vectors hold positions: highlighting needs them on the stored
		// fields, and phrase queries on every text field.
		f.IncludeTermVectors = true
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	for _, name := range []string{FieldKind, FieldActionLine, FieldSDG, FieldRegion, FieldUNGroup, FieldCountry,
		FieldGenderFocus, FieldYear, FieldEvent, FieldPrize, FieldGender, FieldStakeholder, FieldLanguage, FieldTitleSort, FieldFacets} {
		doc.AddFieldMappingsAt(name, kw())
	}
	// People are indexed by taxonomy.PersonKey, so "Dr. Zoë Ngũgĩ" and
	// "NGUGI, Zoe" are one person for related records; names are searched
	// as text through the body.
	doc.AddFieldMappingsAt(FieldPeople, kw())
	doc.AddFieldMappingsAt(FieldExpertise, kw())
	doc.AddFieldMappingsAt(FieldTitle, text(true))
	doc.AddFieldMappingsAt(FieldSummary, text(true))
	doc.AddFieldMappingsAt(FieldBody, text(false))
	spell := bleve.NewTextFieldMapping()
	spell.Analyzer = standard.Name
	spell.Store, spell.IncludeInAll, spell.IncludeTermVectors, spell.DocValues = false, false, false, false
	doc.AddFieldMappingsAt(FieldSpell, spell)
	yn := bleve.NewNumericFieldMapping()
	yn.Store, yn.IncludeInAll = false, false
	doc.AddFieldMappingsAt(FieldYearNum, yn)
	dt := bleve.NewDateTimeFieldMapping()
	dt.Store, dt.IncludeInAll = false, false
	doc.AddFieldMappingsAt(FieldDate, dt)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = en.AnalyzerName
	// BM25 rather than Bleve's default TF-IDF: with the query policy of
	// package search it ranks the real dev set 0.82 against 0.78
	// (docs/RELEVANCE.md), mostly by not favouring long pages.
	im.ScoringModel = index.BM25Scoring
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// Open opens the index in dir. It returns ErrStale (wrapped) when there is
// no index, it cannot be opened, or it was built under another mapping.
func Open(ctx context.Context, dir string) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bi, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("indexer: open %s: %w: %w", dir, ErrStale, err)
	}
	v, err := bi.GetInternal(keyVersion)
	if err != nil || len(v) != 8 || binary.BigEndian.Uint64(v) != MappingVersion {
		bi.Close()
		return nil, fmt.Errorf("indexer: %s has mapping version %x, want %d: %w", dir, v, MappingVersion, ErrStale)
	}
	return &Index{bi: bi}, nil
}

// Create builds a fresh, empty index in dir, removing whatever was there.
func Create(ctx context.Context, dir string) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("indexer: remove old index: %w", err)
	}
	bi, err := bleve.New(dir, NewMapping())
	if err != nil {
		return nil, fmt.Errorf("indexer: create %s: %w", dir, err)
	}
	if err := bi.SetInternal(keyVersion, u64(MappingVersion)); err != nil {
		bi.Close()
		return nil, fmt.Errorf("indexer: %w", err)
	}
	// Bleve writes its meta file world-readable; the rest of a data dir is
	// owner-only, and so is this.
	if err := os.Chmod(filepath.Join(dir, "index_meta.json"), 0o600); err != nil && !os.IsNotExist(err) {
		bi.Close()
		return nil, fmt.Errorf("indexer: %w", err)
	}
	return &Index{bi: bi}, nil
}

// Bleve returns the underlying index for searching.
func (ix *Index) Bleve() bleve.Index { return ix.bi }

// Close closes the index.
func (ix *Index) Close() error { return ix.bi.Close() }

// Index adds or replaces the documents of recs, in batches.
func (ix *Index) Index(ctx context.Context, recs []record.Record) error {
	b := ix.bi.NewBatch()
	for i, r := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Index(r.ID, Document(r)); err != nil {
			return fmt.Errorf("indexer: %s: %w", r.ID, err)
		}
		if b.Size() >= BatchSize || i == len(recs)-1 {
			if err := ix.bi.Batch(b); err != nil {
				return fmt.Errorf("indexer: batch: %w", err)
			}
			b.Reset()
		}
	}
	return nil
}

// Seq returns the store sequence this index reflects (0 when unknown).
func (ix *Index) Seq() (uint64, error) {
	v, err := ix.bi.GetInternal(keySeq)
	if err != nil {
		return 0, fmt.Errorf("indexer: %w", err)
	}
	if len(v) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(v), nil
}

// SetSeq records that the index reflects the store up to seq. Call it only
// after the documents of seq are indexed: a crash in between makes the
// catalog index them again, never skip them.
func (ix *Index) SetSeq(seq uint64) error {
	if err := ix.bi.SetInternal(keySeq, u64(seq)); err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	return nil
}

// Count returns the number of indexed documents.
func (ix *Index) Count() (uint64, error) { return ix.bi.DocCount() }

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

// summaryRunes bounds the stored summary used for snippets.
const summaryRunes = 600

// Document is the Bleve document of a record. Multi-valued fields are
// slices; empty values are left out so facets do not count them.
func Document(r record.Record) map[string]any {
	d := map[string]any{
		FieldKind:      string(r.Kind),
		FieldTitle:     r.DisplayTitle(),
		FieldTitleSort: record.NormalizeKey(r.DisplayTitle()),
	}
	summary := r.Summary
	if summary == "" {
		summary = firstRunes(firstNonEmpty(r.Bio, r.Body), summaryRunes)
	}
	put := func(k string, v any) {
		switch x := v.(type) {
		case string:
			if x != "" {
				d[k] = x
			}
		case []string:
			if len(x) > 0 {
				d[k] = x
			}
		}
	}
	put(FieldSummary, summary)
	put(FieldSpell, r.Title+"\n"+summary+"\n"+strings.Join(r.Expertise, "\n"))
	put(FieldBody, joinText(r))
	put(FieldActionLine, actionLineValues(r.ActionLines))
	sdgs := make([]string, 0, len(r.SDGs))
	for _, n := range r.SDGs {
		sdgs = append(sdgs, strconv.Itoa(n))
	}
	put(FieldSDG, sdgs)
	put(FieldRegion, r.ITURegions)
	put(FieldUNGroup, r.UNRegionalGroups)
	put(FieldCountry, r.Countries)
	put(FieldGenderFocus, r.GenderFocus)
	put(FieldEvent, r.Event)
	if r.Prize != nil {
		put(FieldPrize, strings.ToLower(strings.TrimSpace(r.Prize.Status)))
	}
	if r.Year > 0 {
		d[FieldYear] = strconv.Itoa(r.Year)
		d[FieldYearNum] = float64(r.Year)
	}
	if t, ok := recordTime(r); ok {
		d[FieldDate] = t
	}
	var people, genders, groups []string
	if r.Kind == record.KindPerson {
		people = append(people, taxonomy.PersonKey(firstNonEmpty(r.Name, r.Title)))
		genders = append(genders, r.Gender)
	}
	for _, p := range append(append([]record.Person(nil), r.Speakers...), r.Moderators...) {
		people = append(people, taxonomy.PersonKey(p.Name))
		genders = append(genders, p.Gender)
		groups = append(groups, p.StakeholderGroup)
	}
	put(FieldPeople, compact(people))
	put(FieldGender, compact(genders))
	put(FieldStakeholder, compact(groups))
	put(FieldLanguage, r.Languages)
	put(FieldExpertise, r.Expertise)
	var facets []string
	for _, f := range FacetFields() {
		switch v := d[f].(type) {
		case string:
			facets = append(facets, f+":"+v)
		case []string:
			for _, x := range v {
				facets = append(facets, f+":"+x)
			}
		}
	}
	put(FieldFacets, facets)
	return d
}

// actionLineValues adds the parent "C7" to C7 sub-lines, so a filter on C7
// finds every ICT-applications record.
func actionLineValues(codes []string) []string {
	out := make([]string, 0, len(codes)+1)
	parent := false
	for _, c := range codes {
		out = append(out, c)
		if strings.HasPrefix(c, "C7.") {
			parent = true
		}
	}
	if parent && !slices.Contains(out, "C7") {
		out = append(out, "C7")
	}
	return out
}

// joinText is everything searchable that is not the title or summary.
func joinText(r record.Record) string {
	parts := []string{r.Body, r.Bio, r.Organization, r.JobTitle, r.SessionID}
	if r.Kind == record.KindPerson {
		parts = append(parts, r.Title) // the position, when it differs from JobTitle
	}
	for _, o := range r.Organizers {
		parts = append(parts, o.Name, o.Organization)
	}
	for _, p := range append(append([]record.Person(nil), r.Speakers...), r.Moderators...) {
		parts = append(parts, p.Name, p.Organization, p.Role)
	}
	for _, q := range r.Quotes {
		parts = append(parts, q.Text)
	}
	parts = append(parts, r.Keywords...)
	parts = append(parts, r.Expertise...)
	var b strings.Builder
	for _, p := range parts {
		if p != "" {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func recordTime(r record.Record) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", r.Date); err == nil {
		return t, true
	}
	if r.Year > 0 {
		return time.Date(r.Year, 1, 1, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

func compact(xs []string) []string {
	out := xs[:0:0]
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

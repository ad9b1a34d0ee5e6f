package search

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/wsis-tools/stocktake/indexer"
)

// understandCorrected understands q, then replaces each plain word no
// record contains by the closest word of the index vocabulary and
// understands the result, so "e-helth" is searched (and understood) as
// "e-health" without a click. Words understood as codes, regions or
// countries are never corrected ("América Latina" is not "africa"), nor
// role words ("experts" is not "expect", whatever the index holds).
// Understood.Corrected is then the query searched. Correcting is best
// effort: when the index cannot be read for it, the query is searched as
// typed (and the search itself reports the index error).
func (s *Service) understandCorrected(ctx context.Context, q string) Understood {
	u := Understand(q)
	var words []string
	for _, p := range u.parts {
		if p.chip == nil && !p.phrase {
			words = append(words, p.text)
		}
	}
	return s.corrected(ctx, q, u, words)
}

// corrected is u, the understanding of q, understood again with those of
// words no record contains replaced by their corrections.
func (s *Service) corrected(ctx context.Context, q string, u Understood, words []string) Understood {
	fixes, err := s.corrections(ctx, words)
	if err != nil || len(fixes) == 0 {
		return u
	}
	fixed := q
	for from, to := range fixes {
		fixed = replaceWord(fixed, from, to)
	}
	if fixed == q {
		return u
	}
	c := Understand(fixed)
	c.Corrected = fixed
	return c
}

// corrections maps each unknown word (or hyphenated piece) of four letters
// or more to the closest word of the vocabulary (titles and summaries,
// unstemmed), preferring fewer edits, then more frequent words. A word is
// known when its analysed term is anywhere in the index, so "best" in
// "best practices" stays even when no title says it.
func (s *Service) corrections(ctx context.Context, words []string) (map[string]string, error) {
	r, err := s.views.Snapshot().TextReader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fuzzy, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil, nil
	}
	an := s.analyzer()
	out := map[string]string{}
	for _, word := range words {
		for _, w := range strings.FieldsFunc(word, func(r rune) bool { return !unicode.IsLetter(r) }) {
			low := strings.ToLower(w)
			terms := analysedTerms(low, an)
			if len([]rune(low)) < 4 || len(terms) == 0 || len(otherWords(low, an)) > 0 || roleWords[low] {
				continue
			}
			known := false
			for _, t := range terms {
				n, err := termCount(ctx, r, "_all", t)
				if err != nil {
					return nil, err
				}
				known = known || n > 0
			}
			if known {
				continue
			}
			best, err := closest(fuzzy, low)
			if err != nil {
				return nil, err
			}
			if best != "" {
				out[w] = best
			}
		}
	}
	return out, nil
}

// replaceWord replaces whole-word occurrences of from in s (outside
// quotes, where words are searched as written).
func replaceWord(s, from, to string) string {
	parts := strings.Split(s, `"`)
	for i := 0; i < len(parts); i += 2 {
		parts[i] = reWord(from).ReplaceAllString(parts[i], "${1}"+to+"${2}")
	}
	return strings.Join(parts, `"`)
}

func reWord(w string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(w) + `($|[^\pL\pN])`)
}

func termCount(ctx context.Context, r index.IndexReader, field, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("search: spell: %w", err)
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

// closest finds the best replacement for word: one edit for short words,
// two for long ones.
func closest(fuzzy index.IndexReaderFuzzy, word string) (string, error) {
	edits := 1
	if len([]rune(word)) > 6 {
		edits = 2
	}
	dict, err := fuzzy.FieldDictFuzzy(indexer.FieldSpell, word, edits, "")
	if err != nil {
		return "", fmt.Errorf("search: spell: %w", err)
	}
	defer dict.Close()
	var best *index.DictEntry
	for {
		e, err := dict.Next()
		if err != nil {
			return "", fmt.Errorf("search: spell: %w", err)
		}
		if e == nil {
			break
		}
		if best == nil || e.EditDistance < best.EditDistance || (e.EditDistance == best.EditDistance && e.Count > best.Count) {
			c := *e
			best = &c
		}
	}
	if best == nil {
		return "", nil
	}
	return best.Term, nil
}

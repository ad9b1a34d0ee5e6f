package search

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/wsis-tools/stocktake/indexer"
)

// didYouMean rewrites q with each unknown word replaced by the closest word
// of the index vocabulary (titles and summaries, unstemmed), preferring
// fewer edits, then more frequent words. It returns "" when no word changed
// or the rewritten query finds nothing either.
func (s *Service) didYouMean(ctx context.Context, req Request, text string) (string, error) {
	r, err := s.views.Snapshot().TextReader()
	if err != nil {
		return "", err
	}
	defer r.Close()
	fuzzy, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return "", nil
	}
	q := req.Q
	changed := false
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
		low := strings.ToLower(w)
		if len([]rune(low)) < 4 || strings.ContainsAny(low, "0123456789") {
			continue
		}
		known, err := termCount(ctx, r, low)
		if err != nil {
			return "", err
		}
		if known > 0 {
			continue
		}
		best, err := closest(fuzzy, low)
		if err != nil {
			return "", err
		}
		if best != "" {
			q = strings.Replace(q, w, best, 1)
			changed = true
		}
	}
	if !changed {
		return "", nil
	}
	alt := req
	alt.Q = q
	resp, err := s.search(ctx, s.views.Snapshot(), alt, false)
	if err != nil || resp.Total == 0 {
		return "", err
	}
	return q, nil
}

func termCount(ctx context.Context, r index.IndexReader, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), indexer.FieldSpell, false, false, false)
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

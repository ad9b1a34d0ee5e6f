package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// judgments are graded records per query.
type judgments struct {
	queries []string                  // in file order
	grades  map[string]map[string]int // query -> record key -> grade
}

func readJudgments(r io.Reader) (judgments, error) {
	j := judgments{grades: map[string]map[string]int{}}
	err := eachRow(r, 3, "query<TAB>record<TAB>grade", func(line int, parts []string) error {
		g, err := strconv.Atoi(parts[2])
		if err != nil || g < 0 || g > 3 {
			return fmt.Errorf("line %d: grade %q is not 0 to 3", line, parts[2])
		}
		q := parts[0]
		if j.grades[q] == nil {
			j.grades[q] = map[string]int{}
			j.queries = append(j.queries, q)
		}
		j.grades[q][parts[1]] = g
		return nil
	})
	return j, err
}

// readQueryTypes reads query<TAB>user type lines (relevance-queries.tsv).
// A missing file is no error: every query is then of type "all".
func readQueryTypes(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	types := map[string]string{}
	err = eachRow(f, 2, "query<TAB>user type", func(_ int, parts []string) error {
		types[parts[0]] = parts[1]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return types, nil
}

// eachRow calls fn with the tab-separated cells of every line that is not
// blank or a # comment, requiring n cells.
func eachRow(r io.Reader, n int, want string, fn func(line int, parts []string) error) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		parts := strings.Split(t, "\t")
		if len(parts) != n {
			return fmt.Errorf("line %d: want %s", line, want)
		}
		if err := fn(line, parts); err != nil {
			return err
		}
	}
	return sc.Err()
}

// ndcg is the normalised discounted cumulative gain of ranked grades
// against all judged grades, at cutoff k (graded gain 2^g - 1).
func ndcg(ranked []int, judged []int, k int) float64 {
	dcg := func(gs []int) float64 {
		s := 0.0
		for i, g := range gs {
			if i == k {
				break
			}
			s += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
		}
		return s
	}
	ideal := append([]int(nil), judged...)
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	if d := dcg(ideal); d > 0 {
		return dcg(ranked) / d
	}
	return 0
}

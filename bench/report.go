package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// sizeRun holds the results of every engine at one corpus size.
type sizeRun struct {
	n       int
	results []result
}

// writeReport prints one markdown table per size, stocktake first, with the
// stocktake/SQLite ratio of every figure, then how the totals compare.
func writeReport(w io.Writer, runs []sizeRun, cfg config, machine string) {
	fmt.Fprintf(w, "Machine: %s. Seed %d, %d timed searches per class, %d HTTP clients for at most %s or %d requests.\n\n",
		machine, cfg.seed, cfg.reps, cfg.clients, cfg.httpTime, cfg.httpMax)
	for _, sr := range runs {
		fmt.Fprintf(w, "### %d records\n\n", sr.n)
		fmt.Fprint(w, "| measure |")
		for _, r := range sr.results {
			fmt.Fprintf(w, " %s |", r.Engine)
		}
		ratio := len(sr.results) == 2
		if ratio {
			fmt.Fprintf(w, " %s/%s |", sr.results[0].Engine, sr.results[1].Engine)
		}
		fmt.Fprint(w, "\n|---|")
		fmt.Fprint(w, strings.Repeat("---:|", len(sr.results)))
		if ratio {
			fmt.Fprint(w, "---:|")
		}
		fmt.Fprintln(w)
		row := func(label, format string, get func(result) float64) {
			fmt.Fprintf(w, "| %s |", label)
			for _, r := range sr.results {
				fmt.Fprintf(w, " "+format+" |", get(r))
			}
			if ratio {
				a, b := get(sr.results[0]), get(sr.results[1])
				if b != 0 {
					fmt.Fprintf(w, " %.2f |", a/b)
				} else {
					fmt.Fprint(w, " – |")
				}
			}
			fmt.Fprintln(w)
		}
		row("import, records/s", "%.0f", func(r result) float64 { return r.ImportRate })
		row("import, s", "%.1f", func(r result) float64 { return r.ImportSeconds })
		row("import, CPU s", "%.1f", func(r result) float64 { return r.ImportCPU })
		row("reindex, s", "%.1f", func(r result) float64 { return r.ReindexSeconds })
		row("reindex, CPU s", "%.1f", func(r result) float64 { return r.ReindexCPU })
		for i, c := range sr.results[0].Classes {
			row(c.Name+" p50, ms", "%.1f", func(r result) float64 { return classAt(r, i).P50 })
			row(c.Name+" p99, ms", "%.1f", func(r result) float64 { return classAt(r, i).P99 })
		}
		row(fmt.Sprintf("HTTP, requests/s (%d clients)", cfg.clients), "%.0f", func(r result) float64 { return r.HTTP.RPS })
		row("HTTP p50, ms", "%.1f", func(r result) float64 { return r.HTTP.P50 })
		row("HTTP p99, ms", "%.1f", func(r result) float64 { return r.HTTP.P99 })
		row("HTTP errors", "%.0f", func(r result) float64 { return float64(r.HTTP.Errors) })
		row("peak RSS, MB", "%.0f", func(r result) float64 { return r.PeakRSSMB })
		row("disk, MB", "%.0f", func(r result) float64 { return r.DiskMB })
		fmt.Fprintln(w)
		for _, r := range sr.results {
			if c := r.Cached; c != nil {
				fmt.Fprintf(w, "%s, %s: p50 %.3f ms, p99 %.3f ms (the rows above are uncached).\n\n", r.Engine, c.Name, c.P50, c.P99)
			}
			fmt.Fprintf(w, "%s: 1-minute load average %s at start and end (2 cores; well above 1 means other work shared them).\n\n", r.Engine, strings.Join(r.LoadAvg, ", "))
			if r.ImportStore > 0 {
				fmt.Fprintf(w, "%s import split: %.1f s storing (bbolt put + re-read), %.1f s indexing (Bleve and the sequence).\n\n",
					r.Engine, r.ImportStore, r.ImportIndex)
			}
		}
		if ratio {
			writeTotals(w, sr.results[0], sr.results[1])
		}
	}
}

func classAt(r result, i int) classResult {
	if i < len(r.Classes) {
		return r.Classes[i]
	}
	return classResult{}
}

// writeTotals lists the hit counts of each query on both engines, so a
// reader can see both answered the same question.
func writeTotals(w io.Writer, a, b result) {
	same := 0
	var diff []string
	for _, params := range slices.Sorted(maps.Keys(a.Totals)) {
		ta := a.Totals[params]
		tb, ok := b.Totals[params]
		if !ok {
			continue
		}
		if ta == tb {
			same++
			continue
		}
		diff = append(diff, fmt.Sprintf("`%s` %d vs %d", params, ta, tb))
	}
	fmt.Fprintf(w, "Hit totals: %d queries equal on both engines", same)
	if len(diff) > 0 {
		fmt.Fprintf(w, "; different (%s vs %s): %s", a.Engine, b.Engine, strings.Join(diff, ", "))
	}
	fmt.Fprint(w, ".\n\n")
}

package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"time"
)

// sizeRun holds the results of every engine at one corpus size.
type sizeRun struct {
	n       int
	results []result
}

// writeReport prints, per size, a table of import and resource figures and
// a table of query classes (p50, p99, CPU per query and the load average
// when the class ran, for each engine), then how the totals compare; with
// two sizes or more, the growth between them and a projection to 1M.
func writeReport(w io.Writer, runs []sizeRun, cfg config, machine string) {
	fmt.Fprintf(w, "Run %s. Machine: %s. Seed %d, %d timed requests per class, %d HTTP clients for at most %s or %d requests.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine, cfg.seed, cfg.reps, cfg.clients, cfg.httpTime, cfg.httpMax)
	if lim := os.Getenv("GOMEMLIMIT"); lim != "" {
		fmt.Fprintf(w, "Soft memory limit of the engines' processes: GOMEMLIMIT=%s.\n\n", lim)
	}
	for _, sr := range runs {
		fmt.Fprintf(w, "### %d records\n\n", sr.n)
		writeResources(w, sr, cfg)
		writeClasses(w, sr)
		for _, r := range sr.results {
			if c := r.Cached; c != nil {
				fmt.Fprintf(w, "%s, %s: p50 %.3f ms, p99 %.3f ms (the rows above are uncached).\n\n", r.Engine, c.Name, c.P50, c.P99)
			}
			fmt.Fprintf(w, "%s: 1-minute load average %s at the start and end of its run, %s → %s over its import (2 cores; above 2 means other work shared them). Corpus generation, not timed: %.1f s.\n\n",
				r.Engine, strings.Join(r.LoadAvg, ", "), r.ImportLoad[0], r.ImportLoad[1], r.GenSeconds)
		}
		if len(sr.results) == 2 {
			writeTotals(w, sr.results[0], sr.results[1])
		}
	}
	if len(runs) >= 2 {
		writeGrowth(w, runs[len(runs)-2], runs[len(runs)-1])
	}
}

func writeResources(w io.Writer, sr sizeRun, cfg config) {
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
		if cfg.importOnly && !slices.ContainsFunc(sr.results, func(r result) bool { return get(r) != 0 }) {
			return // a phase not run (-import-only)
		}
		fmt.Fprintf(w, "| %s |", label)
		for _, r := range sr.results {
			fmt.Fprintf(w, " "+format+" |", get(r))
		}
		if ratio {
			fmt.Fprintf(w, " %s |", ratioOf(get(sr.results[0]), get(sr.results[1])))
		}
		fmt.Fprintln(w)
	}
	row("import: stored and filterable, records/s", "%.0f", func(r result) float64 { return r.StoreRate })
	row("import: searchable by text, records/s", "%.0f", func(r result) float64 { return r.SearchableRate })
	row("import: wall time to searchable, s", "%.1f", func(r result) float64 { return r.SearchableSeconds })
	row("import: CPU, s", "%.1f", func(r result) float64 { return r.ImportCPU })
	row("reindex, s", "%.1f", func(r result) float64 { return r.ReindexSeconds })
	row("reindex: CPU, s", "%.1f", func(r result) float64 { return r.ReindexCPU })
	row(fmt.Sprintf("HTTP search API, requests/s (%d clients)", cfg.clients), "%.0f", func(r result) float64 { return r.HTTP.RPS })
	row("HTTP search API p50, ms", "%.1f", func(r result) float64 { return r.HTTP.P50 })
	row("HTTP search API p99, ms", "%.1f", func(r result) float64 { return r.HTTP.P99 })
	row("HTTP errors", "%.0f", func(r result) float64 { return float64(r.HTTP.Errors) })
	row("peak RSS (VmHWM), MB", "%.0f", func(r result) float64 { return r.PeakRSSMB })
	row("peak RssAnon (sampled), MB", "%.0f", func(r result) float64 { return r.PeakAnonMB })
	row("peak RssFile (sampled), MB", "%.0f", func(r result) float64 { return r.PeakFileMB })
	row("disk, MB", "%.0f", func(r result) float64 { return r.DiskMB })
	fmt.Fprintln(w)
}

func ratioOf(a, b float64) string {
	if b == 0 || a == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// writeClasses prints one row per query class: each engine's p50, p99, CPU
// per request and the load average when the class started.
func writeClasses(w io.Writer, sr sizeRun) {
	fmt.Fprint(w, "| class |")
	for _, r := range sr.results {
		fmt.Fprintf(w, " %[1]s p50 ms | %[1]s p99 ms | %[1]s CPU ms/req | load |", r.Engine)
	}
	two := len(sr.results) == 2
	if two {
		fmt.Fprint(w, " p50 ratio | p99 ratio |")
	}
	fmt.Fprint(w, "\n|---|")
	fmt.Fprint(w, strings.Repeat("---:|---:|---:|---:|", len(sr.results)))
	if two {
		fmt.Fprint(w, "---:|---:|")
	}
	fmt.Fprintln(w)
	for _, name := range classNames() {
		found := false
		for _, r := range sr.results {
			_, ok := classOf(r, name)
			found = found || ok
		}
		if !found {
			continue
		}
		fmt.Fprintf(w, "| %s |", name)
		for _, r := range sr.results {
			c, ok := classOf(r, name)
			if !ok {
				fmt.Fprint(w, " – | – | – | – |")
				continue
			}
			fmt.Fprintf(w, " %.1f | %.1f | %.2f | %s |", c.P50, c.P99, 1000*c.CPU/float64(max(c.Samples, 1)), c.Load)
		}
		if two {
			a, aok := classOf(sr.results[0], name)
			b, bok := classOf(sr.results[1], name)
			if aok && bok {
				fmt.Fprintf(w, " %s | %s |", ratioOf(a.P50, b.P50), ratioOf(a.P99, b.P99))
			} else {
				fmt.Fprint(w, " – | – |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func classOf(r result, name string) (classResult, bool) {
	for _, c := range r.Classes {
		if c.Name == name {
			return c, true
		}
	}
	return classResult{}, false
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

// writeGrowth compares two sizes: how each figure grew, and what the same
// growth per tenfold step would give at 1,000,000 records. A projection,
// not a measurement.
func writeGrowth(w io.Writer, small, big sizeRun) {
	steps := math.Log10(float64(big.n) / float64(small.n))
	toMillion := math.Log10(1e6 / float64(big.n))
	fmt.Fprintf(w, "### Growth %d → %d records, and a projection to 1,000,000\n\n", small.n, big.n)
	fmt.Fprintf(w, "Each figure at 1M is the %d-record one times its measured growth per tenfold step, applied %.1f more times; it assumes the growth stays the same and is not a measurement.\n\n", big.n, toMillion)
	fmt.Fprint(w, "| measure | engine | growth ×10 | at 1M (projected) |\n|---|---|---:|---:|\n")
	for i, rb := range big.results {
		if i >= len(small.results) {
			break
		}
		rs := small.results[i]
		line := func(label string, a, b float64, unit string) {
			if a <= 0 || b <= 0 {
				return
			}
			g := math.Pow(b/a, 1/steps)
			fmt.Fprintf(w, "| %s | %s | ×%.1f | %.1f %s |\n", label, rb.Engine, g, b*math.Pow(g, toMillion), unit)
		}
		line("import CPU", rs.ImportCPU, rb.ImportCPU, "s")
		line("import wall to searchable", rs.SearchableSeconds, rb.SearchableSeconds, "s")
		for _, name := range classNames() {
			a, aok := classOf(rs, name)
			b, bok := classOf(rb, name)
			if aok && bok {
				line(name+" p50", a.P50, b.P50, "ms")
				line(name+" p99", a.P99, b.P99, "ms")
			}
		}
		line("peak RssAnon", rs.PeakAnonMB, rb.PeakAnonMB, "MB")
		line("disk", rs.DiskMB, rb.DiskMB, "MB")
	}
	fmt.Fprintln(w)
}

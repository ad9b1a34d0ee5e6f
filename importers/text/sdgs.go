package text

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/taxonomy"
)

var (
	sdgRe = regexp.MustCompile(`(?i)\b(?:SDGs?|Sustainable Development Goals?|Goals?)\s*(?:number|no\.?|#)?\s*[-#:]?\s*(\d{1,2})\b((?:\s*(?:,|and|&)\s*\d{1,2}\b)*)`)
	// A row label: "SDG 7", "Goal 7 Clean energy".
	sdgBare    = regexp.MustCompile(`(?i)^(?:SDG|Goal)\s*(\d{1,2})(?:\s+[a-z][a-z ,&\-]{0,40})?$`)
	sdgNumList = regexp.MustCompile(`^(\d{1,2})\s*[.)]\s+(.{3,60})$`)
	sdgTarget  = regexp.MustCompile(`(?i)\btargets?\s+(\d{1,2}\.[0-9a-c]{1,2})\b`)
	digits     = regexp.MustCompile(`\d{1,2}`)
)

// sdgs reads the goals a document names: "SDG 4", "Goal 4", "Sustainable
// Development Goal Number 4", "SDGs 4 and 5", and list items "4. Quality
// Education". A column of bare "SDG n" rows (an empty matrix) or a list of
// (nearly) all 17 goals on a template is not a tag.
func sdgs(d *doc) ([]int, []string) {
	bare := 0
	for _, l := range d.lines {
		if sdgBare.MatchString(l) {
			bare++
		}
	}
	set := map[int]bool{}
	listed := map[int]bool{}
	for i, l := range d.lines {
		if d.table[i] || bare >= 8 && sdgBare.MatchString(l) {
			continue
		}
		for _, m := range sdgRe.FindAllStringSubmatch(l, -1) {
			for _, n := range digits.FindAllString(m[1]+" "+m[2], -1) {
				if v, _ := strconv.Atoi(n); v >= 1 && v <= 17 {
					set[v] = true
				}
			}
		}
		if m := sdgNumList.FindStringSubmatch(stripBullet(l)); m != nil {
			v, _ := strconv.Atoi(m[1])
			if n, ok := taxonomy.ParseSDG(strings.TrimRight(m[2], " .:")); ok && n == v {
				listed[v] = true
			}
		}
	}
	if len(listed) < 15 {
		for v := range listed {
			set[v] = true
		}
	}
	var out []int
	for v := range set {
		out = append(out, v)
	}
	sort.Ints(out)
	var targets []string
	seen := map[string]bool{}
	for _, m := range sdgTarget.FindAllStringSubmatch(d.text, 50) {
		if !seen[m[1]] {
			seen[m[1]] = true
			targets = append(targets, m[1])
		}
	}
	return out, targets
}

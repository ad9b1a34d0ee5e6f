package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

// TestClustersAndLinks: the resolver merges one project reported by two
// lists; a staff split holds across a re-import of both lists, clearing it
// brings the merge back, and a join merges what the rules keep apart.
func TestClustersAndLinks(t *testing.T) {
	dir := t.TempDir()
	data, src := filepath.Join(dir, "data"), filepath.Join(dir, "src")
	lists := func(status string) {
		writeCLIFiles(t, src, map[string]string{
			"nominees.csv": "Title,Organization,Country,Status,Year\n" +
				"Lagoon Water Sensors Network,Coastal Research Institute (CRI),Ghana,nominee,2019\n" +
				"Harbour Storm Radio,Fiji Coast Guard,Fiji," + status + ",2019\n",
			"winners.csv": "Title,Organization,Country,Status,Year\n" +
				"LAGOON WATER SENSORS NETWORK,CRI,Ghana,winner,2019\n" +
				"Mountain Clinic Tablets,Andes Health Trust,Peru,winner,2019\n",
		})
	}
	lists("nominee")
	if code, out, errs := cli(t, "import", "--data", data, src); code != 0 {
		t.Fatalf("import: %d %s%s", code, out, errs)
	}
	ids := map[string]string{}
	for id, r := range storedByID(t, data) {
		ids[r.Source.File+":"+strings.ToLower(r.Title)] = id
	}
	nominee, winner := ids["nominees.csv:lagoon water sensors network"], ids["winners.csv:lagoon water sensors network"]
	radio, clinic := ids["nominees.csv:harbour storm radio"], ids["winners.csv:mountain clinic tablets"]
	if nominee == "" || winner == "" || radio == "" || clinic == "" {
		t.Fatalf("fixture ids not found: %v", ids)
	}

	merged := func(want int, why string) {
		t.Helper()
		code, out, errs := cli(t, "clusters", "--data", data, "--kind", string(record.KindProject))
		if code != 0 || !strings.Contains(out, why) || !strings.Contains(out, fmt.Sprintf("%d entities with more than one", want)) {
			t.Fatalf("clusters: exit %d, want %d merged and %q\n%s%s", code, want, why, out, errs)
		}
	}
	merged(1, "prize 2019 winner")
	if code, out, errs := cli(t, "link", "--data", data, "split", nominee, winner); code != 0 {
		t.Fatalf("split: %d %s%s", code, out, errs)
	}
	merged(0, "")
	lists("champion") // the lists change and are imported again
	if code, out, errs := cli(t, "import", "--data", data, src); code != 0 || !strings.Contains(out, "1 updated") {
		t.Fatalf("re-import: %d %s%s", code, out, errs)
	}
	merged(0, "")
	if code, _, _ := cli(t, "link", "--data", data, "clear", winner, nominee); code != 0 {
		t.Fatal("clear failed")
	}
	merged(1, "organisations match by abbreviation CRI")
	if code, _, _ := cli(t, "link", "--data", data, "join", radio, clinic); code != 0 {
		t.Fatal("join failed")
	}
	merged(2, "joined by staff")

	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"link", "--data", data, "merge", radio, clinic}, 2, "join, split or clear"},
		{[]string{"link", "--data", data, "join", radio}, 2, "two refs"},
		{[]string{"link", "--data", data, "join", radio, radio}, 2, "two different refs"},
		{[]string{"link", "--data", data, "join", radio, "pnothere"}, 1, "not found"},
		{[]string{"link", "--data", data, "clear", radio, winner}, 1, "not found"},
		{[]string{"clusters", "--data", data, "--kind", "session"}, 2, "project or person"},
	} {
		code, _, errs := cli(t, bad.args...)
		if code != bad.code || !strings.Contains(errs, bad.msg) {
			t.Errorf("%v: exit %d %q, want %d and %q", bad.args, code, errs, bad.code, bad.msg)
		}
	}
}

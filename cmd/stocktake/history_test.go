package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestHistoryRestoreDelete runs the versions commands on a real data dir:
// an update keeps the previous version, restore brings it back, delete is
// undone by restore, and an import in between leaves a deleted record
// deleted.
func TestHistoryRestoreDelete(t *testing.T) {
	dir := t.TempDir()
	data, src := filepath.Join(dir, "data"), filepath.Join(dir, "src")
	write := func(job string) {
		writeCLIFiles(t, src, map[string]string{"people.csv": "Name,Job Title,Organization\nAlice Moreau," + job + ",UNESCO\nBeatrice Okafor,Director,UNESCO\n"})
	}
	write("Director")
	mustRun := func(want string, args ...string) string {
		t.Helper()
		code, out, errs := cli(t, args...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%v: exit %d, want output containing %q\n%s%s", args, code, want, out, errs)
		}
		return out
	}
	mustRun("2 added, 0 updated", "import", "--data", data, src)
	write("Deputy Director-General")
	mustRun("0 added, 1 updated, 1 unchanged", "import", "--data", data, src)

	var id string
	for _, r := range storedByID(t, data) {
		if r.Name == "Alice Moreau" {
			id = r.ID
		}
	}
	out := mustRun("1 ", "history", "--data", data, id)
	if !strings.Contains(out, "updated") {
		t.Errorf("history after an update:\n%s", out)
	}
	mustRun("restored version 1", "restore", "--data", data, id, "1")
	if got := storedByID(t, data)[id].JobTitle; got != "Director" {
		t.Errorf("job title after restore %q, want the first version's", got)
	}
	mustRun("undo with: stocktake restore "+id+" 3", "delete", "--data", data, id)
	mustRun("1 kept deleted", "import", "--data", data, src)
	if _, ok := storedByID(t, data)[id]; ok {
		t.Error("an import brought a deleted record back")
	}
	mustRun("restored version 3", "restore", "--data", data, id, "3")

	_, out, _ = cli(t, "history", "--data", data, "--json", id)
	var h struct {
		Current struct {
			JobTitle string `json:"job_title"`
		} `json:"current"`
		Versions []struct{ Reason string } `json:"versions"`
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	if h.Current.JobTitle != "Director" || len(h.Versions) != 3 || h.Versions[0].Reason != "deleted" {
		t.Errorf("history --json = %+v", h)
	}

	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"restore", "--data", data, id}, 2, "VERSION"},
		{[]string{"restore", "--data", data, id, "x"}, 2, "not a version number"},
		{[]string{"restore", "--data", data, id, "99"}, 1, "no such version"},
		{[]string{"history", "--data", data, "nope"}, 1, "not found"},
		{[]string{"delete", "--data", data}, 2, "one record ID"},
	} {
		code, _, errs := cli(t, bad.args...)
		if code != bad.code || !strings.Contains(errs, bad.msg) {
			t.Errorf("%v: exit %d %q, want %d and %q", bad.args, code, errs, bad.code, bad.msg)
		}
	}
}

package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// TestStaffHistoryAndRestore runs the server on a data dir where one record
// was updated and another deleted, and checks what visitors and staff see
// on the record pages and that staff can restore from them.
func TestStaffHistoryAndRestore(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cat, err := catalog.Open(ctx, t.TempDir(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	src := t.TempDir()
	csv := filepath.Join(src, "projects.csv")
	for _, title := range []string{"Harbour radio alerts", "Harbour radio alerts for crews"} {
		body := "Title,Organization,Country,URL\n" + title + ",Coast Net,Ghana,https://example.org/harbour\nMesh schools,Andes Net,Peru,https://example.org/mesh\n"
		if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := cat.Import(ctx, []string{csv}, catalog.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	harbour, mesh := record.MakeID(record.KindProject, "https://example.org/harbour"), record.MakeID(record.KindProject, "https://example.org/mesh")
	if _, err := cat.Delete(ctx, mesh); err != nil {
		t.Fatal(err)
	}

	h := New(Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: zerolog.Nop(),
		StaffToken: fixtureStaffToken, Versions: cat})
	addrs, done := make(chan net.Addr, 1), make(chan error, 1)
	go func() { done <- Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrs <- a }) }()
	base := "http://" + (<-addrs).String()
	defer func() { cancel(); <-done }()

	visitor, staff := staffClient(t), staffClient(t)
	if resp, _ := post(t, staff, base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	restore := func(c *http.Client, id, origin, version string) *http.Response {
		resp, _ := post(t, c, base+"/records/"+id+"/restore", origin, url.Values{"version": {version}})
		return resp
	}

	if _, body := getWith(t, visitor, base+"/records/"+harbour); strings.Contains(body, "Earlier versions") || strings.Contains(body, "Restore version") {
		t.Error("a visitor sees the history of a record")
	}
	resp, body := getWith(t, staff, base+"/records/"+harbour)
	if !strings.Contains(body, "Earlier versions") || !strings.Contains(body, "Restore version 1") || !strings.Contains(body, "<td>Harbour radio alerts</td>") {
		t.Errorf("staff do not see the earlier version:\n%s", body)
	}
	if resp.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("staff record page Cache-Control %q", resp.Header.Get("Cache-Control"))
	}

	for _, tt := range []struct {
		name    string
		c       *http.Client
		id      string
		origin  string
		version string
		status  int
	}{
		{"foreign origin", staff, harbour, "https://evil.example", "1", http.StatusForbidden},
		{"not signed in", visitor, harbour, base, "1", http.StatusSeeOther},
		{"not a number", staff, harbour, base, "x", http.StatusBadRequest},
		{"no such version", staff, harbour, base, "99", http.StatusNotFound},
		{"no such record", staff, "p0000000000000000", base, "1", http.StatusNotFound},
	} {
		if resp := restore(tt.c, tt.id, tt.origin, tt.version); resp.StatusCode != tt.status {
			t.Errorf("%s: restore answered %d, want %d", tt.name, resp.StatusCode, tt.status)
		}
	}
	if _, body := getWith(t, visitor, base+"/records/"+harbour); !strings.Contains(body, "Harbour radio alerts for crews") {
		t.Fatal("a refused restore changed the record")
	}

	if resp := restore(staff, harbour, base, "1"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/records/"+harbour {
		t.Errorf("restore: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := getWith(t, visitor, base+"/records/"+harbour); !strings.Contains(body, "<h1>Harbour radio alerts</h1>") {
		t.Error("the restored version is not the one shown")
	}

	if resp, _ := getWith(t, visitor, base+"/records/"+mesh); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a deleted record answers %d to a visitor, want 404", resp.StatusCode)
	}
	if resp, body := getWith(t, staff, base+"/records/"+mesh); resp.StatusCode != http.StatusOK || !strings.Contains(body, "This record was deleted") {
		t.Errorf("staff on a deleted record: %d\n%s", resp.StatusCode, body)
	}
	if resp := restore(staff, mesh, base, "1"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("restore of a deleted record: %d", resp.StatusCode)
	}
	if resp, body := getWith(t, visitor, base+"/records/"+mesh); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Mesh schools") {
		t.Errorf("restored record: %d", resp.StatusCode)
	}
	if _, body := getWith(t, visitor, base+"/api/v1/search?q=mesh"); !strings.Contains(body, "Mesh schools") {
		t.Error("the restored record is not searchable")
	}
}

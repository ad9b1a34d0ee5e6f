package store

import (
	"context"
	"errors"
	"testing"
)

func TestLinks(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	for _, bad := range [][3]string{{"a", "a", "join"}, {"", "b", "join"}, {"a", "b", "merge"}, {"a\x00", "b", "split"}} {
		if err := s.SetLink(ctx, bad[0], bad[1], LinkKind(bad[2])); !errors.Is(err, ErrBadLink) {
			t.Errorf("SetLink%q = %v, want ErrBadLink", bad, err)
		}
	}
	steps := []struct {
		a, b string
		kind LinkKind
	}{
		{"p2", "p1", Join},
		{"p1", "p3", Split},
		{"p1", "p2", Split}, // replaces the join, whichever order the pair comes in
	}
	for _, st := range steps {
		if err := s.SetLink(ctx, st.a, st.b, st.kind); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ClearLink(ctx, "p3", "p1"); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearLink(ctx, "p3", "p1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second ClearLink = %v, want ErrNotFound", err)
	}
	// Links live in the file: they survive a reopen (and so a re-import).
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	links, err := s2.Links(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].A != "p1" || links[0].B != "p2" || links[0].Kind != Split || links[0].At.IsZero() {
		t.Errorf("links = %+v, want one split p1-p2", links)
	}
}

package text

import (
	"context"
	"strings"
	"testing"
)

// Contact lines of a text profile are private (issue 15, item 9): they go
// to Contact and appear in no public field.
func TestContactLinesArePrivate(t *testing.T) {
	r := parseFile(t, "contact-profile.md")[0]
	if r.Contact == nil {
		t.Fatal("no contact read")
	}
	if r.Contact.Email != "noura.salem@example.org" || r.Contact.Phone != "+971 4 555 0192" || r.Contact.Website != "https://noura.example.org" {
		t.Errorf("contact = %+v", *r.Contact)
	}
	public := r.Public()
	for field, v := range map[string]string{"body": public.Body, "bio": public.Bio, "summary": public.Summary, "title": public.Title, "job_title": public.JobTitle} {
		for _, secret := range []string{"noura.salem@example.org", "n.salem@example.net", "555 0192", "555 0134", "Email:", "Phone:"} {
			if strings.Contains(v, secret) {
				t.Errorf("%s holds %q: %q", field, secret, v)
			}
		}
	}
	if public.Contact != nil {
		t.Error("Public() keeps the contact")
	}
}

func TestContactLinesOfAnyKind(t *testing.T) {
	in := "Source: https://example.org/s/1\nCoding Clubs for Rural Schools\n\nSession 12\n\nContact: +41 22 555 0100\nE-mail: clubs@example.org\n\nThe session shared how volunteer teachers run weekly coding clubs in twelve rural schools and what they need from ministries.\n"
	recs, err := Parse(context.Background(), "s.txt", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	r := recs[0]
	if r.Contact == nil || r.Contact.Email != "clubs@example.org" || r.Contact.Phone == "" {
		t.Fatalf("contact = %+v", r.Contact)
	}
	if strings.Contains(r.Body, "clubs@example.org") || strings.Contains(r.Body, "555 0100") {
		t.Errorf("body holds the contact: %q", r.Body)
	}
}

// Summaries come from real content, never from template boilerplate
// (issue 17, item 6).
func TestSummarySkipsBoilerplate(t *testing.T) {
	tests := []struct{ file, prefix string }{
		{"summary-boilerplate.txt", "Teachers, parents and students argued"},
		{"convenors-transcript.txt", "Good afternoon, everyone."},
		{"exec-summary-2018.txt", ""},
	}
	for _, tt := range tests {
		r := parseFile(t, tt.file)[0]
		for _, bad := range []string{"Disclaimer", "raw captions", "real-time captioning", "Deadline", "please submit", "produced automatically"} {
			if strings.Contains(r.Summary, bad) {
				t.Errorf("%s: summary is boilerplate (%q): %q", tt.file, bad, r.Summary)
			}
		}
		if isDateLine(r.Summary) {
			t.Errorf("%s: summary is a date line: %q", tt.file, r.Summary)
		}
		if tt.prefix != "" && !strings.HasPrefix(r.Summary, tt.prefix) {
			t.Errorf("%s: summary = %q, want it to start with %q", tt.file, r.Summary, tt.prefix)
		}
	}
}

package tabular

import "testing"

func TestIsExport(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"array", `[{"title": "Solar kiosks"}]`, true},
		{"wrapper", `{"source": "Women in Tech", "people": [{"name": "Ada"}]}`, true},
		{"wrapper, metadata after", `{"records": [], "updated": "2024-01-01"}`, true},
		{"one record", `{"title": "Clinic radio", "country": "Kenya"}`, false},
		{"labels with a projects array", `{"kind": "project", "template": "winners list", "projects": [{"title": "x"}]}`, false},
		{"wrapper key that is not an array", `{"projects": "none"}`, false},
		{"an export longer than the head", `{"people": [{"name": "Ada"}, {"name": "Gra`, true},
		{"labels cut short", `{"kind": "person", "template": "a long tem`, false},
		{"not JSON", `title,country`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsExport([]byte(tt.head)); got != tt.want {
				t.Errorf("IsExport(%s) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

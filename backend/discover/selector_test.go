package discover

import (
	"reflect"
	"testing"
)

func TestSelectorIndexResolvesAsResolve(t *testing.T) {
	scripts := []Script{
		{ID: "package.json:package.json:dev", Source: "package.json", Name: "dev", Dir: "."},
		{ID: "package.json:web/package.json:dev", Source: "package.json", Name: "dev", Dir: "web"},
		{ID: "procfile:Procfile.dev:web", Source: "procfile", Name: "web", Dir: "."},
		{ID: "package.json:package.json:test:unit", Source: "package.json", Name: "test:unit", Dir: "."},
	}
	x := NewSelectorIndex(scripts)
	for _, sel := range []string{"dev", "web:dev", ".:dev", "package.json:dev", "Procfile.dev:web", "procfile:web",
		"test:unit", "package.json:test:unit", "package.json:web:dev", "package.json:web/package.json:dev", "nope", ""} {
		want := Resolve(scripts, sel)
		if want == nil {
			want = []Script{}
		}
		if got := x.Resolve(sel); !reflect.DeepEqual(got, want) {
			t.Errorf("Resolve(%q): got %v, want %v", sel, got, want)
		}
	}
}

package visibility

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVisibility(t *testing.T) {
	type step struct {
		do     func(v *Tracker) bool
		paused bool
		why    string
	}
	page := func(id string, on bool) func(v *Tracker) bool {
		return func(v *Tracker) bool { return v.Page(id, on) }
	}
	window := func(on bool) func(v *Tracker) bool {
		return func(v *Tracker) bool { return v.Window(on) }
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"a new app is visible", []step{
			{func(v *Tracker) bool { return v.Paused() }, false, "nothing said yet"},
		}},
		{"the only page hides and shows", []step{
			{page("a", true), false, "a shows"},
			{page("a", false), true, "a hid: nobody sees"},
			{page("a", true), false, "a is back"},
		}},
		{"a second page closing leaves the first one its events", []step{
			{page("main", true), false, "main shows"},
			{page("narrow", true), false, "a second page opens"},
			{page("narrow", false), false, "it closes: main still sees"},
			{page("main", false), true, "main hides too"},
		}},
		{"a reload: the new page shows before or after the old one hides", []step{
			{page("old", true), false, ""},
			{page("new", true), false, "the new page mounts"},
			{page("old", false), false, "the old one unloads"},
		}},
		{"the tray hides the window whatever the pages say", []step{
			{page("a", true), false, ""},
			{window(false), true, "hidden to the tray"},
			{page("a", true), true, "a late visible report does not unpause"},
			{window(true), false, "shown from the tray"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var v Tracker
			for i, s := range tc.steps {
				got := s.do(&v)
				assert.Equal(t, s.paused, got, "step %d (%s): got paused %v, want %v", i, s.why, got, s.paused)
			}
		})
	}
}

package discover

import (
	"slices"
	"strings"
)

// A selector is a NAME that picks scripts out of a project, as `hum run`
// and the project file's references accept them. They live here, beside the
// IDs they are built from, so every consumer resolves names the same way.

// selectorKeys are the NAMEs that name s, shortest first: the bare name,
// source:name, dir:name, file:name (the declaring file, such as
// Procfile.dev), source:dir:name, and the ID.
func selectorKeys(s Script) []string {
	return []string{
		s.Name,
		s.Source + ":" + s.Name,
		s.Dir + ":" + s.Name,
		FileOf(s) + ":" + s.Name,
		s.Source + ":" + s.Dir + ":" + s.Name,
		s.ID,
	}
}

// index maps every NAME to the scripts it names (as indexes into the
// scripts slice, each once, in listing order).
func index(scripts []Script) map[string][]int {
	by := make(map[string][]int, len(scripts)*4)
	for i, s := range scripts {
		for _, k := range selectorKeys(s) {
			if l := by[k]; len(l) == 0 || l[len(l)-1] != i {
				by[k] = append(l, i)
			}
		}
	}
	return by
}

// Selectors returns, for each script, the shortest NAME that `hum run`
// resolves to exactly that script (see Resolve); the ID when nothing
// shorter is unique.
func Selectors(scripts []Script) []string {
	by := index(scripts)
	out := make([]string, len(scripts))
	for i, s := range scripts {
		out[i] = s.ID
		for _, k := range selectorKeys(s) {
			if l := by[k]; len(l) == 1 && l[0] == i {
				out[i] = k
				break
			}
		}
	}
	return out
}

// Resolve returns the scripts a NAME names, in listing order: the script
// whose ID it is, those with that name, and those matching source:name,
// dir:name, file:name or source:dir:name. Script names may contain ':'
// themselves (npm's "test:unit"), so a NAME is compared against every form
// and the matches are merged. To resolve many NAMEs, build a SelectorIndex.
func Resolve(scripts []Script, sel string) []Script {
	var out []Script
	for _, s := range scripts {
		if slices.Contains(selectorKeys(s), sel) {
			out = append(out, s)
		}
	}
	return out
}

// SelectorIndex resolves NAMEs against one list of scripts, each in
// constant time, as Resolve does: a project file may name thousands of
// scripts in a project of thousands.
type SelectorIndex struct {
	scripts []Script         // written once in NewSelectorIndex
	by      map[string][]int // written once in NewSelectorIndex
}

// NewSelectorIndex indexes scripts, which must not change afterwards.
func NewSelectorIndex(scripts []Script) *SelectorIndex {
	return &SelectorIndex{scripts: scripts, by: index(scripts)}
}

// Resolve is Resolve(scripts, sel) for the indexed scripts.
func (x *SelectorIndex) Resolve(sel string) []Script {
	idx := x.by[sel]
	out := make([]Script, 0, len(idx))
	for _, i := range idx {
		out = append(out, x.scripts[i])
	}
	return out
}

// FileOf returns the declaring file recorded in a script's ID
// ("source:file:name").
func FileOf(s Script) string {
	rest := strings.TrimPrefix(s.ID, s.Source+":")
	return strings.TrimSuffix(rest, ":"+s.Name)
}

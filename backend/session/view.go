package session

import (
	"fmt"
	"path/filepath"

	"hum/backend/discover"
	"hum/backend/stack"
)

// View is a project as the window's sidebar shows it: its scripts grouped
// by source (stack.BySource: hum.yaml's processes first, then the
// discovered sources), each problem beside the source whose file it is
// about. Every list is non-nil, so it encodes as [] rather than null.
type View struct {
	Root       string             `json:"root"` // "" when no project is open
	Name       string             `json:"name"`
	Serial     uint64             `json:"serial"`     // increases with every open, also of the same folder
	Revision   uint64             `json:"revision"`   // within one open (Serial), increases with every change of hum.yaml shown
	Groups     []discover.Group   `json:"groups"`     // one per source with scripts or problems, in discovery order
	Problems   []discover.Problem `json:"problems"`   // problems that belong to no source
	Favourites []string           `json:"favourites"` // starred script IDs, in the order starred
}

// NoView is the View while no project is open: no Root, every list empty.
func NoView() View {
	return View{Groups: []discover.Group{}, Problems: []discover.Problem{}, Favourites: []string{}}
}

// View returns the session's project as the sidebar shows it. serial says
// which open of the window this session is; favourites are the project's
// starred script IDs, in the order starred.
func (s *Session) View(serial uint64, favourites []string) View {
	c := s.now()
	groups, loose := stack.BySource(c.stack)
	if favourites == nil {
		favourites = []string{}
	}
	return View{Root: s.root, Name: filepath.Base(s.root), Serial: serial, Revision: c.revision, Groups: groups, Problems: loose, Favourites: favourites}
}

// CheckFavourite says whether scriptID may be starred (on) or unstarred in
// this project: only a script the project has may be starred
// (ErrUnknownScript otherwise), while any ID may be unstarred, so that the
// star of a script that has since gone from the project can be removed.
func (s *Session) CheckFavourite(scriptID string, on bool) error {
	if _, ok := s.Script(scriptID); !ok && on {
		return fmt.Errorf("%w: %s", ErrUnknownScript, scriptID)
	}
	return nil
}

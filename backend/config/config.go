// Package config keeps what Hum remembers between runs: the recently opened
// projects and each project's favourite scripts (config.json), and the
// user's settings (settings.json). Both are small JSON files in the user's
// config folder (os.UserConfigDir()/hum), or in $HUM_CONFIG_DIR when that is
// set, so tests never touch the real ones.
//
// Every change is written at once with a write-to-temp-then-rename, so a
// crash never leaves a half-written file; a file that cannot be parsed is
// treated as empty (settings: as the defaults) rather than stopping the app.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// EnvDir names the environment variable that overrides the config folder.
const EnvDir = "HUM_CONFIG_DIR"

// MaxRecent bounds the recent-projects list.
const MaxRecent = 10

// Recent is one recently opened project.
type Recent struct {
	Dir    string    `json:"dir"`    // absolute path
	Name   string    `json:"name"`   // the folder's base name, for display
	Opened time.Time `json:"opened"` // last time it was opened
}

// file is the on-disk shape.
type file struct {
	Recent     []Recent            `json:"recent"`
	Favourites map[string][]string `json:"favourites"` // project dir → script IDs, in the order starred
}

// Settings are the user's choices, kept in settings.json. A field missing
// from the file keeps its default (see DefaultSettings), so a file written by
// an older Hum still reads as the user left it.
type Settings struct {
	// CloseToTray makes closing the window hide it to the tray, when there
	// is one, instead of quitting. Hum reads it once at start: Wails fixes
	// the close behaviour before the window exists.
	CloseToTray bool `json:"closeToTray"`
}

// DefaultSettings are the settings before the user changes any.
func DefaultSettings() Settings { return Settings{CloseToTray: true} }

// settingsFile is the settings' file name in the config folder.
const settingsFile = "settings.json"

// LoadSettings reads the settings kept in dir (see Dir). A missing or
// unreadable file gives the defaults: a lost setting must never stop Hum
// from starting.
func LoadSettings(dir string) Settings {
	set := DefaultSettings()
	b, err := os.ReadFile(filepath.Join(dir, settingsFile))
	if err != nil {
		return set
	}
	// Decoding into a copy keeps a corrupt file from leaving half its
	// fields applied.
	read := set
	if err := json.Unmarshal(b, &read); err != nil {
		return set
	}
	return read
}

// Store reads and writes the config and settings files. Create one with
// Open. Its methods are safe for concurrent use.
type Store struct {
	path         string // written once in Open
	settingsPath string // written once in Open

	mu       sync.Mutex // protects data and settings, and serialises writes to both files
	data     file       // guarded by mu
	settings Settings   // guarded by mu
}

// Dir returns the folder Hum keeps its config in: $HUM_CONFIG_DIR when set,
// else os.UserConfigDir()/hum.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	return filepath.Join(base, "hum"), nil
}

// Open loads the config in dir (see Dir), creating nothing until the first
// change. A missing file is an empty config; so is an unreadable one, since
// losing a recents list must never stop Hum from starting.
func Open(dir string) *Store {
	s := &Store{
		path:         filepath.Join(dir, "config.json"),
		settingsPath: filepath.Join(dir, settingsFile),
		settings:     LoadSettings(dir),
	}
	b, err := os.ReadFile(s.path)
	if err == nil {
		// A corrupt file is ignored on purpose: the next write replaces it.
		_ = json.Unmarshal(b, &s.data)
	}
	if s.data.Favourites == nil {
		s.data.Favourites = map[string][]string{}
	}
	return s
}

// Path returns the config file's path.
func (s *Store) Path() string { return s.path }

// SettingsPath returns the settings file's path.
func (s *Store) SettingsPath() string { return s.settingsPath }

// Settings returns the settings as last saved (or loaded).
func (s *Store) Settings() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// SetCloseToTray saves whether closing the window hides it to the tray and
// returns the settings afterwards. When the file cannot be written the
// settings stay as they were, so what the caller shows is what the next
// start will read.
func (s *Store) SetCloseToTray(on bool) (Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.settings
	next.CloseToTray = on
	if err := writeJSON(s.settingsPath, next); err != nil {
		return s.settings, err
	}
	s.settings = next
	return next, nil
}

// Recent returns the recent projects, most recent first. The slice is the
// caller's.
func (s *Store) Recent() []Recent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.Recent)
}

// Last returns the most recently opened project's folder, or "" when none.
func (s *Store) Last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.data.Recent) == 0 {
		return ""
	}
	return s.data.Recent[0].Dir
}

// AddRecent moves dir (absolute) to the front of the recent list, stamped now.
func (s *Store) AddRecent(dir string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := slices.DeleteFunc(slices.Clone(s.data.Recent), func(r Recent) bool { return r.Dir == dir })
	rs = slices.Insert(rs, 0, Recent{Dir: dir, Name: filepath.Base(dir), Opened: now.UTC()})
	if len(rs) > MaxRecent {
		rs = rs[:MaxRecent]
	}
	s.data.Recent = rs
	return s.save()
}

// ForgetRecent removes dir from the recent list, e.g. when it no longer exists.
func (s *Store) ForgetRecent(dir string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.data.Recent)
	s.data.Recent = slices.DeleteFunc(slices.Clone(s.data.Recent), func(r Recent) bool { return r.Dir == dir })
	if len(s.data.Recent) == n {
		return nil
	}
	return s.save()
}

// Favourites returns the starred script IDs of the project in dir, in the
// order they were starred. The slice is the caller's.
func (s *Store) Favourites(dir string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.Favourites[dir])
}

// SetFavourite stars (on) or unstars a script of the project in dir and
// returns the project's favourites afterwards.
func (s *Store) SetFavourite(dir, scriptID string, on bool) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.data.Favourites[dir]
	has := slices.Contains(cur, scriptID)
	if has == on {
		return slices.Clone(cur), nil
	}
	var next []string
	if on {
		next = append(slices.Clone(cur), scriptID)
	} else {
		next = slices.DeleteFunc(slices.Clone(cur), func(id string) bool { return id == scriptID })
	}
	if len(next) == 0 {
		delete(s.data.Favourites, dir)
	} else {
		s.data.Favourites[dir] = next
	}
	return slices.Clone(next), s.save()
}

// save writes the config file. The caller holds mu.
func (s *Store) save() error { return writeJSON(s.path, s.data) }

// writeJSON writes v to path atomically: to a temporary file in the same
// folder, then renamed over path. Callers serialise writes to one path.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	base := filepath.Base(path)
	tmp, err := os.CreateTemp(dir, "."+strings.TrimSuffix(base, filepath.Ext(base))+"-*.json")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	_, werr := tmp.Write(append(b, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: %w", err)
	}
	return nil
}

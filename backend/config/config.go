// Package config keeps what Hum remembers between runs: the recently opened
// projects and each project's favourite scripts (config.json), and the
// user's settings (settings.json). Both are small JSON files in the user's
// config folder (os.UserConfigDir()/hum), or in $HUM_CONFIG_DIR when that is
// set, so tests never touch the real ones.
//
// Nothing the user wrote is ever lost to Hum:
//   - every change is written atomically (a temporary file in the same
//     folder, fsynced, renamed over the file, then the folder fsynced), so a
//     crash or a full disk leaves the previous file whole; a temporary file
//     a crash left behind is removed at the next Open;
//   - a file that cannot be parsed (a hand edit with a trailing comma) is
//     moved aside as NAME.corrupt-TIMESTAMP before anything replaces it, and
//     Notices says where it went; a file that can be neither read nor moved
//     is never replaced: its changes are kept in memory until Hum quits;
//   - without a config folder (no $HOME) nothing is written anywhere, in
//     particular not to a /tmp folder other users share: the store lives in
//     memory and Notices says so.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"
)

// EnvDir names the environment variable that overrides the config folder.
const EnvDir = "HUM_CONFIG_DIR"

// MaxRecent bounds the recent-projects list.
const MaxRecent = 10

// MaxApproved bounds the command sets remembered as approved per project:
// a project whose hum.yaml changes often keeps its newest approvals.
const MaxApproved = 20

// Recent is one recently opened project.
type Recent struct {
	Dir    string    `json:"dir"`    // absolute path
	Name   string    `json:"name"`   // the folder's base name, for display
	Opened time.Time `json:"opened"` // last time it was opened
}

// file is the on-disk shape.
type file struct {
	Recent     []Recent             `json:"recent"`
	Favourites map[string][]string  `json:"favourites"`          // project dir → script IDs, in the order starred
	Autostart  map[string]Autostart `json:"autostart,omitempty"` // project dir → the user's autostart choice and approvals
	// Agents maps a project dir to what coding agents may do there
	// without asking (AllowAgent): the user's "Always for this project".
	Agents map[string][]string `json:"agents,omitempty"`
}

// Autostart is what the user decided about starting a project's processes
// when it opens. It lives here, not in the project's shared hum.yaml:
// whether commands from a repository may run by themselves is the user's
// call, never the repository's.
type Autostart struct {
	// Chosen says the user picked Group over hum.yaml's defaults.autostart;
	// when false, hum.yaml's default applies.
	Chosen bool `json:"chosen,omitempty"`
	// Group is the group the user chose to start; "" for none. Read only
	// when Chosen.
	Group string `json:"group,omitempty"`
	// Approved are the digests (session.AutostartDigest) of the command
	// sets the user allowed to start by themselves, newest last, at most
	// MaxApproved. A set whose digest is not here is asked about first.
	Approved []string `json:"approved,omitempty"`
}

// Settings are the user's choices, kept in settings.json. A field missing
// from the file keeps its default (see DefaultSettings), so a file written by
// an older Hum still reads as the user left it.
type Settings struct {
	// CloseToTray makes closing the window hide it to the tray, when there
	// is one, instead of quitting. Hum reads it once at start: Wails fixes
	// the close behaviour before the window exists.
	CloseToTray bool `json:"closeToTray"`
	// Notify says which desktop notifications Hum shows (backend/notify).
	Notify NotifySettings `json:"notify"`
}

// NotifySettings turn each kind of desktop notification on or off. All but
// Ready are on by default; each applies at once.
type NotifySettings struct {
	Crashed   bool `json:"crashed"`   // a process crashed (a failure nobody asked for)
	CrashLoop bool `json:"crashLoop"` // a process failed too often and was paused
	Finished  bool `json:"finished"`  // a build or test script finished while Hum was not seen
	Ready     bool `json:"ready"`     // a process the user started became ready after a while
	Terminal  bool `json:"terminal"`  // a process rang the terminal bell or printed an OSC 9/777 notification
}

// DefaultSettings are the settings before the user changes any.
func DefaultSettings() Settings {
	return Settings{CloseToTray: true, Notify: NotifySettings{Crashed: true, CrashLoop: true, Finished: true, Terminal: true}}
}

// settingsFile and configFile are the files' names in the config folder.
const (
	settingsFile = "settings.json"
	configFile   = "config.json"
)

// ErrNotSaved is returned by a change that cannot outlive this run because
// the store keeps it in memory only (see Notices).
var ErrNotSaved = errors.New("config: not saved")

// LoadSettings reads the settings kept in dir (see Dir). A missing or
// unreadable file, or no folder at all (dir ""), gives the defaults: a lost
// setting must never stop Hum from starting. It only reads; Open is what
// moves a corrupt file aside.
func LoadSettings(dir string) Settings {
	set := DefaultSettings()
	if dir == "" {
		return set
	}
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
	path         string   // written once in Open; "" when there is no config folder
	settingsPath string   // written once in Open; "" when there is no config folder
	keepData     bool     // written once in Open: config.json must not be written (changes stay in memory)
	keepSettings bool     // written once in Open: settings.json must not be written
	notices      []string // written once in Open

	mu       sync.Mutex // protects data and settings, and serialises writes to both files
	data     file       // guarded by mu
	settings Settings   // guarded by mu
}

// Dir returns the folder Hum keeps its config in: $HUM_CONFIG_DIR when set,
// else os.UserConfigDir()/hum. It fails when the platform's config folder
// is unknown ($HOME unset on Linux and macOS, %AppData% on Windows).
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
// change. A missing file is an empty config. A file that cannot be parsed
// is moved aside (see the package doc) and one that cannot be read is left
// alone; either way Hum starts, and Notices tells the user. dir "" means
// there is no config folder: everything is kept in memory.
func Open(dir string) *Store { return openAt(dir, time.Now()) }

// openAt is Open with the clock that names a moved-aside file.
func openAt(dir string, now time.Time) *Store {
	s := &Store{settings: DefaultSettings()}
	if dir == "" {
		s.keepData, s.keepSettings = true, true
		s.notices = []string{"Hum has no folder to keep its config in ($HOME is not set, nor " + EnvDir +
			"), so recent projects, favourites and settings are kept only until Hum quits."}
		s.data.Favourites = map[string][]string{}
		return s
	}
	s.path = filepath.Join(dir, configFile)
	s.settingsPath = filepath.Join(dir, settingsFile)
	removeStaleTemps(dir)

	var note string
	s.data, s.keepData, note = load(s.path, file{}, now)
	if note != "" {
		s.notices = append(s.notices, note)
	}
	s.settings, s.keepSettings, note = load(s.settingsPath, DefaultSettings(), now)
	if note != "" {
		s.notices = append(s.notices, note)
	}
	if s.data.Favourites == nil {
		s.data.Favourites = map[string][]string{}
	}
	return s
}

// load reads the JSON file at path over def. A missing or empty file gives
// def. A file that cannot be parsed is moved aside and gives def; one that
// cannot be read, or parsed but not moved, gives def with keep set, so
// nothing ever replaces it. note tells the user what happened, "" when all
// was well.
func load[T any](path string, def T, now time.Time) (v T, keep bool, note string) {
	name := filepath.Base(path)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return def, false, ""
	}
	if err != nil {
		return def, true, fmt.Sprintf("Hum could not read %s (%v). It leaves the file as it is; "+
			"changes are kept only until Hum quits.", path, unwrapPath(err))
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return def, false, ""
	}
	// Decoding into a copy keeps a corrupt file from leaving half its
	// fields applied.
	read := def
	perr := json.Unmarshal(b, &read)
	if perr == nil {
		return read, false, ""
	}
	why := parseError(b, perr)
	aside, err := moveAside(path, now)
	if err != nil {
		return def, true, fmt.Sprintf("%s could not be read (%s) nor moved aside (%v). Hum leaves it as it is; "+
			"changes are kept only until Hum quits.", path, why, unwrapPath(err))
	}
	return def, false, fmt.Sprintf("%s could not be read (%s). It was moved to %s, and Hum starts with an empty %s.",
		name, why, aside, name)
}

// parseError says where in b the JSON went wrong, as a person would look
// for it: by line.
func parseError(b []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line := 1 + bytes.Count(b[:min(int(te.Offset), len(b))], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, err)
	}
	return err.Error()
}

// unwrapPath drops the path an *fs.PathError repeats, since the notice
// names the file already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// asideLayout stamps a moved-aside file: config.json.corrupt-20261201T210000.
const asideLayout = "20060102T150405"

// moveAside renames path to path.corrupt-TIMESTAMP, with -2, -3, … when an
// earlier file has that name already: an older moved-aside file is never
// replaced. It returns the new path.
func moveAside(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + now.Format(asideLayout)
	for i := 1; i < 1000; i++ {
		to := base
		if i > 1 {
			to += "-" + strconv.Itoa(i)
		}
		if _, err := os.Lstat(to); !errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.Rename(path, to); err != nil {
			return "", err
		}
		syncDir(filepath.Dir(path))
		return to, nil
	}
	return "", fmt.Errorf("too many files named %s*", base)
}

// tempPattern names the temporary files writeJSON creates beside base.
func tempPattern(base string) string { return "." + base + ".tmp-*" }

// removeStaleTemps deletes the temporary files a crash between write and
// rename left in dir. They are never read: the file they were to replace is
// still whole. Only one Hum window runs at a time (the single-instance
// lock), so no live write is in progress.
func removeStaleTemps(dir string) {
	for _, base := range []string{configFile, settingsFile} {
		stale, _ := filepath.Glob(filepath.Join(dir, tempPattern(base)))
		for _, f := range stale {
			_ = os.Remove(f)
		}
	}
}

// Notices are what the user should be told once about the config, in the
// window: a file that was moved aside and where to, or why changes will
// not be saved. Empty (never nil) when all is well.
func (s *Store) Notices() []string { return owned(s.notices) }

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
	return s.change(func(set *Settings) { set.CloseToTray = on })
}

// SetNotify saves which desktop notifications are shown and returns the
// settings afterwards; like SetCloseToTray, a file that cannot be written
// leaves them as they were.
func (s *Store) SetNotify(n NotifySettings) (Settings, error) {
	return s.change(func(set *Settings) { set.Notify = n })
}

// change applies edit to a copy of the settings and saves it.
func (s *Store) change(edit func(*Settings)) (Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.settings
	edit(&next)
	if s.keepSettings {
		// The setting applies from the next start, which will not see it.
		return s.settings, fmt.Errorf("%w: %s", ErrNotSaved, s.whyNotSaved(s.settingsPath))
	}
	if err := writeJSON(s.settingsPath, next); err != nil {
		return s.settings, err
	}
	s.settings = next
	return next, nil
}

// Recent returns the recent projects, most recent first. The slice is the
// caller's (see owned).
func (s *Store) Recent() []Recent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return owned(s.data.Recent)
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
// order they were starred. The slice is the caller's (see owned).
func (s *Store) Favourites(dir string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return owned(s.data.Favourites[dir])
}

// owned returns a copy of list that the caller owns, empty rather than nil
// when list is, so that every list the Store returns encodes as [] (the
// window's JSON), never null.
func owned[T any](list []T) []T {
	return append(make([]T, 0, len(list)), list...)
}

// SetFavourite stars (on) or unstars a script of the project in dir and
// returns the project's favourites afterwards (see owned).
func (s *Store) SetFavourite(dir, scriptID string, on bool) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.data.Favourites[dir]
	has := slices.Contains(cur, scriptID)
	if has == on {
		return owned(cur), nil
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
	return owned(next), s.save()
}

// Autostart returns the user's autostart choice and approvals for the
// project in dir; the zero Autostart (hum.yaml's default, nothing
// approved) when there are none. Its slice is the caller's.
func (s *Store) Autostart(dir string) Autostart {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.data.Autostart[dir]
	a.Approved = owned(a.Approved)
	return a
}

// SetAutostartGroup records the group the user wants started when the
// project in dir opens ("" for none), over hum.yaml's default, and returns
// the project's autostart afterwards. The group's commands still need
// approval (ApproveAutostart) before they start by themselves.
func (s *Store) SetAutostartGroup(dir, group string) (Autostart, error) {
	return s.editAutostart(dir, func(a *Autostart) { a.Chosen, a.Group = true, group })
}

// ResetAutostartGroup forgets the user's choice of group for the project
// in dir, so hum.yaml's default applies again; approvals are kept.
func (s *Store) ResetAutostartGroup(dir string) (Autostart, error) {
	return s.editAutostart(dir, func(a *Autostart) { a.Chosen, a.Group = false, "" })
}

// ApproveAutostart remembers that the user allowed the command set with
// the given digest to start by itself when the project in dir opens.
func (s *Store) ApproveAutostart(dir, digest string) (Autostart, error) {
	return s.editAutostart(dir, func(a *Autostart) {
		next := slices.DeleteFunc(slices.Clone(a.Approved), func(d string) bool { return d == digest })
		next = append(next, digest)
		if len(next) > MaxApproved {
			next = next[len(next)-MaxApproved:]
		}
		a.Approved = next
	})
}

// editAutostart applies edit to the project's autostart and saves it. An
// entry left with nothing in it is dropped, so the file holds only
// projects the user decided something about.
func (s *Store) editAutostart(dir string, edit func(*Autostart)) (Autostart, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.data.Autostart[dir]
	a.Approved = slices.Clone(a.Approved)
	edit(&a)
	next := maps.Clone(s.data.Autostart)
	if next == nil {
		next = map[string]Autostart{}
	}
	if !a.Chosen && len(a.Approved) == 0 {
		delete(next, dir)
	} else {
		next[dir] = a
	}
	s.data.Autostart = next
	out := a
	out.Approved = owned(a.Approved)
	return out, s.save()
}

// MaxAgentRules bounds what is remembered as always allowed for agents
// per project; the oldest go first.
const MaxAgentRules = 50

// AgentAllowed reports whether the user allowed rule (an agent action,
// such as "restart" or "run_command:npm test") in the project in dir for
// good.
func (s *Store) AgentAllowed(dir, rule string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.data.Agents[dir], rule)
}

// AllowAgent remembers that agents may do rule in the project in dir
// without asking.
func (s *Store) AllowAgent(dir, rule string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := maps.Clone(s.data.Agents)
	if next == nil {
		next = map[string][]string{}
	}
	rules := slices.DeleteFunc(slices.Clone(next[dir]), func(r string) bool { return r == rule })
	rules = append(rules, rule)
	if len(rules) > MaxAgentRules {
		rules = rules[len(rules)-MaxAgentRules:]
	}
	next[dir] = rules
	s.data.Agents = next
	return s.save()
}

// save writes the config file. The caller holds mu. A store that may not
// write it keeps the change in memory: the user was told at start (Notices).
func (s *Store) save() error {
	if s.keepData {
		return nil
	}
	return writeJSON(s.path, s.data)
}

// whyNotSaved explains ErrNotSaved for the file at path.
func (s *Store) whyNotSaved(path string) string {
	if path == "" {
		return "Hum has no config folder ($HOME is not set)"
	}
	return path + " is kept as it is because Hum could not read it"
}

// Hooks for tests that simulate a crash or a failing disk between the steps
// of writeJSON.
var (
	renameFile = os.Rename
	syncFile   = (*os.File).Sync
)

// writeJSON writes v to path atomically: to a temporary file in the same
// folder, fsynced so its bytes are on disk before its name is, renamed over
// path, and then the folder fsynced so the rename itself survives a power
// cut. Any failure leaves the previous file whole and no temporary file
// behind. Callers serialise writes to one path.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	tmp, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	_, werr := tmp.Write(append(b, '\n'))
	serr := syncFile(tmp)
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: writing %s: %w", path, err)
	}
	if err := renameFile(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir fsyncs a folder so a rename in it is durable. It is best effort:
// the rename has happened by then, and some file systems cannot sync a
// folder; Windows cannot open one for it at all (NTFS journals the rename).
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = f.Sync()
	_ = f.Close()
}

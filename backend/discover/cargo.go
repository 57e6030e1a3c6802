package discover

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cargoManifest is what discovery needs from one Cargo.toml.
type cargoManifest struct {
	pkg      string   // [package] name, "" for a virtual workspace manifest
	bins     []string // [[bin]] names, in order
	members  []string // [workspace] members globs
	excluded []string // [workspace] exclude
	line     int      // where members is declared
	autobins bool     // [package] autobins (true unless set to false)
}

// parseCargoToml reads the parts of a Cargo.toml discovery needs. It stops
// when ctx is done and keeps within the per-file caps.
func parseCargoToml(ctx context.Context, file string, data []byte) (cargoManifest, []Problem) {
	fp := newFileParse(ctx, file, data, "binaries")
	m := cargoManifest{autobins: true}
	for _, e := range parseTOML(fp, data) {
		switch p := e.path(); {
		case p == "package.name" && e.val.kind == 's':
			m.pkg = e.val.str
		case p == "package.autobins" && e.val.kind == 'o':
			m.autobins = e.val.str != "false"
		case p == "bin.name" && e.index >= 0 && e.val.kind == 's':
			if e.val.str != "" && !slices.Contains(m.bins, e.val.str) && fp.keep() {
				m.bins = append(m.bins, e.val.str)
			}
		case p == "workspace.members":
			m.members, m.line = e.val.strings(), e.line
		case p == "workspace.exclude":
			m.excluded = e.val.strings()
		}
	}
	return m, fp.result()
}

// cargo lists what the Cargo.toml in folder rel offers: `cargo run --bin
// NAME` for each binary (src/main.rs, src/bin/*.rs, src/bin/*/main.rs and
// [[bin]] targets) and `cargo test`; a workspace's members are listed in
// their folders, once, however they are reached.
func (s *scanner) cargo(rel string) {
	if s.cargoDone[rel] || s.firstExisting(rel, "Cargo.toml") == "" {
		return
	}
	s.cargoDone[rel] = true
	file := joinRel(rel, "Cargo.toml")
	data, ok := s.readFile(file)
	if !ok {
		return
	}
	m, problems := parseCargoToml(s.ctx, file, data)
	s.addProblems(problems)
	var scripts []Script
	names := map[string]bool{}
	add := func(name, run string) {
		if names[name] {
			return
		}
		names[name] = true
		scripts = append(scripts, Script{
			ID: scriptID(SourceCargo, file, name), Source: SourceCargo, Name: name,
			Command: run, Run: run, Dir: rel,
		})
	}
	if m.pkg != "" {
		bins := m.bins
		if m.autobins {
			bins = append(bins, s.cargoAutoBins(rel, m.pkg)...)
		}
		for _, b := range bins {
			name := b
			if name == "test" {
				name = "bin/test" // "test" is cargo test's
			}
			add(name, "cargo run --bin "+shellQuote(b))
		}
	}
	add("test", "cargo test")
	s.add(file, scripts)
	if len(m.members) > 0 && rel == "." {
		s.cargoMembers(m)
	}
}

// cargoAutoBins lists the binaries Cargo finds by itself: src/main.rs (named
// after the package), src/bin/NAME.rs and src/bin/NAME/main.rs.
func (s *scanner) cargoAutoBins(rel, pkg string) []string {
	var bins []string
	src := filepath.Join(s.root, filepath.FromSlash(rel), "src")
	if info, err := os.Stat(filepath.Join(src, "main.rs")); err == nil && info.Mode().IsRegular() {
		bins = append(bins, pkg)
	}
	s.examine()
	ents, _ := os.ReadDir(filepath.Join(src, "bin"))
	for _, e := range ents {
		name := e.Name()
		switch {
		case e.Type().IsRegular() && strings.HasSuffix(name, ".rs"):
			bins = append(bins, strings.TrimSuffix(name, ".rs"))
		case e.IsDir():
			if info, err := os.Stat(filepath.Join(src, "bin", name, "main.rs")); err == nil && info.Mode().IsRegular() {
				bins = append(bins, name)
			}
		}
		if len(bins) >= MaxScriptsPerFile {
			break
		}
	}
	return bins
}

// cargoMembers lists the root workspace's members wherever their globs
// reach, with the workspace globs' matcher (which stays inside the project).
func (s *scanner) cargoMembers(m cargoManifest) {
	var include, exclude [][]string
	for _, g := range m.members {
		segs, msg := splitGlob(g)
		if msg != "" {
			s.problem("Cargo.toml", m.line, "workspace member %s %s; ignored", quote(g), msg)
			continue
		}
		include = append(include, segs)
	}
	for _, g := range m.excluded {
		if segs, msg := splitGlob(g); msg == "" {
			exclude = append(exclude, segs)
		}
	}
	for _, d := range s.workspaceDirs(include, exclude) {
		if s.expired() {
			return
		}
		s.cargo(d)
	}
}

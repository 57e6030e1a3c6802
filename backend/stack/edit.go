package stack

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"hum/backend/discover"
)

// Errors an edit can fail with, for errors.Is.
var (
	// ErrLayout: the file is written in a way an edit cannot change
	// without rewriting more than the edit (a flow-style {…} section, a
	// syntax error). The file is left as it is; a person edits it by hand.
	ErrLayout = errors.New("hum.yaml is laid out in a way Hum cannot edit in place; edit it by hand")
	ErrExists = errors.New("the name is taken already")
	ErrNoSuch = errors.New("no such entry in hum.yaml")
	// ErrChanged: hum.yaml changed on disk while an edit was being made
	// (an editor saved it). Nothing was written; the edit can be made
	// again on the new text.
	ErrChanged = errors.New("hum.yaml changed on disk meanwhile; nothing was written, try again")
)

// Header is how a hum.yaml that an edit creates begins: a person who
// opens it learns what it is and where its keys are described.
const Header = "# hum.yaml: this project's processes and groups for Hum, meant to be committed.\n" +
	"# Its keys are described in Hum's docs/hum-yaml.md; editors validate it with docs/hum.schema.json.\n"

// Doc is hum.yaml's text under edit. Every edit changes only the lines it
// is about: it finds them through yaml.v3's node tree (line and column of
// every key and value), splices new text in or cuts old text out, and then
// parses the result to check that the file's model changed exactly as
// asked and nothing else did. Comments, blank lines, key order, quoting and
// indentation of everything else stay byte for byte as they were.
//
// A Doc is not safe for concurrent use.
type Doc struct {
	src []byte
}

// NewDoc starts an edit of hum.yaml's text (empty for a new file).
func NewDoc(src []byte) *Doc { return &Doc{src: slices.Clone(src)} }

// Bytes returns the edited text.
func (d *Doc) Bytes() []byte { return slices.Clone(d.src) }

// editMu makes Edit's read, change and write one step for this process:
// two edits from the window never lose one another.
var editMu sync.Mutex

// Edit reads root's hum.yaml (or starts a new one from Header), applies
// change to it, and writes it back atomically: to a temporary file beside
// it, then renamed over it, so a reader never sees half a file and a
// failed edit leaves the old one. Nothing is written when change fails,
// or changes nothing (a new file is then not created), or when the file
// on disk changed while change ran (ErrChanged): a save from an editor is
// never overwritten by an edit made on the text before it. A hum.yaml that
// is a symlink or not a regular file is not edited: replacing it would cut
// the link, and following it could write outside the project.
func Edit(root string, change func(*Doc) error) error {
	editMu.Lock()
	defer editMu.Unlock()
	full := filepath.Join(root, FileName)
	src, exists, mode, err := readForEdit(full)
	if err != nil {
		return err
	}
	start := src
	if !exists {
		start = []byte(Header)
	}
	d := NewDoc(start)
	if err := change(d); err != nil {
		return err
	}
	if bytes.Equal(d.src, start) {
		return nil
	}
	// The window between this check and the rename is the rename's own;
	// what an editor saved while change ran is not lost.
	now, existsNow, _, err := readForEdit(full)
	if err != nil {
		return err
	}
	if existsNow != exists || !bytes.Equal(now, src) {
		return ErrChanged
	}
	return writeAtomic(full, d.src, mode)
}

// readForEdit reads the hum.yaml at full: its text, whether it exists,
// and its permissions (0644 for a new one).
func readForEdit(full string) (src []byte, exists bool, mode os.FileMode, err error) {
	switch info, err := os.Lstat(full); {
	case errors.Is(err, os.ErrNotExist):
		return nil, false, 0o644, nil
	case err != nil:
		return nil, false, 0, fmt.Errorf("stack: reading %s: %w", FileName, err)
	case !info.Mode().IsRegular():
		return nil, false, 0, fmt.Errorf("%w: it is a symlink or not a regular file", ErrLayout)
	case info.Size() > discover.MaxFileSize:
		return nil, false, 0, fmt.Errorf("stack: %s is larger than %d bytes", FileName, discover.MaxFileSize)
	default:
		if src, err = os.ReadFile(full); err != nil {
			return nil, false, 0, fmt.Errorf("stack: reading %s: %w", FileName, err)
		}
		if len(src) > discover.MaxFileSize {
			return nil, false, 0, fmt.Errorf("stack: %s is larger than %d bytes", FileName, discover.MaxFileSize)
		}
		return src, true, info.Mode().Perm(), nil
	}
}

func writeAtomic(full string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(full), "."+FileName+".*.tmp")
	if err != nil {
		return fmt.Errorf("stack: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("stack: writing %s: %w", FileName, err)
	}
	if err := tmp.Chmod(mode); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		tmp.Close()
		return fmt.Errorf("stack: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("stack: writing %s: %w", FileName, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("stack: writing %s: %w", FileName, err)
	}
	if err := os.Rename(tmp.Name(), full); err != nil {
		return fmt.Errorf("stack: replacing %s: %w", FileName, err)
	}
	return nil
}

// AddMember appends ref to a group's members.
func (d *Doc) AddMember(group, ref string) error {
	if ref == "" || strings.ContainsRune(ref, 0) {
		return fmt.Errorf("stack: %q cannot be a member", ref)
	}
	return d.apply(func(t *text, root *yaml.Node) error {
		k, g := t.group(root, group)
		if g == nil {
			return fmt.Errorf("%w: group %q", ErrNoSuch, group)
		}
		mk, members := lookup(g, "members")
		if members != nil && slices.ContainsFunc(deref(members).Content, func(n *yaml.Node) bool { return n.Value == ref }) {
			return fmt.Errorf("%w: %q is a member of %s already", ErrExists, ref, group)
		}
		item := scalar(ref)
		switch {
		case mk == nil:
			return t.appendEntry(k, g, "members: ["+item+"]")
		case isNull(members) && members.Value == "":
			return t.afterColon(mk, " ["+item+"]")
		case members.Kind == yaml.SequenceNode && members.Style&yaml.FlowStyle != 0:
			return t.flowAppend(members, item)
		case members.Kind == yaml.SequenceNode && len(members.Content) > 0:
			return t.blockAppend(members, item)
		}
		return ErrLayout
	}, func(f *File) {
		for i := range f.Groups {
			if f.Groups[i].Name == group {
				f.Groups[i].Members = append(f.Groups[i].Members, Member{Ref: ref})
			}
		}
	})
}

// RemoveMember takes ref out of a group's members.
func (d *Doc) RemoveMember(group, ref string) error {
	return d.apply(func(t *text, root *yaml.Node) error {
		_, g := t.group(root, group)
		if g == nil {
			return fmt.Errorf("%w: group %q", ErrNoSuch, group)
		}
		_, members := lookup(g, "members")
		if members == nil || members.Kind != yaml.SequenceNode {
			return fmt.Errorf("%w: %q is not a member of %s", ErrNoSuch, ref, group)
		}
		i := slices.IndexFunc(members.Content, func(n *yaml.Node) bool { return n.Value == ref })
		if i < 0 {
			return fmt.Errorf("%w: %q is not a member of %s", ErrNoSuch, ref, group)
		}
		if members.Style&yaml.FlowStyle != 0 {
			return t.flowRemove(members, i)
		}
		return t.blockRemove(members.Content[i])
	}, func(f *File) {
		for i := range f.Groups {
			if f.Groups[i].Name == group {
				f.Groups[i].Members = slices.DeleteFunc(f.Groups[i].Members, func(m Member) bool { return m.Ref == ref })
			}
		}
	})
}

// CreateGroup adds a group at the end of the groups section (making one
// when there is none).
func (d *Doc) CreateGroup(name, description string, members []string) error {
	if !validName.MatchString(name) || len(name) > MaxNameLength {
		return fmt.Errorf("stack: %q is not a group name: letters, digits, '.', '_' and '-'", name)
	}
	body := &yaml.Node{Kind: yaml.MappingNode}
	if description != "" {
		body.Content = append(body.Content, scalarNode("description"), scalarNode(description))
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, m := range members {
		list.Content = append(list.Content, scalarNode(m))
	}
	body.Content = append(body.Content, scalarNode("members"), list)
	return d.apply(func(t *text, root *yaml.Node) error {
		if k, _ := t.group(root, name); k != nil {
			return fmt.Errorf("%w: group %q", ErrExists, name)
		}
		return t.addTo(root, "groups", name, body)
	}, func(f *File) {
		g := FileGroup{Name: name, Description: description, Members: []Member{}}
		for _, m := range members {
			g.Members = append(g.Members, Member{Ref: m})
		}
		f.Groups = append(f.Groups, g)
	})
}

// DeleteGroup removes a group, with the comment lines right above it, and
// clears defaults.autostart when it named that group.
func (d *Doc) DeleteGroup(name string) error {
	return d.apply(func(t *text, root *yaml.Node) error {
		k, _ := t.group(root, name)
		if k == nil {
			return fmt.Errorf("%w: group %q", ErrNoSuch, name)
		}
		if err := t.removeEntry(k, true); err != nil {
			return err
		}
		if _, defaults := lookup(root, "defaults"); defaults != nil {
			if ak, av := lookup(defaults, "autostart"); ak != nil && av.Value == name {
				return t.removeEntry(ak, false)
			}
		}
		return nil
	}, func(f *File) {
		f.Groups = slices.DeleteFunc(f.Groups, func(g FileGroup) bool { return g.Name == name })
		if f.Defaults.Autostart == name {
			f.Defaults.Autostart = ""
		}
	})
}

// SetAutostart names the group that starts when the project opens; ""
// removes the setting.
func (d *Doc) SetAutostart(group string) error {
	return d.apply(func(t *text, root *yaml.Node) error {
		if group != "" {
			if k, _ := t.group(root, group); k == nil {
				return fmt.Errorf("%w: group %q", ErrNoSuch, group)
			}
		}
		dk, defaults := lookup(root, "defaults")
		var ak, av *yaml.Node
		if defaults != nil {
			ak, av = lookup(defaults, "autostart")
		}
		switch {
		case group == "" && ak == nil:
			return nil
		case group == "":
			return t.removeEntry(ak, false)
		case ak == nil && dk == nil:
			return t.addTo(root, "defaults", "autostart", scalarNode(group))
		case ak == nil:
			return t.appendEntry(dk, defaults, "autostart: "+scalar(group))
		case isNull(av) && av.Value == "":
			return t.afterColon(ak, " "+scalar(group))
		}
		return t.replaceScalar(av, scalar(group))
	}, func(f *File) { f.Defaults.Autostart = group })
}

// AddProcess adds a process at the end of the processes section (making
// one when there is none).
func (d *Doc) AddProcess(p Process) error {
	if !validName.MatchString(p.Name) || len(p.Name) > MaxNameLength {
		return fmt.Errorf("stack: %q is not a process name: letters, digits, '.', '_' and '-'", p.Name)
	}
	if (p.Command == "") == (len(p.Argv) == 0) {
		return errors.New("stack: a process needs a command or argv, not both")
	}
	body := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) { body.Content = append(body.Content, scalarNode(k), v) }
	if p.Command != "" {
		add("command", scalarNode(p.Command))
	} else {
		argv := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, a := range p.Argv {
			argv.Content = append(argv.Content, scalarNode(a))
		}
		add("argv", argv)
	}
	if p.Dir != "" && p.Dir != "." {
		add("dir", scalarNode(p.Dir))
	}
	if len(p.Env) > 0 {
		env := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range slices.Sorted(maps.Keys(p.Env)) {
			env.Content = append(env.Content, scalarNode(k), scalarNode(p.Env[k]))
		}
		add("env", env)
	}
	switch len(p.EnvFiles) {
	case 0:
	case 1:
		add("env_file", scalarNode(p.EnvFiles[0]))
	default:
		files := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, f := range p.EnvFiles {
			files.Content = append(files.Content, scalarNode(f))
		}
		add("env_file", files)
	}
	if p.Description != "" {
		add("description", scalarNode(p.Description))
	}
	return d.apply(func(t *text, root *yaml.Node) error {
		if _, procs := lookup(root, "processes"); procs != nil {
			if k, _ := lookup(procs, p.Name); k != nil {
				return fmt.Errorf("%w: process %q", ErrExists, p.Name)
			}
		}
		return t.addTo(root, "processes", p.Name, body)
	}, func(f *File) {
		q := p
		if q.Dir == "" {
			q.Dir = "."
		}
		f.Processes = append(f.Processes, q)
	})
}

// apply runs one edit: splice changes d's text through a fresh parse of
// it; want makes the same change to the file's model. The edit is kept
// only when parsing the new text gives exactly that model and no new
// problem: an edit never breaks the file or changes anything else.
func (d *Doc) apply(splice func(t *text, root *yaml.Node) error, want func(*File)) error {
	before := Parse(d.src)
	if len(before.Problems) > 0 {
		return fmt.Errorf("%w: it has problems: %s", ErrLayout, before.Problems[0])
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(d.src, &doc); err != nil {
		return fmt.Errorf("%w: %v", ErrLayout, err)
	}
	root := &yaml.Node{Kind: yaml.MappingNode} // an empty file
	if len(doc.Content) > 0 && !isNull(doc.Content[0]) {
		root = doc.Content[0]
	}
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return ErrLayout
	}
	t := newText(d.src)
	if err := splice(t, root); err != nil {
		return err
	}
	out := t.result()
	after := Parse(out)
	if len(after.Problems) > 0 {
		return fmt.Errorf("%w: the edit would make it read %s", ErrLayout, after.Problems[0])
	}
	want(&before)
	if !sameModel(before, after) {
		return fmt.Errorf("%w: the edit would change more than asked", ErrLayout)
	}
	d.src = out
	return nil
}

// sameModel compares two files' models, leaving positions out.
func sameModel(a, b File) bool {
	strip := func(f File) File {
		f.Problems, f.broken, f.Found = nil, nil, false
		f.Processes = slices.Clone(f.Processes)
		for i := range f.Processes {
			f.Processes[i].Pos = Pos{}
			f.Processes[i].Policy = policyWithoutPos(f.Processes[i].Policy)
		}
		f.Scripts = slices.Clone(f.Scripts)
		for i := range f.Scripts {
			f.Scripts[i].Pos = Pos{}
			f.Scripts[i].Policy = policyWithoutPos(f.Scripts[i].Policy)
		}
		f.Groups = slices.Clone(f.Groups)
		for i := range f.Groups {
			f.Groups[i].Pos = Pos{}
			ms := make([]Member, len(f.Groups[i].Members))
			for j, m := range f.Groups[i].Members {
				ms[j] = Member{Ref: m.Ref}
			}
			f.Groups[i].Members = ms
		}
		return f
	}
	return reflect.DeepEqual(strip(a), strip(b))
}

// policyWithoutPos is p with the positions left out, for sameModel: an
// edit above a process moves its dependencies and probe down the file.
func policyWithoutPos(p Policy) Policy {
	p = clonePolicy(p)
	for i := range p.DependsOn {
		p.DependsOn[i].Pos = Pos{}
	}
	if p.Readiness != nil {
		p.Readiness.Pos = Pos{}
	}
	return p
}

// lookup returns the key and value nodes of key in mapping m.
func lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = deref(m)
	if m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func scalarNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// scalar renders s as YAML would write it: plain when it can be, quoted
// when it must be.
func scalar(s string) string {
	out, err := yaml.Marshal(scalarNode(s))
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// text is the file's bytes with the splices of one edit, applied at the
// end from the last to the first so earlier offsets stay valid.
type text struct {
	src    []byte
	starts []int  // byte offset of each line's start; line n is starts[n-1]
	nl     string // the file's line ending
	unit   int    // the file's indentation step
	cuts   []cut
}

type cut struct {
	from, to int // the bytes [from, to) are replaced
	with     string
}

func newText(src []byte) *text {
	t := &text{src: src, starts: []int{0}, nl: "\n", unit: 2}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			t.starts = append(t.starts, i+1)
		}
	}
	if bytes.Contains(src, []byte("\r\n")) {
		t.nl = "\r\n"
	}
	return t
}

func (t *text) lines() int { return len(t.starts) }

// line returns line n's text without its ending.
func (t *text) line(n int) string {
	s := string(t.src[t.starts[n-1]:t.lineEnd(n)])
	return strings.TrimRight(s, "\r\n")
}

// lineEnd is the offset just past line n's ending.
func (t *text) lineEnd(n int) int {
	if n < len(t.starts) {
		return t.starts[n]
	}
	return len(t.src)
}

// offset converts a node's line and column (in characters) to a byte offset.
func (t *text) offset(line, col int) int {
	off := t.starts[line-1]
	for range col - 1 {
		_, w := utf8.DecodeRune(t.src[off:])
		off += max(w, 1)
	}
	return off
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// isFill reports whether a line is blank or only a comment.
func isFill(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || strings.HasPrefix(s, "#")
}

// lastLine returns the last line of the entry that starts at line from and
// whose key (or sequence dash) is indented by ind: every following line
// indented deeper belongs to it, and so, for a mapping key, do "- " lines
// at its own indentation (a block sequence may sit level with its key).
// Trailing comment and blank lines are not counted.
func (t *text) lastLine(from, ind int, mappingKey bool) int {
	last := from
	for n := from + 1; n <= t.lines(); n++ {
		s := t.line(n)
		if isFill(s) {
			continue
		}
		in := indentOf(s)
		rest := strings.TrimLeft(s, " ")
		if in > ind || mappingKey && in == ind && (rest == "-" || strings.HasPrefix(rest, "- ")) {
			last = n
			continue
		}
		break
	}
	return last
}

// insertAfter inserts whole lines after line n.
func (t *text) insertAfter(n int, lines []string) {
	at := t.lineEnd(n)
	s := ""
	if at == len(t.src) && len(t.src) > 0 && t.src[len(t.src)-1] != '\n' {
		s = t.nl // the file ended without a line break
	}
	for _, l := range lines {
		s += l + t.nl
	}
	t.cuts = append(t.cuts, cut{at, at, s})
}

func (t *text) result() []byte {
	cuts := slices.Clone(t.cuts)
	slices.SortStableFunc(cuts, func(a, b cut) int { return b.from - a.from })
	out := slices.Clone(t.src)
	for _, c := range cuts {
		out = slices.Concat(out[:c.from], []byte(c.with), out[c.to:])
	}
	return out
}

// render writes a key and its value as YAML lines, indented by ind.
func (t *text) render(key string, value *yaml.Node, ind int) ([]string, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(t.unit)
	if err := enc.Encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalarNode(key), value}}); err != nil {
		return nil, err
	}
	enc.Close()
	var out []string
	for l := range strings.SplitSeq(strings.TrimSuffix(b.String(), "\n"), "\n") {
		out = append(out, strings.Repeat(" ", ind)+l)
	}
	return out, nil
}

// group finds a group's key and value nodes.
func (t *text) group(root *yaml.Node, name string) (k, v *yaml.Node) {
	_, groups := lookup(root, "groups")
	if groups == nil {
		return nil, nil
	}
	return lookup(groups, name)
}

// addTo adds key: value to the top-level section, making the section at
// the end of the file when there is none.
func (t *text) addTo(root *yaml.Node, section, key string, value *yaml.Node) error {
	sk, sv := lookup(root, section)
	if sk == nil {
		lines, err := t.render(section, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalarNode(key), value}}, 0)
		if err != nil {
			return err
		}
		last := t.lines()
		if len(t.src) > 0 && strings.TrimSpace(t.line(last)) != "" {
			lines = append([]string{""}, lines...) // a blank line between sections
		}
		if len(t.src) == 0 {
			t.cuts = append(t.cuts, cut{0, 0, strings.Join(lines, t.nl) + t.nl})
			return nil
		}
		t.insertAfter(last, lines)
		return nil
	}
	if m := deref(sv); m.Kind == yaml.MappingNode && len(m.Content) > 0 {
		t.unit = max(m.Content[0].Column-sk.Column, 1)
	}
	lines, err := t.render(key, value, 0)
	if err != nil {
		return err
	}
	return t.appendEntry(sk, sv, strings.Join(lines, "\n"))
}

// appendEntry adds entry (YAML lines relative to the mapping's indentation)
// after the last entry of the block mapping v, the value of key k.
func (t *text) appendEntry(k, v *yaml.Node, entry string) error {
	var ind, after int
	switch {
	case v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0:
		last := v.Content[len(v.Content)-2]
		ind = last.Column - 1
		after = t.lastLine(last.Line, ind, true)
	case isNull(v) && v.Kind == yaml.ScalarNode && v.Value == "":
		ind = k.Column - 1 + t.unit
		after = t.lastLine(k.Line, k.Column-1, true)
	case v.Kind == yaml.MappingNode && len(v.Content) == 0 && v.Line == k.Line:
		// "key: {}": the braces go, the entry goes below.
		from := t.offset(v.Line, v.Column)
		end := bytes.IndexByte(t.src[from:], '}')
		if end < 0 || strings.TrimSpace(string(t.src[from+1:from+end])) != "" {
			return ErrLayout
		}
		start := from
		for start > 0 && t.src[start-1] == ' ' {
			start--
		}
		t.cuts = append(t.cuts, cut{start, from + end + 1, ""})
		ind = k.Column - 1 + t.unit
		after = k.Line
	default:
		return ErrLayout
	}
	var lines []string
	for l := range strings.SplitSeq(entry, "\n") {
		lines = append(lines, strings.Repeat(" ", ind)+l)
	}
	t.insertAfter(after, lines)
	return nil
}

// afterColon writes s right after key k's colon, for a key whose value is
// left empty ("members:").
func (t *text) afterColon(k *yaml.Node, s string) error {
	end, err := t.scalarEnd(k)
	if err != nil {
		return err
	}
	rest := t.src[end:]
	colon := bytes.IndexByte(rest, ':')
	if colon < 0 || strings.TrimSpace(string(rest[:colon])) != "" {
		return ErrLayout
	}
	at := end + colon + 1
	t.cuts = append(t.cuts, cut{at, at, s})
	return nil
}

// scalarEnd returns the offset just past a one-line scalar's text.
func (t *text) scalarEnd(n *yaml.Node) (int, error) {
	start := t.offset(n.Line, n.Column)
	lineEnd := t.lineEnd(n.Line)
	switch n.Style {
	case 0:
		end := start + len(n.Value)
		if end > lineEnd || string(t.src[start:end]) != n.Value {
			return 0, ErrLayout
		}
		return end, nil
	case yaml.SingleQuotedStyle:
		for i := start + 1; i < lineEnd; i++ {
			if t.src[i] == '\'' {
				if i+1 < lineEnd && t.src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1, nil
			}
		}
	case yaml.DoubleQuotedStyle:
		for i := start + 1; i < lineEnd; i++ {
			switch t.src[i] {
			case '\\':
				i++
			case '"':
				return i + 1, nil
			}
		}
	}
	return 0, ErrLayout
}

func (t *text) replaceScalar(n *yaml.Node, with string) error {
	end, err := t.scalarEnd(n)
	if err != nil {
		return err
	}
	t.cuts = append(t.cuts, cut{t.offset(n.Line, n.Column), end, with})
	return nil
}

// flowAppend adds item at the end of a flow sequence ("[a, b]").
func (t *text) flowAppend(seq *yaml.Node, item string) error {
	if len(seq.Content) == 0 {
		open := t.offset(seq.Line, seq.Column)
		if t.src[open] != '[' {
			return ErrLayout
		}
		close := bytes.IndexByte(t.src[open:], ']')
		if close < 0 || strings.TrimSpace(string(t.src[open+1:open+close])) != "" {
			return ErrLayout
		}
		t.cuts = append(t.cuts, cut{open + 1, open + close, item})
		return nil
	}
	end, err := t.scalarEnd(seq.Content[len(seq.Content)-1])
	if err != nil {
		return err
	}
	t.cuts = append(t.cuts, cut{end, end, ", " + item})
	return nil
}

// flowRemove cuts item i out of a flow sequence with one comma beside it.
func (t *text) flowRemove(seq *yaml.Node, i int) error {
	items := seq.Content
	start := t.offset(items[i].Line, items[i].Column)
	end, err := t.scalarEnd(items[i])
	if err != nil {
		return err
	}
	switch {
	case i+1 < len(items):
		end = t.offset(items[i+1].Line, items[i+1].Column)
	case i > 0:
		if start, err = t.scalarEnd(items[i-1]); err != nil {
			return err
		}
	}
	t.cuts = append(t.cuts, cut{start, end, ""})
	return nil
}

// dash returns the indentation of a block sequence item's "- ".
func (t *text) dash(item *yaml.Node) (int, error) {
	s := t.line(item.Line)
	prefix := s[:t.offset(item.Line, item.Column)-t.starts[item.Line-1]]
	trimmed := strings.TrimSpace(prefix)
	if trimmed != "-" {
		return 0, ErrLayout
	}
	return indentOf(prefix), nil
}

// blockAppend adds a "- item" line after a block sequence's last item.
func (t *text) blockAppend(seq *yaml.Node, item string) error {
	last := seq.Content[len(seq.Content)-1]
	ind, err := t.dash(last)
	if err != nil {
		return err
	}
	gap := t.offset(last.Line, last.Column) - t.starts[last.Line-1] - ind - 1 // spaces after the dash
	t.insertAfter(t.lastLine(last.Line, ind, false), []string{strings.Repeat(" ", ind) + "-" + strings.Repeat(" ", max(gap, 1)) + item})
	return nil
}

// blockRemove cuts a block sequence item's lines.
func (t *text) blockRemove(item *yaml.Node) error {
	ind, err := t.dash(item)
	if err != nil {
		return err
	}
	t.cuts = append(t.cuts, cut{t.starts[item.Line-1], t.lineEnd(t.lastLine(item.Line, ind, false)), ""})
	return nil
}

// removeEntry cuts a mapping entry's lines, from its key to its last
// line; withComments also takes the comment lines right above the key,
// which are about it, and one of two blank lines the cut would leave side
// by side.
func (t *text) removeEntry(k *yaml.Node, withComments bool) error {
	s := t.line(k.Line)
	if indentOf(s) != k.Column-1 {
		return ErrLayout // the key shares its line with something else ("a: {b: c}")
	}
	first, last := k.Line, t.lastLine(k.Line, k.Column-1, true)
	if withComments {
		for first > 1 {
			above := t.line(first - 1)
			if !strings.HasPrefix(strings.TrimSpace(above), "#") || indentOf(above) != k.Column-1 {
				break
			}
			first--
		}
		blank := func(n int) bool { return n >= 1 && n <= t.lines() && strings.TrimSpace(t.line(n)) == "" }
		// The line above is blank, or the section's key the entry sat
		// right under, or nothing at all.
		open := first == 1 || blank(first-1) || !isFill(t.line(first-1)) && indentOf(t.line(first-1)) < k.Column-1
		switch {
		case open && blank(last+1):
			last++
		case blank(first-1) && last == t.lines():
			first--
		}
	}
	t.cuts = append(t.cuts, cut{t.starts[first-1], t.lineEnd(last), ""})
	return nil
}

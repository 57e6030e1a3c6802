package stack

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"hum/backend/discover"
)

// The edits of depends_on from the window. They write the agreed syntax:
// the mapping form, one "dependency: condition" line each, under a
// process of hum.yaml or under a discovered script's settings entry in
// scripts: (made when there is none). A short-form list (depends_on: [db])
// is appended to while every condition is started, and rewritten as the
// mapping otherwise, which is the only change to lines outside the edit.

// MaxRefLength caps a reference an edit writes: a script ID is a source,
// a file path and a name, and a person never writes one longer.
const MaxRefLength = 512

// EditableConditions are the conditions the window offers. log_ready
// needs a pattern, which a person writes in hum.yaml.
var EditableConditions = []Condition{ConditionStarted, ConditionReady, ConditionCompleted, ConditionCompletedSuccessfully}

// checkRef refuses a reference that cannot be a process name, script ID
// or selector: empty, too long, or holding control characters (a line
// break would be a new key if quoting ever failed).
func checkRef(what, ref string) error {
	switch {
	case strings.TrimSpace(ref) == "":
		return fmt.Errorf("stack: a %s needs a name", what)
	case len(ref) > MaxRefLength:
		return fmt.Errorf("stack: the %s %.20q… is longer than %d bytes", what, ref, MaxRefLength)
	case strings.ContainsFunc(ref, unicode.IsControl):
		return fmt.Errorf("stack: the %s %q holds a control character", what, ref)
	}
	return nil
}

// SetDependency makes ref wait for dep in condition cond: ref is one of
// hum.yaml's processes, or else a discovered script's settings entry
// (added under scripts: when there is none). A dependency ref has
// already is given the new condition.
func (d *Doc) SetDependency(ref, dep string, cond Condition) error {
	if err := checkRef("process", ref); err != nil {
		return err
	}
	if err := checkRef("dependency", dep); err != nil {
		return err
	}
	if !slices.Contains(EditableConditions, cond) {
		return fmt.Errorf("stack: %q is not a condition: started, ready, completed or completed_successfully", cond)
	}
	if ref == dep {
		return fmt.Errorf("stack: %s cannot depend on itself", ref)
	}
	return d.applyDeps(ref, func(t *text, root *yaml.Node, section string) error {
		_, sv := lookup(root, section)
		var ek, ev *yaml.Node
		if sv != nil {
			ek, ev = lookup(sv, ref)
		}
		deps := func() *yaml.Node {
			return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalarNode(dep), scalarNode(string(cond))}}
		}
		if ek == nil {
			if section == "processes" {
				return fmt.Errorf("%w: process %q", ErrNoSuch, ref)
			}
			return t.addTo(root, section, ref, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalarNode("depends_on"), deps()}})
		}
		dk, dv := lookup(ev, "depends_on")
		if dk == nil {
			lines, err := t.render("depends_on", deps(), 0)
			if err != nil {
				return err
			}
			return t.appendEntry(ek, deref(ev), strings.Join(lines, "\n"))
		}
		line := scalar(dep) + ": " + scalar(string(cond))
		switch dv = deref(dv); {
		case isNull(dv) && dv.Value == "":
			return t.appendEntry(dk, dv, line)
		case dv.Kind == yaml.MappingNode:
			if k, v := lookup(dv, dep); k != nil {
				if v.Kind == yaml.ScalarNode {
					if v.Value == string(cond) {
						return nil
					}
					return t.replaceScalar(v, scalar(string(cond)))
				}
				if dv.Style&yaml.FlowStyle != 0 {
					return ErrLayout
				}
				return t.replaceEntry(k, []string{line})
			}
			if dv.Style&yaml.FlowStyle != 0 && len(dv.Content) > 0 {
				return t.flowMapAppend(dv, flowScalar(dep)+": "+flowScalar(string(cond)))
			}
			return t.appendEntry(dk, dv, line)
		case dv.Kind == yaml.SequenceNode:
			listed := slices.ContainsFunc(dv.Content, func(n *yaml.Node) bool { return n.Value == dep })
			switch {
			case listed && cond == ConditionStarted:
				return nil
			case cond == ConditionStarted && dv.Style&yaml.FlowStyle != 0:
				return t.flowAppend(dv, flowScalar(dep))
			case cond == ConditionStarted && len(dv.Content) > 0:
				return t.blockAppend(dv, scalar(dep))
			}
			// Another condition needs the mapping form: the list is
			// rewritten as one, its entries started as they were.
			m := &yaml.Node{Kind: yaml.MappingNode}
			for _, n := range dv.Content {
				if n.Kind != yaml.ScalarNode {
					return ErrLayout
				}
				c := ConditionStarted
				if n.Value == dep {
					c = cond
				}
				m.Content = append(m.Content, scalarNode(n.Value), scalarNode(string(c)))
			}
			if !listed {
				m.Content = append(m.Content, scalarNode(dep), scalarNode(string(cond)))
			}
			lines, err := t.render("depends_on", m, 0)
			if err != nil {
				return err
			}
			return t.replaceEntry(dk, lines)
		}
		return ErrLayout
	}, func(deps map[string]any) bool {
		deps[dep] = string(cond)
		return true
	})
}

// RemoveDependency takes dep out of ref's depends_on, and depends_on
// itself when it was the last; a settings entry of scripts: that held
// only depends_on goes with it, and so does a scripts: section left
// empty.
func (d *Doc) RemoveDependency(ref, dep string) error {
	noSuch := fmt.Errorf("%w: %s does not depend on %s", ErrNoSuch, ref, dep)
	return d.applyDeps(ref, func(t *text, root *yaml.Node, section string) error {
		_, sv := lookup(root, section)
		if sv == nil {
			return noSuch
		}
		ek, ev := lookup(sv, ref)
		if ek == nil {
			return noSuch
		}
		dk, dv := lookup(ev, "depends_on")
		if dk == nil {
			return noSuch
		}
		dv = deref(dv)
		var i, n int
		switch dv.Kind {
		case yaml.MappingNode:
			n = len(dv.Content) / 2
			i = slices.IndexFunc(dv.Content, func(k *yaml.Node) bool { return k.Value == dep })
			if i%2 != 0 {
				i = -1 // a value, not a key
			}
			i /= 2
			if i < 0 || dv.Content[2*i].Value != dep {
				return noSuch
			}
		case yaml.SequenceNode:
			n = len(dv.Content)
			if i = slices.IndexFunc(dv.Content, func(k *yaml.Node) bool { return k.Value == dep }); i < 0 {
				return noSuch
			}
		default:
			return noSuch
		}
		switch {
		case n == 1 && section == "scripts" && len(deref(ev).Content) == 2 && len(deref(sv).Content) == 2:
			sk, _ := lookup(root, section)
			return t.removeEntry(sk, true) // nothing is left in it
		case n == 1 && section == "scripts" && len(deref(ev).Content) == 2:
			return t.removeEntry(ek, false)
		case n == 1:
			return t.removeEntry(dk, false)
		case dv.Kind == yaml.MappingNode && dv.Style&yaml.FlowStyle != 0:
			return t.flowMapRemove(dv, i)
		case dv.Kind == yaml.MappingNode:
			return t.removeEntry(dv.Content[2*i], false)
		case dv.Style&yaml.FlowStyle != 0:
			return t.flowRemove(dv, i)
		}
		return t.blockRemove(dv.Content[i])
	}, func(deps map[string]any) bool {
		if _, ok := deps[dep]; !ok {
			return false
		}
		delete(deps, dep)
		return true
	})
}

// applyDeps runs an edit of ref's depends_on. splice changes the text of
// the section ref is in: processes when hum.yaml has a process of that
// name, scripts otherwise. change makes the same change to ref's
// dependencies as data (dependency to condition), and the edit is kept
// only when the new text holds exactly that, every other value of the
// file as YAML reads it being what it was, and when the parsed model
// changed only so (apply): a list rewritten as a mapping, which apply's
// model cannot tell from the list, is checked by the first.
func (d *Doc) applyDeps(ref string, splice func(t *text, root *yaml.Node, section string) error, change func(deps map[string]any) bool) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(d.src, &doc); err != nil {
		return fmt.Errorf("%w: %v", ErrLayout, err)
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	if len(doc.Content) > 0 && !isNull(doc.Content[0]) {
		root = doc.Content[0]
	}
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return ErrLayout
	}
	section := "scripts"
	if _, procs := lookup(root, "processes"); procs != nil {
		if k, _ := lookup(procs, ref); k != nil {
			section = "processes"
		}
	}
	before, err := plain(d.src)
	if err != nil {
		return err
	}
	if !change(dependencies(before, section, ref)) {
		// Nothing to remove: splice says so in its own words.
		if err := splice(newText(d.src), root, section); err != nil {
			return err
		}
		return fmt.Errorf("%w: %s does not depend on it", ErrNoSuch, ref)
	}
	check := func(out []byte) error {
		after, err := plain(out)
		if err != nil {
			return fmt.Errorf("%w: the edit would make it unreadable: %v", ErrLayout, err)
		}
		want, _ := plain(d.src)
		deps := dependencies(want, section, ref)
		change(deps)
		setDependencies(want, section, ref, deps)
		if !reflect.DeepEqual(normalise(want, section), normalise(after, section)) {
			return fmt.Errorf("%w: the edit would change more than asked", ErrLayout)
		}
		return nil
	}
	return d.apply(func(t *text, root *yaml.Node) error {
		if err := splice(t, root, section); err != nil {
			return err
		}
		return check(t.result())
	}, func(f *File) { setPolicyDeps(f, section, ref, change) })
}

// setPolicyDeps makes the model change of a dependency edit in f: the
// dependencies of ref's process or settings (added when missing) become
// the ones change leaves. Only refs and conditions are compared.
func setPolicyDeps(f *File, section, ref string, change func(map[string]any) bool) {
	var pol *Policy
	if section == "processes" {
		for i := range f.Processes {
			if f.Processes[i].Name == ref {
				pol = &f.Processes[i].Policy
			}
		}
	} else {
		for i := range f.Scripts {
			if f.Scripts[i].Ref == ref {
				pol = &f.Scripts[i].Policy
			}
		}
		if pol == nil {
			f.Scripts = append(f.Scripts, Settings{Ref: ref})
			pol = &f.Scripts[len(f.Scripts)-1].Policy
		}
	}
	if pol == nil {
		return
	}
	deps := map[string]any{}
	for _, dp := range pol.DependsOn {
		deps[dp.Ref] = string(dp.Condition)
	}
	change(deps)
	kept := pol.DependsOn[:0:0]
	for _, dp := range pol.DependsOn {
		if c, ok := deps[dp.Ref]; ok {
			if cond := Condition(c.(string)); cond != dp.Condition {
				dp.Condition, dp.Pattern = cond, "" // a log_ready's pattern goes with it
			}
			kept = append(kept, dp)
			delete(deps, dp.Ref)
		}
	}
	for r, c := range deps {
		kept = append(kept, Dependency{Ref: r, Condition: Condition(c.(string))})
	}
	if len(kept) == 0 {
		kept = nil
	}
	pol.DependsOn = kept
	if section == "scripts" {
		// An entry that held only depends_on goes with it.
		f.Scripts = slices.DeleteFunc(f.Scripts, func(st Settings) bool {
			return st.Ref == ref && len(st.Env) == 0 && len(st.EnvFiles) == 0 && st.Description == "" && emptyPolicy(st.Policy)
		})
		if len(f.Scripts) == 0 {
			f.Scripts = nil // and the section with it, as Parse reads a file without one
		}
	}
}

// emptyPolicy reports whether p says nothing: what Parse gives an entry
// with none of the policy keys (its empty lists may be non-nil).
func emptyPolicy(p Policy) bool {
	r := p.Restart
	r.SuccessCodes = nil
	return len(p.DependsOn) == 0 && p.Readiness == nil && p.Watch == nil && reflect.DeepEqual(r, Restart{}) &&
		!p.ExitOnEnd && !p.ExitOnFailure && !p.Disabled
}

// plain reads YAML text as plain data: maps, lists and scalars.
func plain(src []byte) (map[string]any, error) {
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLayout, err)
	}
	if v == nil {
		return map[string]any{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, ErrLayout
	}
	return m, nil
}

// dependencies returns ref's depends_on in data as dependency to
// condition, whichever form it is written in; an empty map when none.
func dependencies(top map[string]any, section, ref string) map[string]any {
	out := map[string]any{}
	sec, _ := top[section].(map[string]any)
	entry, _ := sec[ref].(map[string]any)
	switch deps := entry["depends_on"].(type) {
	case map[string]any:
		for k, v := range deps {
			out[k] = v
		}
	case []any:
		for _, v := range deps {
			if s, ok := v.(string); ok {
				out[s] = string(ConditionStarted)
			}
		}
	}
	return out
}

// setDependencies writes deps as ref's depends_on in data, leaving out
// an empty one, and a settings entry left empty by it.
func setDependencies(top map[string]any, section, ref string, deps map[string]any) {
	sec, _ := top[section].(map[string]any)
	if sec == nil {
		if len(deps) == 0 {
			return
		}
		sec = map[string]any{}
		top[section] = sec
	}
	entry, _ := sec[ref].(map[string]any)
	if entry == nil {
		entry = map[string]any{}
	}
	if len(deps) == 0 {
		delete(entry, "depends_on")
	} else {
		entry["depends_on"] = deps
	}
	if len(entry) == 0 && section == "scripts" {
		delete(sec, ref)
		if len(sec) == 0 {
			delete(top, section)
		}
		return
	}
	sec[ref] = entry
}

// normalise reads every depends_on of section in one form (the mapping),
// so a list rewritten as a mapping compares equal to what it said, and
// drops settings entries that say nothing.
func normalise(top map[string]any, section string) map[string]any {
	out := make(map[string]any, len(top))
	for k, v := range top {
		out[k] = v
	}
	sec, ok := top[section].(map[string]any)
	if !ok {
		return out
	}
	ns := make(map[string]any, len(sec))
	for name, e := range sec {
		entry, ok := e.(map[string]any)
		if !ok {
			if e == nil && section == "scripts" {
				continue
			}
			ns[name] = e
			continue
		}
		ne := make(map[string]any, len(entry))
		for k, v := range entry {
			ne[k] = v
		}
		if _, has := entry["depends_on"]; has {
			ne["depends_on"] = dependencies(top, section, name)
		}
		if len(ne) == 0 && section == "scripts" {
			continue
		}
		ns[name] = ne
	}
	out[section] = ns
	return out
}

// replaceEntry puts lines (indented as the key k) in place of k's entry.
func (t *text) replaceEntry(k *yaml.Node, lines []string) error {
	if indentOf(t.line(k.Line)) != k.Column-1 {
		return ErrLayout
	}
	last := t.lastLine(k.Line, k.Column-1, true)
	s := ""
	for _, l := range lines {
		s += strings.Repeat(" ", k.Column-1) + l + t.nl
	}
	t.cuts = append(t.cuts, cut{t.starts[k.Line-1], t.lineEnd(last), s})
	return nil
}

// flowMapAppend adds "key: value" at the end of a flow mapping ("{a: b}").
func (t *text) flowMapAppend(m *yaml.Node, entry string) error {
	last := m.Content[len(m.Content)-1]
	if last.Kind != yaml.ScalarNode {
		return ErrLayout
	}
	end, err := t.scalarEnd(last)
	if err != nil {
		return err
	}
	t.cuts = append(t.cuts, cut{end, end, ", " + entry})
	return nil
}

// flowMapRemove cuts entry i out of a flow mapping with one comma beside it.
func (t *text) flowMapRemove(m *yaml.Node, i int) error {
	k, v := m.Content[2*i], m.Content[2*i+1]
	if v.Kind != yaml.ScalarNode {
		return ErrLayout
	}
	start := t.offset(k.Line, k.Column)
	end, err := t.scalarEnd(v)
	if err != nil {
		return err
	}
	switch {
	case 2*i+2 < len(m.Content):
		next := m.Content[2*i+2]
		end = t.offset(next.Line, next.Column)
	case i > 0:
		prev := m.Content[2*i-1]
		if prev.Kind != yaml.ScalarNode {
			return ErrLayout
		}
		if start, err = t.scalarEnd(prev); err != nil {
			return err
		}
	}
	t.cuts = append(t.cuts, cut{start, end, ""})
	return nil
}

// flowScalar is scalar for a flow collection ("[a, b]", "{a: b}"), where
// a plain scalar may not hold ",[]{}".
func flowScalar(s string) string {
	out := scalar(s)
	if strings.ContainsAny(out, ",[]{}") && !strings.HasPrefix(out, "'") && !strings.HasPrefix(out, "\"") {
		b, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle})
		if err == nil {
			return strings.TrimSuffix(string(b), "\n")
		}
	}
	return out
}

// SettingsKey is the key of the scripts: entry in f that applies to the
// discovered script with ID id of the composed project p (written by its
// ID or a selector); the ID itself when none does, which is what a new
// entry is keyed by.
func SettingsKey(p discover.Project, f File, id string) string {
	var discovered []discover.Script
	for _, sc := range p.Scripts {
		if sc.Source != Source {
			discovered = append(discovered, sc)
		}
	}
	x := discover.NewSelectorIndex(discovered)
	for _, st := range f.Scripts {
		if m := x.Resolve(st.Ref); len(m) == 1 && m[0].ID == id {
			return st.Ref
		}
	}
	return id
}

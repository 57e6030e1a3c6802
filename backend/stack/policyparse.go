package stack

import (
	"fmt"
	"math"
	"net"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The keys of a Policy, accepted on a process and on a script's settings,
// and of the mappings inside them. docs_test.go checks each list against
// docs/hum.schema.json.
var (
	policyKeys     = []string{"depends_on", "readiness", "restart", "watch", "disabled"}
	dependencyKeys = []string{"condition", "log_ready"}
	readinessKeys  = []string{"http", "tcp", "exec", "log", "statuses", "initial_delay", "period", "timeout", "failure_threshold"}
	restartKeys    = []string{"policy", "backoff", "max_backoff", "max_restarts", "success_exit_codes", "crash_loop"}
	crashLoopKeys  = []string{"failures", "window"}
	watchKeys      = []string{"paths", "ignore", "debounce", "restart_dependents"}
)

// Caps on a policy's numbers. Past them a value is a typo (a threshold of
// a million tries, a backoff of a week) rather than a wish, and is said to
// be one.
const (
	MaxDependencies     = 100 // depends_on entries per process
	MaxWatchGlobs       = 100 // in watch.paths, and again in watch.ignore
	MaxFailureThreshold = 10000
	MaxCrashLoopFailure = 10000
	MaxRestarts         = 100000
	MaxPolicyDuration   = time.Hour   // probe timing, backoff, crash-loop window
	MaxDebounce         = time.Minute // watch.debounce
	MaxPatternLength    = 1000        // a log regex, in bytes
)

// conditionNames are the conditions depends_on accepts, in the order the
// docs give them.
var conditionNames = []Condition{ConditionStarted, ConditionReady, ConditionCompleted, ConditionCompletedSuccessfully, ConditionLogReady}

// otherConditions are docker compose's and process-compose's names for a
// condition, so their users are told hum.yaml's.
var otherConditions = map[string]Condition{
	"service_started": ConditionStarted, "service_healthy": ConditionReady,
	"service_completed_successfully": ConditionCompletedSuccessfully,
	"process_started":                ConditionStarted, "process_healthy": ConditionReady,
	"process_completed": ConditionCompleted, "process_completed_successfully": ConditionCompletedSuccessfully,
	"process_log_ready": ConditionLogReady, "healthy": ConditionReady,
}

// otherRestarts are other tools' restart policies, answered with
// hum.yaml's nearest.
var otherRestarts = map[string]RestartPolicy{
	"on_failure": RestartOnFailure, "onfailure": RestartOnFailure, "unless-stopped": RestartAlways,
	"never": RestartNo, "exit_on_failure": RestartNo,
}

// policyKey reads one of policyKeys into pol. It says whether key is one
// of them (handled) and whether its value was good (ok); a bad value has
// said its problem.
func (p *parser) policyKey(key string, v *yaml.Node, where string, pol *Policy) (handled, ok bool) {
	switch key {
	case "depends_on":
		pol.DependsOn, ok = p.dependsOn(v, where+".depends_on")
	case "readiness":
		pol.Readiness, ok = p.readiness(v, where+".readiness")
	case "restart":
		pol.Restart, ok = p.restart(v, where+".restart")
	case "watch":
		pol.Watch, ok = p.watch(v, where+".watch")
	case "disabled":
		pol.Disabled, ok = p.boolean(v, where+".disabled")
	default:
		return false, false
	}
	return true, ok
}

// clonePolicy copies p's slices and pointers, so a Stack shares nothing
// with the File it was composed from.
func clonePolicy(p Policy) Policy {
	p.DependsOn = slices.Clone(p.DependsOn)
	if p.Readiness != nil {
		r := *p.Readiness
		r.Statuses, r.Argv = slices.Clone(r.Statuses), slices.Clone(r.Argv)
		p.Readiness = &r
	}
	p.Restart.SuccessCodes = slices.Clone(p.Restart.SuccessCodes)
	if p.Watch != nil {
		w := *p.Watch
		w.Paths, w.Ignore = slices.Clone(w.Paths), slices.Clone(w.Ignore)
		p.Watch = &w
	}
	return p
}

// dependsOn reads depends_on: a list of references (each "started"), or a
// mapping from a reference to its condition.
func (p *parser) dependsOn(n *yaml.Node, where string) ([]Dependency, bool) {
	d := deref(n)
	var out []Dependency
	ok := true
	switch d.Kind {
	case yaml.SequenceNode:
		if len(d.Content) > MaxDependencies {
			p.problem(pos(d), "%s has %d entries, more than %d", where, len(d.Content), MaxDependencies)
			return nil, false
		}
		seen := map[string]int{}
		for i, item := range d.Content {
			s, good := p.str(item, fmt.Sprintf("%s[%d]", where, i))
			switch {
			case !good:
				ok = false
				continue
			case s == "":
				p.problem(pos(deref(item)), "%s[%d] is empty", where, i)
				ok = false
				continue
			}
			if line, dup := seen[s]; dup {
				p.problem(pos(deref(item)), "%s: %q is listed twice (first at line %d)", where, s, line)
				ok = false
				continue
			}
			seen[s] = deref(item).Line
			out = append(out, Dependency{Ref: s, Condition: ConditionStarted, Pos: pos(deref(item))})
		}
	case yaml.MappingNode:
		if len(d.Content)/2 > MaxDependencies {
			p.problem(pos(d), "%s has %d entries, more than %d", where, len(d.Content)/2, MaxDependencies)
			return nil, false
		}
		entries := 0
		p.each(d, where, func(ref string, k, v *yaml.Node) {
			entries++
			if ref == "" {
				p.problem(pos(k), "%s: a dependency is named by a process name, a script ID or a selector, not \"\"", where)
				ok = false
				return
			}
			dep, good := p.dependency(v, where+"."+ref)
			if !good {
				ok = false
				return
			}
			dep.Ref, dep.Pos = ref, pos(k)
			out = append(out, dep)
		})
		// each said why it skipped an entry (a name given twice): which
		// of two conditions was meant is not for Hum to guess.
		ok = ok && entries == len(d.Content)/2
	default:
		p.problem(pos(d), "%s must be a list of names or a mapping of name: condition, not %s", where, kindName(d))
		return nil, false
	}
	return out, ok
}

// dependency reads one value of depends_on's mapping form: a condition,
// or a mapping with condition and/or log_ready.
func (p *parser) dependency(n *yaml.Node, where string) (Dependency, bool) {
	d := deref(n)
	if d.Kind == yaml.ScalarNode && d.Tag == "!!str" {
		c, ok := p.condition(d, where)
		if ok && c == ConditionLogReady {
			p.problem(pos(d), "%s: log_ready needs the line to wait for: write {log_ready: REGEX}", where)
			return Dependency{}, false
		}
		return Dependency{Condition: c}, ok
	}
	if d.Kind != yaml.MappingNode {
		p.problem(pos(d), "%s must be a condition (%s) or {log_ready: REGEX}, not %s", where, conditionList(), kindName(d))
		return Dependency{}, false
	}
	var dep Dependency
	var condNode, patNode *yaml.Node
	ok := true
	p.each(d, where, func(key string, k, v *yaml.Node) {
		switch key {
		case "condition":
			condNode = deref(v)
			c, good := p.condition(v, where+".condition")
			ok = ok && good
			dep.Condition = c
		case "log_ready":
			patNode = deref(v)
			pat, good := p.pattern(v, where+".log_ready")
			ok = ok && good
			dep.Pattern = pat
		default:
			p.unknown(k, where, key, dependencyKeys)
			ok = false
		}
	})
	if !ok {
		return Dependency{}, false
	}
	switch {
	case patNode != nil && condNode != nil && dep.Condition != ConditionLogReady:
		p.problem(pos(condNode), "%s: log_ready waits for a line; its condition can only be log_ready, not %s", where, dep.Condition)
		return Dependency{}, false
	case patNode != nil:
		dep.Condition = ConditionLogReady
	case condNode == nil:
		p.problem(pos(d), "%s needs a condition (%s) or log_ready: REGEX", where, conditionList())
		return Dependency{}, false
	case dep.Condition == ConditionLogReady:
		p.problem(pos(condNode), "%s: condition log_ready needs the line to wait for: add log_ready: REGEX", where)
		return Dependency{}, false
	}
	return dep, true
}

func conditionList() string {
	names := make([]string, len(conditionNames))
	for i, c := range conditionNames {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// condition reads one of the five conditions.
func (p *parser) condition(n *yaml.Node, where string) (Condition, bool) {
	s, ok := p.str(n, where)
	if !ok {
		return "", false
	}
	if c := Condition(s); slices.Contains(conditionNames, c) {
		return c, true
	}
	if c, ok := otherConditions[s]; ok {
		p.problem(pos(deref(n)), "%s: unknown condition %q; hum.yaml calls it %q", where, s, c)
		return "", false
	}
	p.problem(pos(deref(n)), "%s: unknown condition %q (accepted: %s)", where, s, conditionList())
	return "", false
}

// pattern reads a regular expression (Go's RE2 syntax), saying where it
// does not compile and why.
func (p *parser) pattern(n *yaml.Node, where string) (string, bool) {
	s, ok := p.str(n, where)
	if !ok {
		return "", false
	}
	switch {
	case s == "":
		p.problem(pos(deref(n)), "%s is empty; it would match every line", where)
		return "", false
	case len(s) > MaxPatternLength:
		p.problem(pos(deref(n)), "%s is %d bytes, longer than %d", where, len(s), MaxPatternLength)
		return "", false
	}
	if _, err := regexp.Compile(s); err != nil {
		p.problem(pos(deref(n)), "%s %q is not a regular expression: %s", where, s, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		return "", false
	}
	return s, true
}

// readiness reads a readiness probe: exactly one of http, tcp, exec and
// log, with its timing.
func (p *parser) readiness(n *yaml.Node, where string) (*Probe, bool) {
	d := deref(n)
	if d.Kind != yaml.MappingNode {
		p.problem(pos(d), "%s must be a mapping with one of http, tcp, exec or log, not %s", where, kindName(d))
		return nil, false
	}
	pr := &Probe{Pos: pos(d)}
	ok := true
	var kinds []string
	var kindNodes []*yaml.Node
	var statusNode *yaml.Node
	kind := func(k *yaml.Node, kd ProbeKind) {
		kinds = append(kinds, string(kd))
		kindNodes = append(kindNodes, k)
		pr.Kind = kd
	}
	p.each(d, where, func(key string, k, v *yaml.Node) {
		w := where + "." + key
		good := true
		switch key {
		case "http":
			kind(k, ProbeHTTP)
			pr.URL, good = p.httpURL(v, w)
		case "tcp":
			kind(k, ProbeTCP)
			pr.Address, good = p.tcpAddress(v, w)
		case "exec":
			kind(k, ProbeExec)
			if vv := deref(v); vv.Kind == yaml.SequenceNode {
				pr.Argv, good = p.strings(vv, w, MaxEnv)
				if good && (len(pr.Argv) == 0 || pr.Argv[0] == "") {
					p.problem(pos(vv), "%s needs at least the program to run", w)
					good = false
				}
			} else if pr.Command, good = p.str(v, w); good && strings.TrimSpace(pr.Command) == "" {
				p.problem(pos(deref(v)), "%s is empty", w)
				good = false
			}
		case "log":
			kind(k, ProbeLog)
			pr.Pattern, good = p.pattern(v, w)
		case "statuses":
			statusNode = k
			pr.Statuses, good = p.ints(v, w, 100, 599, 500)
		case "initial_delay":
			pr.InitialDelay, good = p.duration(v, w, true, MaxPolicyDuration)
		case "period":
			pr.Period, good = p.duration(v, w, false, MaxPolicyDuration)
		case "timeout":
			pr.Timeout, good = p.duration(v, w, false, MaxPolicyDuration)
		case "failure_threshold":
			pr.FailureThreshold, good = p.integer(v, w, 1, MaxFailureThreshold)
		default:
			p.unknown(k, where, key, readinessKeys)
			good = false
		}
		ok = ok && good
	})
	switch {
	case len(kinds) == 0:
		p.problem(pos(d), "%s needs one of http, tcp, exec or log", where)
		return nil, false
	case len(kinds) > 1:
		p.problem(pos(kindNodes[1]), "%s has %s; give one probe", where, strings.Join(kinds, " and "))
		return nil, false
	case statusNode != nil && pr.Kind != ProbeHTTP:
		p.problem(pos(statusNode), "%s: statuses are for an http probe, not %s", where, pr.Kind)
		return nil, false
	}
	if !ok {
		return nil, false
	}
	return pr, true
}

// httpURL reads an http probe's URL: http or https, with a host.
func (p *parser) httpURL(n *yaml.Node, where string) (string, bool) {
	s, ok := p.str(n, where)
	if !ok {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		p.problem(pos(deref(n)), "%s %q is not an http:// or https:// URL with a host, such as http://localhost:8080/health", where, s)
		return "", false
	}
	return s, true
}

// tcpAddress reads a tcp probe's host:port; an empty host is the local
// machine, as net.Dial takes it.
func (p *parser) tcpAddress(n *yaml.Node, where string) (string, bool) {
	d := deref(n)
	if d.Kind == yaml.ScalarNode && d.Tag == "!!int" {
		p.problem(pos(d), "%s %s needs a host: write localhost:%s", where, d.Value, d.Value)
		return "", false
	}
	s, ok := p.str(n, where)
	if !ok {
		return "", false
	}
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		p.problem(pos(d), "%s %q is not host:port, such as localhost:5432", where, s)
		return "", false
	}
	if num, err := strconv.Atoi(port); err != nil || num < 1 || num > 65535 {
		p.problem(pos(d), "%s %q: the port must be a number from 1 to 65535", where, s)
		return "", false
	}
	return s, true
}

// restart reads restart: a policy's name, or a mapping with the policy
// and its backoff, cap, success codes and crash loop.
func (p *parser) restart(n *yaml.Node, where string) (Restart, bool) {
	d := deref(n)
	if d.Kind == yaml.ScalarNode {
		r, ok := p.restartPolicy(d, where)
		return Restart{Policy: r}, ok
	}
	if d.Kind != yaml.MappingNode {
		p.problem(pos(d), "%s must be no, on-failure, always or a mapping with policy, not %s", where, kindName(d))
		return Restart{}, false
	}
	var r Restart
	var policyNode, maxNode *yaml.Node
	ok := true
	p.each(d, where, func(key string, k, v *yaml.Node) {
		w := where + "." + key
		good := true
		switch key {
		case "policy":
			policyNode = k
			r.Policy, good = p.restartPolicy(v, w)
		case "backoff":
			r.Backoff, good = p.duration(v, w, false, MaxPolicyDuration)
		case "max_backoff":
			maxNode = deref(v)
			r.MaxBackoff, good = p.duration(v, w, false, MaxPolicyDuration)
		case "max_restarts":
			r.MaxRestarts, good = p.integer(v, w, 0, MaxRestarts)
		case "success_exit_codes":
			r.SuccessCodes, good = p.ints(v, w, 0, 255, 256)
		case "crash_loop":
			good = p.crashLoop(v, w, &r)
		default:
			p.unknown(k, where, key, restartKeys)
			good = false
		}
		ok = ok && good
	})
	if !ok {
		return Restart{}, false
	}
	if policyNode == nil {
		p.problem(pos(d), "%s needs a policy: no, on-failure or always", where)
		return Restart{}, false
	}
	backoff := cmp(r.Backoff, DefaultBackoff)
	switch {
	case r.MaxBackoff != 0 && r.MaxBackoff < backoff:
		p.problem(pos(maxNode), "%s.max_backoff %s is shorter than the backoff, %s", where, r.MaxBackoff, backoff)
		return Restart{}, false
	case r.MaxBackoff == 0 && r.Backoff > DefaultMaxBackoff:
		// A backoff longer than the default cap would be cut to it at
		// once; written alone, it is the wait every time.
		r.MaxBackoff = r.Backoff
	}
	return r, true
}

// cmp returns d, or def when d is 0.
func cmp(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

func (p *parser) restartPolicy(n *yaml.Node, where string) (RestartPolicy, bool) {
	d := deref(n)
	if d.Kind == yaml.ScalarNode && d.Tag == "!!bool" {
		p.problem(pos(d), "%s must be no, on-failure or always, not %s (write \"no\" for never)", where, d.Value)
		return "", false
	}
	s, ok := p.str(n, where)
	if !ok {
		return "", false
	}
	switch r := RestartPolicy(s); r {
	case RestartNo, RestartOnFailure, RestartAlways:
		return r, true
	}
	if r, ok := otherRestarts[s]; ok {
		p.problem(pos(d), "%s: unknown policy %q; the nearest in hum.yaml is %q", where, s, r)
		return "", false
	}
	p.problem(pos(d), "%s: unknown policy %q (accepted: no, on-failure, always)", where, s)
	return "", false
}

func (p *parser) crashLoop(n *yaml.Node, where string, r *Restart) bool {
	d := deref(n)
	if d.Kind != yaml.MappingNode {
		p.problem(pos(d), "%s must be a mapping with failures and window, not %s", where, kindName(d))
		return false
	}
	ok := true
	p.each(d, where, func(key string, k, v *yaml.Node) {
		good := true
		switch key {
		case "failures":
			r.CrashLoopFailures, good = p.integer(v, where+".failures", 1, MaxCrashLoopFailure)
		case "window":
			r.CrashLoopWindow, good = p.duration(v, where+".window", false, MaxPolicyDuration)
		default:
			p.unknown(k, where, key, crashLoopKeys)
			good = false
		}
		ok = ok && good
	})
	return ok
}

// watch reads watch: a list of globs (its paths), or a mapping.
func (p *parser) watch(n *yaml.Node, where string) (*Watch, bool) {
	d := deref(n)
	if d.Kind == yaml.SequenceNode {
		paths, ok := p.globs(d, where)
		if !ok {
			return nil, false
		}
		if len(paths) == 0 {
			p.problem(pos(d), "%s lists no paths; leave it out to watch nothing", where)
			return nil, false
		}
		return &Watch{Paths: paths}, true
	}
	if d.Kind != yaml.MappingNode {
		p.problem(pos(d), "%s must be a list of globs or a mapping with paths, not %s", where, kindName(d))
		return nil, false
	}
	w := &Watch{}
	ok := true
	p.each(d, where, func(key string, k, v *yaml.Node) {
		ww := where + "." + key
		good := true
		switch key {
		case "paths":
			w.Paths, good = p.globs(v, ww)
		case "ignore":
			w.Ignore, good = p.globs(v, ww)
		case "debounce":
			w.Debounce, good = p.duration(v, ww, false, MaxDebounce)
		case "restart_dependents":
			w.RestartDependents, good = p.boolean(v, ww)
		default:
			p.unknown(k, where, key, watchKeys)
			good = false
		}
		ok = ok && good
	})
	if !ok {
		return nil, false
	}
	if len(w.Paths) == 0 {
		p.problem(pos(d), "%s needs paths: the globs whose changes restart the process", where)
		return nil, false
	}
	return w, true
}

// globs reads a list of globs, slash separated and relative to the
// process's folder: each segment is a path.Match pattern, or "**" alone.
func (p *parser) globs(n *yaml.Node, where string) ([]string, bool) {
	list, ok := p.strings(n, where, MaxWatchGlobs)
	if !ok {
		return nil, false
	}
	items := deref(n).Content
	for i, g := range list {
		if err := CheckGlob(g); err != nil {
			p.problem(pos(deref(items[i])), "%s: %q %v", where, g, err)
			return nil, false
		}
	}
	return list, true
}

// CheckGlob says what is wrong with a watch glob: it is slash separated
// and relative, and each of its segments is "**" or a pattern path.Match
// accepts.
func CheckGlob(g string) error {
	switch {
	case g == "":
		return fmt.Errorf("is empty")
	case strings.Contains(g, `\`):
		return fmt.Errorf(`uses '\'; write globs with '/', which works everywhere`)
	case path.IsAbs(g) || len(g) >= 2 && g[1] == ':':
		return fmt.Errorf("is absolute; write it relative to the process's folder")
	}
	for seg := range strings.SplitSeq(g, "/") {
		switch {
		case seg == "":
			return fmt.Errorf("has an empty segment; write dir/** for everything under dir")
		case seg == "**":
		case strings.Contains(seg, "**"):
			return fmt.Errorf("uses ** inside %q; ** matches folders only as a whole segment (src/**/*.go)", seg)
		default:
			if _, err := path.Match(seg, ""); err != nil {
				return fmt.Errorf("is not a glob: %q is malformed (an unclosed [ or a bad range)", seg)
			}
		}
	}
	return nil
}

// duration reads a duration as Go writes one (500ms, 2s, 1m30s) or a
// number of seconds, as compose files do. Zero is accepted only when
// zeroOK (a zero wait means the default elsewhere); negative never.
func (p *parser) duration(n *yaml.Node, where string, zeroOK bool, max time.Duration) (time.Duration, bool) {
	d := deref(n)
	var v time.Duration
	switch {
	case d.Kind == yaml.ScalarNode && (d.Tag == "!!int" || d.Tag == "!!float"):
		var secs float64
		if err := d.Decode(&secs); err != nil || math.IsNaN(secs) || math.IsInf(secs, 0) {
			p.problem(pos(d), "%s %s is not a number of seconds", where, d.Value)
			return 0, false
		}
		if secs < 0 {
			p.problem(pos(d), "%s must not be negative", where)
			return 0, false
		}
		if secs > max.Seconds() {
			p.problem(pos(d), "%s %s seconds is longer than %s", where, d.Value, max)
			return 0, false
		}
		v = time.Duration(secs * float64(time.Second))
	case d.Kind == yaml.ScalarNode && d.Tag == "!!str":
		var err error
		if v, err = time.ParseDuration(d.Value); err != nil {
			p.problem(pos(d), "%s %q is not a duration such as 500ms, 2s or 1m30s, or a number of seconds", where, d.Value)
			return 0, false
		}
	default:
		p.problem(pos(d), "%s must be a duration such as 500ms, 2s or 1m30s, or a number of seconds, not %s", where, kindName(d))
		return 0, false
	}
	switch {
	case v < 0:
		p.problem(pos(d), "%s must not be negative", where)
	case v == 0 && !zeroOK:
		p.problem(pos(d), "%s must be more than 0; leave it out for the default", where)
	case v > max:
		p.problem(pos(d), "%s %s is longer than %s", where, v, max)
	default:
		return v, true
	}
	return 0, false
}

// integer reads a whole number in [lo, hi].
func (p *parser) integer(n *yaml.Node, where string, lo, hi int) (int, bool) {
	d := deref(n)
	var v int64
	if d.Kind != yaml.ScalarNode || d.Tag != "!!int" || d.Decode(&v) != nil {
		p.problem(pos(d), "%s must be a whole number, not %s", where, valueName(d))
		return 0, false
	}
	if v < int64(lo) || v > int64(hi) {
		p.problem(pos(d), "%s %d is out of range: from %d to %d", where, v, lo, hi)
		return 0, false
	}
	return int(v), true
}

// valueName is kindName, with the value when it is a scalar.
func valueName(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return fmt.Sprintf("%s (%.20q)", kindName(n), n.Value)
	}
	return kindName(n)
}

// ints reads a list of at most limit whole numbers in [lo, hi].
func (p *parser) ints(n *yaml.Node, where string, lo, hi, limit int) ([]int, bool) {
	d := deref(n)
	if d.Kind != yaml.SequenceNode {
		p.problem(pos(d), "%s must be a list of whole numbers, not %s", where, kindName(d))
		return nil, false
	}
	if len(d.Content) > limit {
		p.problem(pos(d), "%s has %d entries, more than %d", where, len(d.Content), limit)
		return nil, false
	}
	if len(d.Content) == 0 {
		p.problem(pos(d), "%s is empty; leave it out for the default", where)
		return nil, false
	}
	out := make([]int, 0, len(d.Content))
	for i, item := range d.Content {
		v, ok := p.integer(item, fmt.Sprintf("%s[%d]", where, i), lo, hi)
		if !ok {
			return nil, false
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, true
}

// boolean reads true or false.
func (p *parser) boolean(n *yaml.Node, where string) (bool, bool) {
	d := deref(n)
	if d.Kind != yaml.ScalarNode || d.Tag != "!!bool" {
		p.problem(pos(d), "%s must be true or false, not %s", where, valueName(d))
		return false, false
	}
	var b bool
	if err := d.Decode(&b); err != nil {
		p.problem(pos(d), "%s must be true or false, not %q", where, d.Value)
		return false, false
	}
	return b, true
}

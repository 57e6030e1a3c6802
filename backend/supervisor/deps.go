package supervisor

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"hum/backend/process"
	"hum/backend/stack"
)

// decideLocked says what a process that has not started yet should be:
// StatusStarting when every dependency's condition holds (start it now),
// StatusBlocked when one failed or the script is in a cycle, else
// StatusWaiting; with the words that say why. s.mu must be held.
func (s *Supervisor) decideLocked(u *unit, pol map[string]stack.Policy, cycles [][]string) (process.Status, string) {
	for _, c := range cycles {
		if slices.Contains(c, u.script) {
			names := make([]string, len(c))
			for i, id := range c {
				names[i] = s.opts.Name(id)
			}
			return process.StatusBlocked, "dependency cycle: " + strings.Join(names, " → ")
		}
	}
	waiting := ""
	for _, d := range pol[u.script].DependsOn {
		met, failed, wait := s.checkLocked(d, pol)
		switch {
		case failed != "":
			return process.StatusBlocked, failed
		case !met && waiting == "":
			waiting = wait
		}
	}
	if waiting != "" {
		return process.StatusWaiting, waiting
	}
	return process.StatusStarting, ""
}

// checkLocked checks one dependency's condition on its current run: met,
// or failed with why (the dependent is blocked), or not yet with what it
// waits for. s.mu must be held.
func (s *Supervisor) checkLocked(d stack.Dependency, pol map[string]stack.Policy) (met bool, failed, waiting string) {
	name := s.opts.Name(d.ID)
	cond := string(d.Condition)
	if d.Condition == "" {
		cond = string(stack.ConditionStarted)
	}
	waiting = fmt.Sprintf("waiting for %s (%s)", name, cond)
	if d.Condition == stack.ConditionLogReady {
		waiting = fmt.Sprintf("waiting for %s (log line /%s/)", name, d.Pattern)
	}
	du := s.units[d.ID]
	if du == nil || du.proc == "" {
		return false, "", waiting
	}
	p, ok := s.opts.Manager.Get(du.proc)
	if !ok {
		return false, "", waiting
	}
	st := p.State()
	ran := st.StartedAt > 0 && (st.PID > 0 || st.EndedAt > 0)
	switch st.Status {
	case process.StatusBlocked:
		return false, fmt.Sprintf("%s is blocked (%s)", name, st.Detail), ""
	case process.StatusStopped:
		if d.Condition == stack.ConditionCompleted && ran {
			return true, "", ""
		}
		return false, name + " was stopped", ""
	}
	switch d.Condition {
	case stack.ConditionReady:
		switch {
		case st.Ready && st.Status.Active():
			return true, "", ""
		case du.probeGaveUp != "" && st.Status.Active():
			return false, name + " " + du.probeGaveUp, ""
		case st.Status == process.StatusCrashLoop || st.Status == process.StatusFailed:
			return false, fmt.Sprintf("%s failed (%s)", name, exitWords(st)), ""
		case st.Status == process.StatusSucceeded:
			return false, fmt.Sprintf("%s ended before it was ready (%s)", name, exitWords(st)), ""
		case du.probeNote != "" && st.Status.Active():
			return false, "", waiting + ": " + du.probeNote
		}
	case stack.ConditionCompleted:
		if st.Status.Final() && ran {
			return true, "", ""
		}
	case stack.ConditionCompletedSuccessfully:
		switch {
		case st.Status.Final() && ran && Succeeded(st, pol[d.ID].Restart.SuccessCodes):
			return true, "", ""
		case st.Status.Final():
			return false, fmt.Sprintf("%s failed (%s)", name, exitWords(st)), ""
		}
	case stack.ConditionLogReady:
		switch {
		case du.matched[d.Pattern] && (st.Status.Active() || st.Status.Final()):
			return true, "", ""
		case st.Status.Final():
			return false, fmt.Sprintf("%s ended before it printed /%s/ (%s)", name, d.Pattern, exitWords(st)), ""
		}
	default: // started
		switch {
		case st.PID > 0:
			return true, "", ""
		case st.Status == process.StatusFailed || st.Status == process.StatusCrashLoop:
			return false, fmt.Sprintf("%s failed (%s)", name, exitWords(st)), ""
		}
	}
	return false, "", waiting
}

// Closure lists ids and everything they depend on, transitively, each
// once, dependencies before their dependents (a cycle is cut where it
// closes; its members are blocked, never started).
func Closure(ids []string, pol map[string]stack.Policy) []string {
	var out []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string)
	visit = func(id string) {
		if state[id] != 0 {
			return
		}
		state[id] = 1
		for _, d := range pol[id].DependsOn {
			if d.ID != "" {
				visit(d.ID)
			}
		}
		state[id] = 2
		out = append(out, id)
	}
	for _, id := range ids {
		visit(id)
	}
	return out
}

// dependents lists the scripts that depend on id, transitively, sorted.
func dependents(id string, pol map[string]stack.Policy) []string {
	found := map[string]bool{}
	var walk func(string)
	walk = func(of string) {
		for _, other := range sortedKeys(pol) {
			for _, d := range pol[other].DependsOn {
				if d.ID == of && !found[other] && other != id {
					found[other] = true
					walk(other)
				}
			}
		}
	}
	walk(id)
	return sortedKeys(found)
}

// dependsOn reports whether a depends on b, transitively.
func dependsOn(a, b string, pol map[string]stack.Policy) bool {
	return a != b && slices.Contains(Closure([]string{a}, pol), b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare[string])
	return keys
}

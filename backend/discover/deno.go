package discover

import (
	"context"
	"encoding/json"
	"strings"
)

// denoNames are the config files deno looks for, in its order.
var denoNames = []string{"deno.json", "deno.jsonc"}

// deno lists the tasks of the deno.json (or deno.jsonc) in folder rel.
func (s *scanner) deno(rel string) {
	s.listFile(rel, parseDenoJSON, denoNames...)
}

// parseDenoJSON lists the "tasks" of a deno.json, which may have comments
// and trailing commas: each a command string, or (Deno 2) an object with
// "command", "description" and "dependencies"; a task of dependencies only
// runs them. Each runs as `deno task NAME`. It stops when ctx is done and
// keeps within the per-file caps.
func parseDenoJSON(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	fp := newFileParse(ctx, file, data, "tasks")
	doc, off, err := stripJSONC(data)
	if err != nil {
		fp.problemAt(off, err.Error())
		return nil, fp.result()
	}
	fields, jerr := objectFields(fp, doc, 0)
	if jerr != nil {
		fp.problemAt(jerr.Off, "invalid JSON: "+jerr.Msg)
	}
	var scripts []Script
	for _, f := range fields {
		if f.Key != "tasks" {
			continue
		}
		tasks, err := objectFields(fp, f.Value, f.ValOff)
		if err != nil {
			if jsonKind(f.Value) != "an object" {
				fp.problemAt(f.Off, `"tasks" should be an object, found `+jsonKind(f.Value))
			} else {
				fp.problemAt(err.Off, "invalid tasks: "+err.Msg)
			}
		}
		seen := map[string]int{}
		for i, tf := range tasks {
			if fp.stopAt(i, tf.Off) {
				break
			}
			sc, ok := denoTask(fp, tf)
			if !ok {
				continue
			}
			// As in package.json: a repeated key keeps its first place and
			// its last value.
			if j, dup := seen[tf.Key]; dup {
				scripts[j] = sc
				continue
			}
			if !fp.keep() {
				continue
			}
			seen[tf.Key] = len(scripts)
			scripts = append(scripts, sc)
		}
	}
	return scripts, fp.result()
}

// denoTask reads one member of "tasks".
func denoTask(fp *fileParse, tf field) (Script, bool) {
	if tf.Key == "" {
		fp.problemAt(tf.Off, "a task has an empty name")
		return Script{}, false
	}
	var cmd, desc string
	switch jsonKind(tf.Value) {
	case "a string":
		_ = json.Unmarshal(tf.Value, &cmd)
	case "an object":
		var t struct {
			Command      *string  `json:"command"`
			Description  string   `json:"description"`
			Dependencies []string `json:"dependencies"`
		}
		if err := json.Unmarshal(tf.Value, &t); err != nil {
			fp.problemAt(tf.Off, "task "+quote(tf.Key)+": "+jsonTypeText(err))
			return Script{}, false
		}
		desc = t.Description
		if t.Command != nil {
			cmd = *t.Command
		} else if desc == "" && len(t.Dependencies) > 0 {
			desc = "runs " + strings.Join(t.Dependencies, ", ")
		}
	default:
		fp.problemAt(tf.Off, "task "+quote(tf.Key)+" should be a string or an object, found "+jsonKind(tf.Value))
		return Script{}, false
	}
	run := "deno task " + shellQuote(tf.Key)
	if cmd == "" {
		cmd = run
	}
	return Script{
		ID: scriptID(SourceDeno, fp.file, tf.Key), Source: SourceDeno, Name: tf.Key,
		Command: cmd, Run: run, Dir: ".", Description: clip(desc, maxDescription),
	}, true
}

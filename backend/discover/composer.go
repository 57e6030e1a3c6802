package discover

import (
	"context"
	"encoding/json"
	"strings"
)

// composerEvents are the script names Composer runs itself on its own
// events (install, update, autoload dump, …): hooks, not tasks to start.
var composerEvents = map[string]bool{
	"pre-install-cmd": true, "post-install-cmd": true, "pre-update-cmd": true, "post-update-cmd": true,
	"pre-status-cmd": true, "post-status-cmd": true, "pre-archive-cmd": true, "post-archive-cmd": true,
	"pre-autoload-dump": true, "post-autoload-dump": true, "post-root-package-install": true,
	"post-create-project-cmd": true, "pre-operations-exec": true, "pre-package-install": true,
	"post-package-install": true, "pre-package-update": true, "post-package-update": true,
	"pre-package-uninstall": true, "post-package-uninstall": true, "init": true, "command": true,
	"pre-file-download": true, "post-file-download": true, "pre-command-run": true, "pre-pool-create": true,
}

// composer lists the scripts of the composer.json in folder rel.
func (s *scanner) composer(rel string) {
	s.listFile(rel, parseComposerJSON, "composer.json")
}

// parseComposerJSON lists the "scripts" of a composer.json (a command or a
// list of them each), described by "scripts-descriptions", leaving out
// Composer's event hooks. Each runs as `composer run-script NAME`. It stops
// when ctx is done and keeps within the per-file caps.
func parseComposerJSON(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	fp := newFileParse(ctx, file, data, "scripts")
	fields, jerr := objectFields(fp, data, 0)
	if jerr != nil {
		fp.problemAt(jerr.Off, "invalid JSON: "+jerr.Msg)
	}
	var scriptsField *field
	descs := map[string]string{}
	for i, f := range fields {
		switch f.Key {
		case "scripts":
			scriptsField = &fields[i]
		case "scripts-descriptions":
			if err := json.Unmarshal(f.Value, &descs); err != nil {
				fp.problemAt(f.Off, `"scripts-descriptions" should be an object of strings`)
			}
		}
	}
	if scriptsField == nil {
		return nil, fp.result()
	}
	f := *scriptsField
	members, err := objectFields(fp, f.Value, f.ValOff)
	if err != nil {
		if jsonKind(f.Value) != "an object" {
			fp.problemAt(f.Off, `"scripts" should be an object, found `+jsonKind(f.Value))
		} else {
			fp.problemAt(err.Off, "invalid scripts: "+err.Msg)
		}
	}
	var scripts []Script
	seen := map[string]int{}
	for i, m := range members {
		if fp.stopAt(i, m.Off) {
			break
		}
		if m.Key == "" {
			fp.problemAt(m.Off, "a script has an empty name")
			continue
		}
		if composerEvents[m.Key] {
			continue
		}
		var cmds []string
		var one string
		if err := json.Unmarshal(m.Value, &one); err == nil {
			cmds = []string{one}
		} else if err := json.Unmarshal(m.Value, &cmds); err != nil {
			fp.problemAt(m.Off, "script "+quote(m.Key)+" should be a string or a list of strings, found "+jsonKind(m.Value))
			continue
		}
		sc := Script{
			ID: scriptID(SourceComposer, fp.file, m.Key), Source: SourceComposer, Name: m.Key,
			Command: joinCommands(cmds), Run: "composer run-script " + shellQuote(m.Key), Dir: ".",
			Description: clip(strings.TrimSpace(descs[m.Key]), maxDescription),
		}
		if sc.Command == "" {
			sc.Command = sc.Run
		}
		if j, dup := seen[m.Key]; dup {
			scripts[j] = sc
			continue
		}
		if !fp.keep() {
			continue
		}
		seen[m.Key] = len(scripts)
		scripts = append(scripts, sc)
	}
	return scripts, fp.result()
}

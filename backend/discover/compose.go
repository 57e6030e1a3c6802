package discover

import (
	"context"

	"gopkg.in/yaml.v3"
)

// composeNames are the files `docker compose` reads by default, in its
// order; only the first present is listed, as only it is used.
var composeNames = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// compose lists the services of the compose file in folder rel.
func (s *scanner) compose(rel string) {
	s.listFile(rel, parseCompose, composeNames...)
}

// parseCompose lists `docker compose up` (every service) and `docker
// compose up SERVICE` for each service of a compose file, in file order.
// It stops when ctx is done and keeps within the per-file caps.
func parseCompose(ctx context.Context, file string, data []byte) ([]Script, []Problem) {
	fp := newFileParse(ctx, file, data, "services")
	scripts := parseComposeNodes(fp)
	return scripts, clampLines(fp.result(), data)
}

func parseComposeNodes(fp *fileParse) []Script {
	doc, ok := fp.yamlDoc()
	if !ok {
		return nil
	}
	top := docMapping(doc)
	if top == nil {
		return nil
	}
	services := mapValue(top, "services")
	if services == nil {
		return nil
	}
	services = resolve(services)
	if services.Kind != yaml.MappingNode {
		fp.problem(services.Line, "services should be a mapping of service names")
		return nil
	}
	up := "docker compose up"
	scripts := []Script{{ID: scriptID(SourceCompose, fp.file, "up"), Source: SourceCompose, Name: "up",
		Command: up, Run: up, Dir: ".", Description: "every service"}}
	seen := map[string]bool{"up": true}
	for i := 0; i+1 < len(services.Content); i += 2 {
		k := services.Content[i]
		if fp.stop(i/2, k.Line) {
			break
		}
		if k.Kind != yaml.ScalarNode || k.Value == "" || k.Value == "<<" {
			continue
		}
		name := k.Value
		if seen[name] {
			name = "up " + name // a service named "up"
		}
		if seen[name] || !fp.keep() {
			continue
		}
		seen[name] = true
		run := "docker compose up " + shellQuote(k.Value)
		scripts = append(scripts, Script{ID: scriptID(SourceCompose, fp.file, name), Source: SourceCompose, Name: name,
			Command: run, Run: run, Dir: "."})
	}
	if len(scripts) == 1 {
		return nil // no services: nothing to bring up
	}
	return scripts
}

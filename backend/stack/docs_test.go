package stack

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"hum/backend/discover"
)

const (
	schemaPath = "../../docs/hum.schema.json"
	docPath    = "../../docs/hum-yaml.md"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(schemaPath)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	require.NoError(t, c.AddResource("hum.schema.json", doc))
	s, err := c.Compile("hum.schema.json")
	require.NoError(t, err)
	return s
}

// instance converts YAML to the JSON values the validator reads.
func instance(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(src, &v))
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	return inst
}

// docExample is the YAML block the docs mark as the worked example.
func docExample(t *testing.T) []byte { return docBlock(t, "<!-- hum-yaml-example:") }

// docBlock is the YAML block after marker in the docs.
func docBlock(t *testing.T, marker string) []byte {
	t.Helper()
	raw, err := os.ReadFile(docPath)
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(raw), marker)
	require.True(t, ok, "the docs mark their example %s", marker)
	_, rest, ok = strings.Cut(rest, "```yaml\n")
	require.True(t, ok)
	block, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	return []byte(block)
}

// TestExamplesMatchSchemaAndLoader validates the docs' example and every
// fixture against the schema, and checks the loader reads them without a
// problem: the two agree on what a good file is.
func TestExamplesMatchSchemaAndLoader(t *testing.T) {
	s := compileSchema(t)
	files := map[string][]byte{"docs example": docExample(t), "docs stack example": docBlock(t, stackExample)}
	fixtures, err := filepath.Glob("testdata/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, fixtures)
	for _, f := range fixtures {
		files[f] = readFixture(t, filepath.Base(f))
	}
	for name, src := range files {
		assert.NoError(t, s.Validate(instance(t, src)), "%s against the schema", name)
		f := Parse(src)
		assert.Empty(t, f.Problems, "%s: got problems %v", name, f.Problems)
	}
	ex := Parse(docExample(t))
	var names []string
	for _, p := range ex.Processes {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"db", "api", "worker"}, names)
	assert.Equal(t, "dev", ex.Defaults.Autostart)
}

const stackExample = "<!-- hum-yaml-stack-example:"

// TestDocsStackExample checks that the docs' stack example says what the
// text around it says: db probed over tcp, migrate after db is ready, api
// after db is ready and migrate succeeded and restarted on failure, web
// after api is ready and watching its sources; no cycle, no problem.
func TestDocsStackExample(t *testing.T) {
	f := Parse(docBlock(t, stackExample))
	require.Empty(t, f.Problems)
	st := Compose(discover.Project{}, f)
	require.Empty(t, st.Project.Problems)
	assert.Empty(t, st.Cycles)
	var names []string
	for _, sc := range st.Project.Scripts {
		names = append(names, sc.Name)
	}
	assert.Equal(t, []string{"db", "migrate", "api", "web"}, names)
	deps := func(name string) map[string]Condition {
		out := map[string]Condition{}
		for _, d := range st.Policies[ID(name)].DependsOn {
			out[d.ID] = d.Condition
		}
		return out
	}
	db := st.Policies[ID("db")]
	require.NotNil(t, db.Readiness)
	assert.Equal(t, ProbeTCP, db.Readiness.Kind)
	assert.Equal(t, map[string]Condition{ID("db"): ConditionReady}, deps("migrate"))
	assert.Equal(t, map[string]Condition{ID("db"): ConditionReady, ID("migrate"): ConditionCompletedSuccessfully}, deps("api"))
	assert.Equal(t, RestartOnFailure, st.Policies[ID("api")].Restart.Policy)
	assert.Equal(t, map[string]Condition{ID("api"): ConditionReady}, deps("web"))
	require.NotNil(t, st.Policies[ID("web")].Watch)
	assert.Equal(t, []string{"src/**"}, st.Policies[ID("web")].Watch.Paths)
}

// TestSchemaRejectsWhatTheLoaderRejects checks that mistakes the loader
// reports are also errors in an editor that uses the schema.
func TestSchemaRejectsWhatTheLoaderRejects(t *testing.T) {
	s := compileSchema(t)
	for _, src := range []string{
		"processes:\n  a:\n    comand: echo\n",
		"processes:\n  a:\n    command: echo\n    argv: [echo]\n",
		"processes:\n  a:\n    dir: web\n",
		"processes:\n  a:\n    command: [echo]\n",
		"processes:\n  a:\n    command: echo\n    dir: ../x\n",
		"processes:\n  a:\n    command: echo\n    dir: /etc\n",
		"processes:\n  a:\n    command: echo\n    env_file: [a, ../b]\n",
		"processes:\n  \"a b\":\n    command: echo\n",
		"processes:\n  a:\n    command: echo\n    env: [A=1]\n",
		"groups:\n  g: [a]\n",
		"groups:\n  g:\n    members: [a, a]\n",
		"groups:\n  g:\n    colour: red\n",
		"defaults:\n  grace_period: soon\n",
		"defaults:\n  grace_period: 10\n",
		"services: {}\n",
		"scripts:\n  dev:\n    command: x\n",
		"processes:\n  a:\n    command: x\n    depends_on: [db, db]\n",
		"processes:\n  a:\n    command: x\n    depends_on: db\n",
		"processes:\n  a:\n    command: x\n    depends_on: {db: healthy}\n",
		"processes:\n  a:\n    command: x\n    depends_on: {db: log_ready}\n",
		"processes:\n  a:\n    command: x\n    depends_on: {db: {condition: ready, log_ready: x}}\n",
		"processes:\n  a:\n    command: x\n    readiness: {period: 1s}\n",
		"processes:\n  a:\n    command: x\n    readiness: {tcp: \"h:1\", http: \"http://h/\"}\n",
		"processes:\n  a:\n    command: x\n    readiness: {tcp: localhost}\n",
		"processes:\n  a:\n    command: x\n    readiness: {http: \"ftp://h/\"}\n",
		"processes:\n  a:\n    command: x\n    readiness: {tcp: \"h:1\", statuses: [200]}\n",
		"processes:\n  a:\n    command: x\n    readiness: {tcp: \"h:1\", period: 5 seconds}\n",
		"processes:\n  a:\n    command: x\n    readiness: {tcp: \"h:1\", timeout: -1}\n",
		"processes:\n  a:\n    command: x\n    readiness: {tcp: \"h:1\", failure_threshold: 10001}\n",
		"processes:\n  a:\n    command: x\n    restart: sometimes\n",
		"processes:\n  a:\n    command: x\n    restart: {backoff: 1s}\n",
		"processes:\n  a:\n    command: x\n    restart: {policy: always, max_restarts: -1}\n",
		"processes:\n  a:\n    command: x\n    restart: {policy: always, success_exit_codes: [256]}\n",
		"processes:\n  a:\n    command: x\n    restart: {policy: always, crash_loop: {failures: 0}}\n",
		"processes:\n  a:\n    command: x\n    watch: [\"src/a**.go\"]\n",
		"processes:\n  a:\n    command: x\n    watch: [/etc/*]\n",
		"processes:\n  a:\n    command: x\n    watch: {ignore: [x]}\n",
		"processes:\n  a:\n    command: x\n    watch: {paths: [x], restart_dependents: 1}\n",
		"processes:\n  a:\n    command: x\n    disabled: yes\n",
		"scripts:\n  dev:\n    restart: {policy: on_failure}\n",
		"agents:\n  allow: [run_command]\n",
		"agents:\n  allow: [start, start]\n",
		"agents:\n  allow: start\n",
		"agents:\n  deny: [start]\n",
	} {
		assert.Error(t, s.Validate(instance(t, []byte(src))), "the schema accepts %q", src)
		assert.NotEmpty(t, Parse([]byte(src)).Problems, "the loader accepts %q", src)
	}
}

// TestSchemaKeysAreTheLoaders checks that the schema lists exactly the
// keys the loader accepts at each level, and closes each level, so the two
// cannot drift apart.
func TestSchemaKeysAreTheLoaders(t *testing.T) {
	raw, err := os.ReadFile(schemaPath)
	require.NoError(t, err)
	var schema map[string]any
	require.NoError(t, json.Unmarshal(raw, &schema))
	defs := schema["$defs"].(map[string]any)
	props := func(obj any) map[string]any { return obj.(map[string]any)["properties"].(map[string]any) }
	topProps := props(schema)
	levels := []struct {
		name   string
		obj    any
		loader []string
	}{
		{"top level", schema, topKeys},
		{"process", defs["process"], processKeys},
		{"settings", defs["settings"], settingsKeys},
		{"group", defs["group"], groupKeys},
		{"defaults", topProps["defaults"], defaultsKeys},
		{"agents", topProps["agents"], agentsKeys},
		{"dependency", defs["dependency"], dependencyKeys},
		{"readiness", defs["readiness"], readinessKeys},
		{"restart", defs["restart_mapping"], restartKeys},
		{"crash_loop", defs["crash_loop"], crashLoopKeys},
		{"watch", defs["watch_mapping"], watchKeys},
	}
	for _, l := range levels {
		var keys []string
		for k := range props(l.obj) {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := slices.Sorted(slices.Values(l.loader))
		assert.Equal(t, want, keys, "%s: the schema's keys against the loader's", l.name)
		assert.Equal(t, false, l.obj.(map[string]any)["additionalProperties"], "%s: the schema must refuse other keys, as the loader does", l.name)
		for k, v := range props(l.obj) {
			if _, ref := v.(map[string]any)["$ref"]; !ref {
				assert.NotEmpty(t, v.(map[string]any)["description"], "%s.%s has no description for editors", l.name, k)
			}
		}
	}
}

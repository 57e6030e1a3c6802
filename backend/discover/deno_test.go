package discover

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScanDenoTasks(t *testing.T) {
	p := scan(t, "testdata/deno-app")
	want := []row{
		{"deno:deno.jsonc:check", ".", "deno task check", "deno fmt --check && deno lint && deno check **/*.ts && deno check **/*.tsx", ""},
		{"deno:deno.jsonc:start", ".", "deno task start", "deno run -A --watch=static/,routes/ dev.ts", ""},
		{"deno:deno.jsonc:build", ".", "deno task build", "deno run -A dev.ts build", "Build the production bundle"},
		{"deno:deno.jsonc:preview", ".", "deno task preview", "deno run -A main.ts", ""},
		{"deno:deno.jsonc:ci", ".", "deno task ci", "deno task ci", "runs check, build"},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	want2 := []Problem{{File: "deno.jsonc", Line: 13, Message: `task "bad" should be a string or an object, found a number`}}
	assert.Equal(t, want2, p.Problems)
}

func TestScanComposerScripts(t *testing.T) {
	p := scan(t, "testdata/laravel-app")
	// Composer's own event hooks (post-autoload-dump, …) are not listed.
	want := []row{
		{"composer:composer.json:dev", ".", "composer run-script dev",
			`Composer\Config::disableProcessTimeout && npx concurrently -c "#93c5fd,#c4b5fd" "php artisan serve" "php artisan queue:listen --tries=1" --names=server,queue`, ""},
		{"composer:composer.json:test", ".", "composer run-script test", "@php artisan test", "Run the test suite"},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	want2 := []Problem{{File: "composer.json", Line: 21, Message: `script "lint" should be a string or a list of strings, found an object`}}
	assert.Equal(t, want2, p.Problems)
}

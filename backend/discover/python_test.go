package discover

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// prow is a row with the runner, which Python scripts choose by lockfile.
type prow struct{ ID, Run, Command, Runner, Description string }

func prows(scripts []Script) []prow {
	out := make([]prow, len(scripts))
	for i, s := range scripts {
		out[i] = prow{s.ID, s.Run, s.Command, s.Runner, s.Description}
	}
	return out
}

func TestScanDjangoPoetry(t *testing.T) {
	p := scan(t, "testdata/django-app")
	want := []prow{
		{"python:manage.py:runserver", "poetry run python manage.py runserver", "poetry run python manage.py runserver", RunnerPoetry, "Django's development server"},
		{"python:pyproject.toml:mysite-admin", "poetry run mysite-admin", "mysite.cli:main", RunnerPoetry, ""},
		{"python:pyproject.toml:worker", "poetry run worker", "mysite.worker:run", RunnerPoetry, ""},
	}
	assert.Equal(t, want, prows(p.Scripts), "got %v, want %v", prows(p.Scripts), want)
	assert.Empty(t, p.Problems)
}

func TestScanFlaskUV(t *testing.T) {
	p := scan(t, "testdata/flask-app")
	want := []prow{
		{"python:app.py:flask run", "uv run flask run", "uv run flask run", RunnerUV, "Flask's development server"},
		{"python:pyproject.toml:hello-cli", "uv run hello-cli", "hello.cli:main", RunnerUV, ""},
	}
	assert.Equal(t, want, prows(p.Scripts), "got %v, want %v", prows(p.Scripts), want)
	assert.Empty(t, p.Problems)
}

func TestScanPDMScripts(t *testing.T) {
	p := scan(t, "testdata/pdm-tools")
	want := []prow{
		// `pdm run tools` runs PDM's script, not the console script of
		// the same name declared first: listed once, with PDM's command.
		{"python:pyproject.toml:tools", "pdm run tools", "python -m tools", RunnerPDM, ""},
		{"python:pyproject.toml:start", "pdm run start", "flask run -p 54321", RunnerPDM, ""},
		{"python:pyproject.toml:lint", "pdm run lint", "ruff check .", RunnerPDM, "Lint the code"},
		{"python:pyproject.toml:test", "pdm run test", "pytest -x && coverage report", RunnerPDM, "Run the tests"},
		{"python:pyproject.toml:all", "pdm run all", "lint && test", RunnerPDM, ""},
		{"python:pyproject.toml:serve", "pdm run serve", "tools.server:main", RunnerPDM, ""},
	}
	assert.Equal(t, want, prows(p.Scripts), "got %v, want %v", prows(p.Scripts), want)
	assert.Equal(t, []Problem{{File: "pyproject.toml", Line: 17, Message: `PDM script "broken": cmd should be a string or a list of strings`}}, p.Problems)
}

func TestScanFlaskNeedsAnApp(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"app.py":          "print('not flask')\n",
		"svc/.flaskenv":   "export FLASK_APP=svc.main\n",
		"plain/wsgi.py":   "from flask import Flask\napplication = Flask(__name__)\n",
		"gunicorn/app.py": "app = Flask(__name__)  # no import, no dependency\n",
	})
	p := scan(t, dir)
	assert.Equal(t, []string{"plain python:flask run", "svc python:flask run"}, dirsOf(p.Scripts))
	assert.Equal(t, "flask run", p.Scripts[0].Run)
}

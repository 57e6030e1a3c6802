package environ

import (
	"bytes"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

// lower is the layers below in the fuzz tests: plain values, so that
// godotenv itself, given them as the file's first lines, is the reference.
var lower = map[string]string{"HOST": "h0st", "PORT": "8080", "EMPTY": "", "PATH": "/usr/bin"}

const lowerLines = "HOST=h0st\nPORT=8080\nEMPTY=\nPATH=/usr/bin\n"

func lookupLower(name string) (string, bool) {
	v, ok := lower[name]
	return v, ok
}

// FuzzExpand checks a script's own values expand as godotenv expands a
// double-quoted value that sees the same variables on earlier lines.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"", "$HOST", "${HOST}:${PORT}", "$", "${", "${}", "$HOSTX", "${HOST", "$HOST}",
		"a$EMPTY-b", "${NOPE}", "$1", "x${PATH}y$PORT", "$$HOST", "${HO ST}", "$host"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got := expand(v, lookupLower)
		if strings.ContainsAny(v, "\"\\\r\n(") {
			return // godotenv's quoting and escapes, or its "$(" slip: not comparable
		}
		ref, err := godotenv.Unmarshal(lowerLines + `K="` + v + `"`)
		if err != nil {
			t.Skip() // not a value godotenv can hold in double quotes
		}
		if got != ref["K"] {
			t.Fatalf("expand(%q) = %q, godotenv gives %q", v, got, ref["K"])
		}
	})
}

// FuzzParse checks that parsing a file with lower layers is godotenv
// parsing the same file after lines that set the lower variables, that no
// seed token leaks into a value, and that errors stay short.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A=1\n", "A=${HOST}\n", "URL=http://$HOST:${PORT}/x\nB=$URL\n", "HOST=mine\nA=$HOST\n",
		"A=\"${HOST}\n${PORT}\"\n", "A='${HOST}'\n", "export A=$PATH:/bin # c\n", "A=\"x\\$HOST\"\n",
		"A=\"unclosed\n", "B-C=1\n", "NAME\n", "A: $HOST\r\nB=2\r\n", "A=${HOST", "#c\n\n  A = b  \n",
		"PATH=${PATH}:/p\nX=${PATH}\n", "A=$(HOST)\n", "A=\"\\\"\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parse(data, lookupLower)
		if err != nil {
			if len(err.Error()) > maxMessageLen+50 {
				t.Fatalf("error too long (%d bytes): %.80q…", len(err.Error()), err)
			}
			return
		}
		if bytes.Contains(data, []byte("HUMSEED")) {
			return
		}
		ref, err := godotenv.UnmarshalBytes(append([]byte(lowerLines), data...))
		if err != nil {
			t.Fatalf("parse accepted what godotenv refuses after the lower lines: %v", err)
		}
		own, _ := godotenv.UnmarshalBytes(data)
		if len(own) != len(got) {
			t.Fatalf("got %d variables, the file sets %d", len(got), len(own))
		}
		for name, v := range got {
			if strings.Contains(v, "HUMSEED") {
				t.Fatalf("%s = %q: a seed token leaked", name, v)
			}
			if _, ok := own[name]; !ok {
				t.Fatalf("%s is not set by the file", name)
			}
			if ref[name] != v {
				t.Fatalf("%s = %q, godotenv after the lower lines gives %q", name, v, ref[name])
			}
		}
	})
}

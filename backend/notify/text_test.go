package notify

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostile are words a process controls (its name, what it prints) that try
// to break out of where the senders put them.
var hostile = []string{
	`api]]><text>injected</text><![CDATA[`,
	`" launch="evil:" x="`,
	`</text></binding></visual><actions><action content="Run" arguments="calc.exe" activationType="protocol"/></actions><visual><binding template="ToastGeneric"><text>`,
	`&amp; &#x41; &lt;`,
	"\"; do shell script \"touch /tmp/pwned\"; \"",
	`" & (do shell script "id") & "`,
	"-e\ndo shell script \"id\"",
	"bell\a nul\x00 esc\x1b[31m del\x7f \u202eevil\u202c",
	"\xff\xfe invalid utf-8",
	"$(touch /tmp/pwned) `id` @\"\n\"@",
}

// toastDoc is what Windows reads of a toast: every element, in document
// order, the texts and the launch argument.
type toastDoc struct {
	Elements []string
	Texts    []string
	Launch   string
}

func readToast(s string) (toastDoc, error) {
	var doc toastDoc
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return doc, nil
		}
		if err != nil {
			return doc, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			doc.Elements = append(doc.Elements, tok.Name.Local)
			for _, a := range tok.Attr {
				if tok.Name.Local == "toast" && a.Name.Local == "launch" {
					doc.Launch = a.Value
				}
			}
			if inText = tok.Name.Local == "text"; inText {
				doc.Texts = append(doc.Texts, "")
			}
		case xml.CharData:
			if inText {
				doc.Texts[len(doc.Texts)-1] += string(tok)
			}
		case xml.EndElement:
			inText = false
		default:
			return doc, fmt.Errorf("unexpected %T", tok) // no comment, directive or processing instruction
		}
	}
}

func decodeToast(t *testing.T, s string) toastDoc {
	t.Helper()
	doc, err := readToast(s)
	require.NoError(t, err, "the toast is not well-formed XML: %s", s)
	return doc
}

func TestToastXMLKeepsHostileWordsAsWords(t *testing.T) {
	for _, h := range hostile {
		n := Note{Kind: KindCrashed, Summary: h + " crashed", Body: h, ProcIDs: []string{h}, ErrorID: 7}
		doc := decodeToast(t, toastXML(n))
		assert.Equal(t, []string{plainWords(n.Summary), plainWords(n.Body)}, doc.Texts, "input %q", h)
		assert.Equal(t, []string{"toast", "visual", "binding", "text", "text", "audio"}, doc.Elements, "input %q: no element but Hum's", h)
		got, ok := parseLaunch(doc.Launch)
		assert.True(t, ok, "input %q", h)
		assert.Equal(t, Target{ProcID: h, ErrorID: 7}, got, "a click names the process whatever its ID holds")
	}
}

func TestToastXML(t *testing.T) {
	got := toastXML(Note{Kind: KindReady, Summary: "api is ready", ProcIDs: []string{"p1"}})
	assert.Equal(t, `<toast activationType="foreground" launch="hum-select:proc=p1" duration="short">`+
		`<visual><binding template="ToastGeneric"><text>api is ready</text></binding></visual><audio silent="true"/></toast>`, got)
}

func TestPlainWords(t *testing.T) {
	assert.Equal(t, "a b\nc   d", plainWords("a\tb\nc\x1b\u202e\x00d"))
	long := plainWords(strings.Repeat("é", 2*maxWords))
	assert.LessOrEqual(t, len(long), maxWords)
	assert.True(t, utf8.ValidString(long))
	assert.Equal(t, "\uFFFD ok", plainWords("\xff ok"))
}

func TestOsascriptArgsNeverPutWordsInTheScript(t *testing.T) {
	for _, h := range hostile {
		args := osascriptArgs(Note{Summary: h, Body: h})
		var script []string
		for i := 0; i+1 < len(args) && args[i] == "-e"; i += 2 {
			script = append(script, args[i+1])
		}
		assert.Equal(t, osascriptScript, script, "input %q: the script is always the same", h)
		assert.Equal(t, []string{"hum", plainWords(h), plainWords(h)}, args[2*len(script):],
			"input %q: the words are the run handler's arguments, after a fixed first one", h)
	}
}

func TestParseLaunch(t *testing.T) {
	for _, s := range []string{"", "https://example.com", "hum-select:", "hum-select:error=3", "hum-select:proc=p1&error=x", "hum-select:proc=%zz"} {
		_, ok := parseLaunch(s)
		assert.False(t, ok, "parseLaunch(%q)", s)
	}
	got, ok := parseLaunch("hum-select:proc=p1")
	assert.True(t, ok)
	assert.Equal(t, Target{ProcID: "p1"}, got)
}

func FuzzToastXML(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, h, h, uint64(7))
	}
	f.Add("api crashed", "exit code 1", "p1", uint64(0))
	f.Fuzz(func(t *testing.T, summary, body, proc string, errID uint64) {
		if proc == "" {
			proc = "p"
		}
		n := Note{Kind: KindCrashed, Summary: summary, Body: body, ProcIDs: []string{proc}, ErrorID: errID}
		s := toastXML(n)
		doc, err := readToast(s)
		if err != nil {
			t.Fatalf("toastXML(%+v) = %q: %v", n, s, err)
		}
		want := []string{plainWords(summary)}
		elements := []string{"toast", "visual", "binding", "text"}
		if body != "" {
			want = append(want, plainWords(body))
			elements = append(elements, "text")
		}
		if strings.Join(doc.Elements, " ") != strings.Join(append(elements, "audio"), " ") {
			t.Fatalf("toastXML(%+v) = %q: elements %q that are not Hum's", n, s, doc.Elements)
		}
		if strings.Join(doc.Texts, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("toastXML(%+v): texts %q, want %q", n, doc.Texts, want)
		}
		if got, ok := parseLaunch(doc.Launch); !ok || got != n.Target() {
			t.Fatalf("toastXML(%+v): launch %q reads as %+v, %v", n, doc.Launch, got, ok)
		}
	})
}

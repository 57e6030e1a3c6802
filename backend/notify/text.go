package notify

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What the senders that build their own payload (Windows' toast XML,
// macOS's osascript arguments) make of a Note's words, and how a toast's
// click names its target. Pure, so every OS's tests check them on hostile
// input: a process names itself and prints its own messages, and neither
// may change what is shown beyond its words.

// maxWords is the most bytes of a summary or body handed to the OS.
const maxWords = 1000

// plainWords makes s safe to hand over: valid UTF-8, control and format
// characters (which XML 1.0 forbids, and bidi overrides that would
// disguise it) as spaces, at most maxWords bytes. A newline stays: a body
// may have lines.
func plainWords(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if b.Len()+utf8.RuneLen(r) > maxWords {
			break
		}
		switch {
		case r == '\n':
			b.WriteRune(r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\uFFFE' || r == '\uFFFF' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// launchScheme starts a toast's launch argument: what the click callback
// gets back, naming the target.
const launchScheme = "hum-select:"

// launchArgs encodes t as a toast's launch argument.
func launchArgs(t Target) string {
	v := url.Values{"proc": {t.ProcID}}
	if t.ErrorID != 0 {
		v.Set("error", strconv.FormatUint(t.ErrorID, 10))
	}
	return launchScheme + v.Encode()
}

// parseLaunch reads what launchArgs wrote; false for anything else.
func parseLaunch(s string) (Target, bool) {
	rest, ok := strings.CutPrefix(s, launchScheme)
	if !ok {
		return Target{}, false
	}
	v, err := url.ParseQuery(rest)
	if err != nil || v.Get("proc") == "" {
		return Target{}, false
	}
	t := Target{ProcID: v.Get("proc")}
	if e := v.Get("error"); e != "" {
		id, err := strconv.ParseUint(e, 10, 64)
		if err != nil {
			return Target{}, false
		}
		t.ErrorID = id
	}
	return t, true
}

// toastXML is a Windows toast for n: its summary and body as the two text
// lines, a click launching Hum's callback with n's target. Every string is
// XML-escaped (never the CDATA sections go-toast's own template uses, which
// a "]]>" in a message would end).
func toastXML(n Note) string {
	var b strings.Builder
	b.WriteString(`<toast activationType="foreground" launch="`)
	escapeXML(&b, launchArgs(n.Target()))
	b.WriteString(`" duration="short"><visual><binding template="ToastGeneric"><text>`)
	escapeXML(&b, plainWords(n.Summary))
	b.WriteString(`</text>`)
	if n.Body != "" {
		b.WriteString(`<text>`)
		escapeXML(&b, plainWords(n.Body))
		b.WriteString(`</text>`)
	}
	b.WriteString(`</binding></visual>`)
	if n.Kind == KindCrashed || n.Kind == KindCrashLoop {
		b.WriteString(`<audio src="ms-winsoundevent:Notification.Default"/>`)
	} else {
		b.WriteString(`<audio silent="true"/>`)
	}
	b.WriteString(`</toast>`)
	return b.String()
}

// escapeXML writes s escaped for XML text and attribute values alike.
func escapeXML(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\n':
			b.WriteString("&#xA;")
		default:
			b.WriteRune(r)
		}
	}
}

// osascriptScript shows a notification whose title and text are the run
// handler's arguments: the words never become part of the script, so no
// quoting can go wrong. argv's first item is a fixed word, so that no
// title can be taken for one of osascript's options.
var osascriptScript = []string{
	"on run argv",
	"display notification (item 3 of argv) with title (item 2 of argv)",
	"end run",
}

// osascriptArgs are the arguments of `osascript` that show n.
func osascriptArgs(n Note) []string {
	args := make([]string, 0, 2*len(osascriptScript)+3)
	for _, line := range osascriptScript {
		args = append(args, "-e", line)
	}
	return append(args, "hum", plainWords(n.Summary), plainWords(n.Body))
}

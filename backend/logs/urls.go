package logs

import (
	"strings"
)

const (
	// maxURLsPerLine and maxURLLen bound DetectURLs' output whatever the input.
	maxURLsPerLine = 16
	maxURLLen      = 2048
	// maxLinksPerProc bounds the links remembered (and reported) per
	// process, so a process that prints many distinct links cannot grow its
	// State; maxServerURLsPerProc bounds its server URLs on their own, so
	// links never crowd out the address it serves (see ClassifyURLs).
	maxLinksPerProc      = 32
	maxServerURLsPerProc = 16
)

// DetectURLs returns the http(s) URLs in a line of plain text (ANSI codes
// already stripped), normalised and de-duplicated in order of appearance.
// The host may be localhost, an IPv4 address, a bracketed IPv6 address or a
// host name. Normalisation lower-cases scheme and host, turns the wildcard
// listen addresses 0.0.0.0 and [::] into localhost (what a browser can open),
// drops a lone root path "/" and trailing punctuation that belongs to the
// sentence rather than the URL.
func DetectURLs(plain string) []string {
	var out []string
	for i := 0; i < len(plain) && len(out) < maxURLsPerLine; {
		k := strings.Index(plain[i:], "://")
		if k < 0 {
			break
		}
		k += i
		i = k + 3
		u, _, end, ok := parseURLAt(plain, k)
		if !ok {
			continue
		}
		i = end
		if !containsString(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// normaliseLink validates and normalises an OSC-8 hyperlink target the same
// way DetectURLs treats printed URLs; ok is false for anything that is not a
// whole http(s) URL.
func normaliseLink(link string) (string, bool) {
	k := strings.Index(link, "://")
	if k != 4 && k != 5 {
		return "", false
	}
	u, _, _, ok := parseURLAt(link, k)
	return u, ok
}

// parseURLAt parses the URL whose "://" is at s[k:]. It returns the
// normalised URL, its host as printed (lower-cased, before 0.0.0.0 and [::]
// become localhost) and the index just past it in s.
func parseURLAt(s string, k int) (url, rawHost string, end int, ok bool) {
	var scheme string
	switch {
	case k >= 5 && strings.EqualFold(s[k-5:k], "https"):
		scheme = "https"
	case k >= 4 && strings.EqualFold(s[k-4:k], "http"):
		scheme = "http"
	default:
		return "", "", 0, false
	}
	if start := k - len(scheme); start > 0 && isWordByte(s[start-1]) {
		return "", "", 0, false // "xhttp://" is not an http URL
	}
	j := k + 3
	// Host: [IPv6] or a run of name characters.
	var host string
	if j < len(s) && s[j] == '[' {
		e := strings.IndexByte(s[j:], ']')
		if e < 0 || e > 48 {
			return "", "", 0, false
		}
		inner := s[j+1 : j+e]
		if inner == "" || strings.Trim(inner, "0123456789abcdefABCDEF:.") != "" || !strings.Contains(inner, ":") {
			return "", "", 0, false
		}
		host = strings.ToLower(s[j : j+e+1])
		j += e + 1
	} else {
		h := j
		for j < len(s) && (isWordByte(s[j]) || s[j] == '.' || s[j] == '-') && s[j] != '_' {
			j++
		}
		// A trailing dot ends the sentence, not the host.
		for j > h && s[j-1] == '.' {
			j--
		}
		host = strings.ToLower(s[h:j])
		if !validHost(host) {
			return "", "", 0, false
		}
	}
	// Optional port.
	port := ""
	if j < len(s) && s[j] == ':' {
		p := j + 1
		q := p
		for q < len(s) && q-p < 6 && s[q] >= '0' && s[q] <= '9' {
			q++
		}
		if q > p && q-p <= 5 && atoiOK(s[p:q]) <= 65535 && (q == len(s) || !isWordByte(s[q])) {
			port = s[j:q]
			j = q
		}
	}
	// Path, query and fragment: everything up to whitespace or a character
	// that cannot appear unescaped in a URL printed in a log.
	pathStart := j
	if j < len(s) && (s[j] == '/' || s[j] == '?' || s[j] == '#') {
		for j < len(s) && isURLByte(s[j]) && j-pathStart < maxURLLen {
			j++
		}
		j = trimURLEnd(s, pathStart, j)
	}
	rawHost = host
	switch host {
	case "0.0.0.0", "[::]":
		host = "localhost"
	}
	path := s[pathStart:j]
	if path == "/" {
		path = ""
	}
	return scheme + "://" + host + port + path, rawHost, j, true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// isURLByte reports whether c may appear in a printed URL's path. Non-ASCII
// bytes (IRIs) are allowed; quotes, angle brackets, backticks, backslashes
// and whitespace end a URL, as they do in terminals' link detection.
func isURLByte(c byte) bool {
	if c <= 0x20 || c == 0x7f {
		return false
	}
	switch c {
	case '"', '\'', '<', '>', '`', '\\', '{', '}', '|', '^':
		return false
	}
	return true
}

// trimURLEnd drops trailing sentence punctuation and closing brackets that
// have no opening partner inside the URL ("(see http://x/a)").
func trimURLEnd(s string, start, end int) int {
	for end > start {
		c := s[end-1]
		switch c {
		case '.', ',', ';', ':', '!', '?', '*':
			end--
			continue
		case ')', ']':
			open := byte('(')
			if c == ']' {
				open = '['
			}
			seg := s[start:end]
			if strings.Count(seg, string(open)) < strings.Count(seg, string(c)) {
				end--
				continue
			}
		}
		return end
	}
	return end
}

// validHost accepts localhost, dotted IPv4 and DNS-style host names (labels
// of letters, digits and hyphens, not starting or ending with a hyphen).
// Single-label names are allowed: containers and /etc/hosts entries use them.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	allDigits := true
	labels := 0
	for _, label := range strings.Split(h, ".") {
		labels++
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
			if c < '0' || c > '9' {
				allDigits = false
			}
		}
	}
	if allDigits {
		// Numbers only: must be a dotted quad with each part <= 255.
		if labels != 4 {
			return false
		}
		for _, label := range strings.Split(h, ".") {
			if len(label) > 3 || atoiOK(label) > 255 {
				return false
			}
		}
	}
	return true
}

// atoiOK parses a short run of ASCII digits (the caller checked them).
func atoiOK(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

package environ

import "regexp"

// expandRef is godotenv v1.5.1's reference syntax (its expandVarRegex), so
// a script's own variables expand exactly as values in its env files do:
// an optional backslash, '$', an optional '(' or '{', an upper-case name,
// an optional '}'.
var expandRef = regexp.MustCompile(`(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?`)

// expand replaces the references in v with their values from lookup, as
// godotenv does inside a file: \$ is a literal $, an unset name expands to
// nothing, a lone $ stays. Unlike godotenv, "$(NAME" stays literal: a
// command substitution is not a reference (godotenv tests the wrong group
// and replaces "$(NAME" with NAME's value).
func expand(v string, lookup func(string) (string, bool)) string {
	return expandRef.ReplaceAllStringFunc(v, func(s string) string {
		m := expandRef.FindStringSubmatch(s)
		switch {
		case m[1] == `\`:
			return s[1:]
		case m[3] == "(":
			return s
		case m[4] != "":
			val, _ := lookup(m[4])
			return val
		}
		return s
	})
}

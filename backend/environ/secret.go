package environ

import "regexp"

// secretName matches the names the Env tab masks until the user asks to
// see one (frontend/src/lib/secret.ts holds the same pattern): names that
// look like they hold a credential.
var secretName = regexp.MustCompile(`(?i)TOKEN|SECRET|PASSWORD|KEY`)

// Mask is what a masked value shows: always the same, so its length is not
// told either.
const Mask = "••••••••"

// LooksSecret reports whether a variable's name looks like it holds a
// credential (GITHUB_TOKEN, client_secret, DB_PASSWORD, API_KEY), so its
// value is masked wherever Hum shows it to someone other than the user.
func LooksSecret(name string) bool { return secretName.MatchString(name) }

// Which variables the Env tab masks until the user asks to see one: names
// that look like they hold a credential.
const SECRET = /TOKEN|SECRET|PASSWORD|KEY/i

/** True for names like GITHUB_TOKEN, client_secret, DB_PASSWORD, API_KEY. */
export function looksSecret(name: string): boolean {
  return SECRET.test(name)
}

/** What a masked value shows: always the same, so its length is not told either. */
export const MASK = '••••••••'

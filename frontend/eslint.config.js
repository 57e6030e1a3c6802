// ESLint for the frontend: the recommended JavaScript, TypeScript and Svelte
// rules. `npm run lint` runs it; `make check` runs that.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import ts from 'typescript-eslint'

export default defineConfig(
  // Build output and the generated Wails bindings are not ours to lint.
  { ignores: ['dist/', 'wailsjs/', 'node_modules/'] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser } } },
  {
    rules: {
      // The stores keep private bookkeeping (seen IDs, first-seen order,
      // listeners) in plain Sets and Maps on purpose: nothing renders from
      // them, and what does is $state or a SvelteMap. The rule cannot tell
      // the two apart, and making them reactive would only cost time.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
)

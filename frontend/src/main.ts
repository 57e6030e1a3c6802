// First, so that every module after it sees a locale Intl accepts.
import './lib/locale'
import { mount } from 'svelte'
import App from './App.svelte'
import { ui } from './stores/ui.svelte'
import { guardLinks } from './lib/links'
import { openURL } from './lib/actions'
import './app.css'

// A bug must not fail silently: say what broke.
window.addEventListener('error', (e) => ui.notify('error', `Something went wrong: ${e.message}`))
window.addEventListener('unhandledrejection', (e) => {
  const r = e.reason as { message?: string } | undefined
  ui.notify('error', `Something went wrong: ${r?.message ?? String(e.reason)}`)
})

// Before anything renders: nothing may navigate Hum's window away.
guardLinks(window, (url) => void openURL(url))

const app = mount(App, { target: document.getElementById('app')! })

export default app

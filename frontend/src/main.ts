// First, so that every module after it sees a locale Intl accepts.
import './lib/locale'
import { mount } from 'svelte'
import App from './App.svelte'
import { ui } from './stores/ui.svelte'
import './app.css'

// A bug must not fail silently: say what broke.
window.addEventListener('error', (e) => ui.notify('error', `Something went wrong: ${e.message}`))
window.addEventListener('unhandledrejection', (e) => {
  const r = e.reason as { message?: string } | undefined
  ui.notify('error', `Something went wrong: ${r?.message ?? String(e.reason)}`)
})

const app = mount(App, { target: document.getElementById('app')! })

export default app

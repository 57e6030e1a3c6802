// The tray as a desktop panel drives it: com.canonical.dbusmenu over the
// session bus with dbus-send, GetLayout to read the menu and Event to click an
// item. Shared by the tray tests and the idle benchmark.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { waitFor } from './harness.mjs'

export function dbusSend(dest, path, method, ...args) {
  return execFileSync('dbus-send', ['--session', '--print-reply', `--dest=${dest}`, path, method, ...args],
    { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * Parses dbus-send --print-reply output into JS values: structs and arrays
 * become arrays, a dict entry becomes [key, value], variants are unwrapped.
 */
export function parseReply(text) {
  const tokens = []
  for (let line of text.split('\n').slice(1)) {
    line = line.trim()
    while (line.startsWith('variant')) { // "variant   string "x"" holds its value on the same line
      line = line.slice('variant'.length).trim()
    }
    if (line === '') continue
    let m
    if (line === 'struct {' || line === 'array [' || line === 'dict entry(') tokens.push({ open: line })
    else if (line === '}' || line === ']' || line === ')') tokens.push({ close: line })
    else if ((m = /^string "(.*)"$/s.exec(line))) tokens.push({ value: m[1] })
    else if ((m = /^boolean (true|false)$/.exec(line))) tokens.push({ value: m[1] === 'true' })
    else if ((m = /^(?:u?int\d+|double|byte) (\S+)$/.exec(line))) tokens.push({ value: Number(m[1]) })
    else if ((m = /^object path "(.*)"$/.exec(line))) tokens.push({ value: m[1] })
    else throw new Error(`dbus-send output: cannot parse ${JSON.stringify(line)}`)
  }
  let i = 0
  const value = () => {
    const t = tokens[i++]
    if ('value' in t) return t.value
    if (!t.open) throw new Error(`dbus-send output: unexpected ${t.close}`)
    const out = []
    while (!tokens[i].close) out.push(value())
    i++
    return out
  }
  const values = []
  while (i < tokens.length) values.push(value())
  return values
}

/** A dbusmenu layout [id, [[key, value]…], [child…]] as {id, label, visible, enabled, children}. */
function toItem([id, props, children]) {
  const p = Object.fromEntries(props)
  return {
    id,
    label: p.label ?? '',
    visible: p.visible ?? true,
    enabled: p.enabled ?? true,
    type: p.type ?? '',
    children: children.map(toItem),
  }
}

export function trayName(app) {
  return `org.kde.StatusNotifierItem-${app.child.pid}-1`
}

/** The menu as a panel reads it: the root's children. */
export function readMenu(app) {
  const [, layout] = parseReply(dbusSend(trayName(app), '/StatusNotifierItem/menu',
    'com.canonical.dbusmenu.GetLayout', 'int32:0', 'int32:-1', 'array:string:'))
  return toItem(layout).children
}

/** What a user sees: visible items, "label" or "label (disabled)", submenus nested. */
export function shown(items) {
  return items.filter((it) => it.visible && it.type !== 'separator').map((it) => {
    const label = it.enabled ? it.label : `${it.label} (disabled)`
    return it.children.length ? { [label]: shown(it.children) } : label
  })
}

export function find(items, label) {
  for (const it of items) {
    if (!it.visible) continue
    if (it.label === label) return it
    const c = find(it.children, label)
    if (c) return c
  }
  return undefined
}

/** Waits until the menu has a visible item with that label, and returns the menu. */
export async function menuWith(app, label, what = `the menu item ${JSON.stringify(label)}`) {
  // systray answers the first GetLayout one level deep (a workaround for
  // libdbusmenu); asking again returns the whole tree.
  return waitFor(what, () => {
    const menu = readMenu(app)
    return find(menu, label) ? menu : false
  }, { timeout: 30_000, interval: 200 })
}

export function clickItem(app, menu, label) {
  const it = find(menu, label)
  assert.ok(it, `no visible menu item ${JSON.stringify(label)} in ${JSON.stringify(shown(menu))}`)
  assert.ok(it.enabled, `menu item ${JSON.stringify(label)} is disabled`)
  dbusSend(trayName(app), '/StatusNotifierItem/menu', 'com.canonical.dbusmenu.Event',
    `int32:${it.id}`, 'string:clicked', 'variant:int32:0', 'uint32:0')
}

export function tooltip(app) {
  const [tip] = parseReply(dbusSend(trayName(app), '/StatusNotifierItem', 'org.freedesktop.DBus.Properties.Get',
    'string:org.kde.StatusNotifierItem', 'string:ToolTip'))
  return tip[2] // (icon name, icon pixmaps, title, description)
}

export function nameHasOwner(name) {
  const [has] = parseReply(dbusSend('org.freedesktop.DBus', '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner', `string:${name}`))
  return has
}


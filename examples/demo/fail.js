// Fails the way real code does: an exception thrown a few calls deep, so the
// stack trace points at lines of this file.
function parse(text) {
  return JSON.parse(text)
}

function loadConfig(path) {
  console.log(`loading ${path}`)
  try {
    return parse('{ "port": 80, ')
  } catch (err) {
    throw new Error(`could not load ${path}: ${err.message}`)
  }
}

console.log('starting the failing script')
loadConfig('config.json')

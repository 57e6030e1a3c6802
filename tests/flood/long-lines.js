// Prints long lines at a steady rate: node long-lines.js [bytes=1048576]
// [perSecond=20] [seconds=10]. Each line is "line N " and then 'x' up to
// bytes. Hum's flood tests run it to check that the log feed stays bounded.
const bytes = Number(process.argv[2] ?? 1 << 20)
const perSecond = Number(process.argv[3] ?? 20)
const seconds = Number(process.argv[4] ?? 10)
const start = Date.now()
let n = 0
function tick() {
  const elapsed = Date.now() - start
  if (elapsed >= seconds * 1000) {
    console.log(`long-lines.js printed ${n} lines`)
    return
  }
  if (n >= Math.floor((elapsed * perSecond) / 1000)) {
    setTimeout(tick, 5)
    return
  }
  const head = `line ${n} `
  n++
  process.stdout.write(head + 'x'.repeat(Math.max(0, bytes - head.length)) + '\n', tick)
}
tick()

// Prints Node-style errors (a header and one stack frame each) at a steady
// rate: node errors.js [perSecond=10000] [seconds=10]. Hum's flood tests
// run it to check that the error feed stays bounded.
const perSecond = Number(process.argv[2] ?? 10000)
const seconds = Number(process.argv[3] ?? 10)
const start = Date.now()
let n = 0
function tick() {
  const elapsed = Date.now() - start
  if (elapsed >= seconds * 1000) {
    console.log(`errors.js printed ${n} errors`)
    return
  }
  let out = ''
  for (const target = Math.floor((elapsed * perSecond) / 1000); n < target; n++) {
    out += `TypeError: flood ${n}\n    at tick (/app/flood.js:12:${(n % 80) + 1})\n`
  }
  // Wait for the pipe to take it, so the rate is what the reader sees.
  if (out) process.stdout.write(out, () => setTimeout(tick, 5))
  else setTimeout(tick, 5)
}
tick()

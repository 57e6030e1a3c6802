// A build that succeeds: a few steps, then exit 0.
const steps = ['cleaning dist/', 'compiling 12 modules', 'bundling', 'writing dist/app.js (42 kB)']
let i = 0
const timer = setInterval(() => {
  if (i < steps.length) {
    console.log(`\x1b[34m[build]\x1b[0m ${steps[i++]}`)
    return
  }
  clearInterval(timer)
  console.log('\x1b[32m✓ built in 0.4s\x1b[0m')
}, 100)

// Prints coloured log lines forever, like a busy service.
const levels = [
  ['\x1b[36mINFO \x1b[0m', 'request handled'],
  ['\x1b[32mOK   \x1b[0m', 'cache warmed'],
  ['\x1b[33mWARN \x1b[0m', 'slow query (312 ms)'],
  ['\x1b[35mDEBUG\x1b[0m', 'tick'],
  ['\x1b[31mERROR\x1b[0m', 'upstream timed out, retrying'],
]
let n = 0
const timer = setInterval(() => {
  const [level, text] = levels[n % levels.length]
  console.log(`${level} #${++n} ${text}`)
}, Number(process.env.CHATTY_INTERVAL_MS || 250))

process.on('SIGTERM', () => {
  clearInterval(timer)
  console.log('chatty: bye')
  process.exit(0)
})

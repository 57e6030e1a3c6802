// A tiny HTTP server that prints its URL the way dev servers do.
// PORT picks the port; without it the system chooses a free one.
const http = require('node:http')

const server = http.createServer((req, res) => {
  console.log(`\x1b[2m${new Date().toISOString()}\x1b[0m ${req.method} ${req.url}`)
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('hello from the Hum demo\n')
})

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const { port } = server.address()
  console.log('\x1b[32m\x1b[1mdemo server\x1b[0m ready')
  console.log(`  \x1b[32m➜\x1b[0m  Local:   \x1b[36mhttp://localhost:${port}/\x1b[0m`)
})

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    console.log(`received ${sig}, closing`)
    server.close(() => process.exit(0))
  })
}

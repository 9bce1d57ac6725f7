#!/usr/bin/env node
// Runs the built CLI (out/main/cli.js) when it exists, else the TypeScript source through tsx.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const built = join(__dirname, '..', 'out', 'main', 'cli.js')
if (existsSync(built)) {
  require(built)
    .main(process.argv.slice(2))
    .then((code) => process.exit(code))
} else {
  require('tsx/cjs')
  require(join(__dirname, '..', 'src', 'main', 'cli.ts'))
    .main(process.argv.slice(2))
    .then((code) => process.exit(code))
}

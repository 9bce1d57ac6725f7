// The one test command (npm test): build the app, run every Vitest project, and print the closing line CI reads.
// Usage: npm test [-- vitest args], e.g. npm test -- --project node test/shared
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const report = resolve(root, 'test-results/vitest.json')
const args = process.argv.slice(2)
const env = { ...process.env, ELECTRON_MAJOR_VER: process.env.ELECTRON_MAJOR_VER ?? '40' }

const bin = (name) => resolve(root, 'node_modules/.bin', name)
if (!process.env.SKIP_BUILD) {
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', env })
  if (build.status !== 0) {
    console.log('0 passed, 1 failed')
    process.exit(build.status ?? 1)
  }
}

mkdirSync(resolve(root, 'test-results'), { recursive: true })
rmSync(report, { force: true })
const run = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  { cwd: root, stdio: 'inherit', env }
)

let passed = 0
let failed = 0
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed = json.numPassedTests
  failed = json.numFailedTests
  // A file that fails to load reports no tests; count it as a failure so it cannot pass silently.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1
  }
} else {
  failed = 1
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(run.status === 0 && failed === 0 ? 0 : 1)

// npm run setup: install the dependencies so that it works with or without access to github.com, then try to fetch the
// Electron binary for the desktop window. Without it the app still runs (npm start falls back to serve mode).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CHROMIUM_HINT, findChromium } from './chromium.mjs'

const root = resolve(import.meta.dirname, '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

// The Electron package's own install step downloads its binary from GitHub and fails the whole install offline,
// so the dependencies go in without it and the binary is fetched afterwards, where that is possible.
const install = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
})
if (install.status !== 0) {
  console.error('\nInstalling the dependencies failed; the messages above say why.')
  process.exit(install.status ?? 1)
}

const electronDir = join(root, 'node_modules', 'electron')
if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('\nFetching the Electron binary for the desktop window (up to a minute)…')
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    env,
    stdio: 'pipe',
    timeout: 60_000
  })
  if (fetched.status === 0 && existsSync(join(electronDir, 'path.txt'))) {
    console.log('Electron is installed: `npm start` opens the desktop window.')
  } else {
    console.log(
      'Electron could not be downloaded here (no access to github.com). Everything else is installed:\n' +
        '`npm start` runs Bytes to Beats in serve mode and prints the address to open in your browser.'
    )
  }
}
checkTestTools()
console.log('\nSet up. Start with: npm start')

/**
 * The tests drive a Chromium, cross-check with python3's mido and numpy, and run the PyTorch DDP round trip with
 * Debian's torch (with the OpenMP OpenBLAS, else it is 6-9x slower): find them, install them where we may.
 */
function checkTestTools() {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
  const hasPy = (mod) =>
    spawnSync(python, ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0
  const missing = () => [
    ...(findChromium() ? [] : ['chromium']),
    ...['mido', 'numpy', 'torch'].filter((m) => !hasPy(m)).map((m) => `python3-${m}`)
  ]
  if (missing().length === 0) return
  const debianRoot =
    process.platform === 'linux' &&
    process.getuid?.() === 0 &&
    existsSync('/etc/debian_version') &&
    existsSync('/usr/bin/apt-get')
  if (debianRoot) {
    console.log(`\nInstalling what the tests drive: ${missing().join(', ')} (apt-get)…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env })
    const extra = missing().includes('python3-torch') ? ['libopenblas0-openmp'] : []
    spawnSync('apt-get', ['install', '-y', ...missing(), ...extra], { stdio: 'inherit', env })
  }
  if (!findChromium()) {
    console.log(
      "\nFetching Playwright's Chromium for the browser tests (where it can be downloaded)…"
    )
    spawnSync(npm, ['exec', '--', 'playwright', 'install', 'chromium'], {
      cwd: root,
      stdio: 'inherit',
      timeout: 300_000
    })
  }
  const still = missing()
  if (still.length === 0)
    return console.log('The tests have what they drive: Chromium, python3 mido, numpy and torch.')
  console.log(`\nThe tests need ${still.join(', ')}, which could not be installed here:`)
  if (still.includes('chromium')) console.log(`  ${CHROMIUM_HINT}`)
  const py = still.filter((m) => m.startsWith('python3-'))
  if (py.length)
    console.log(
      `  python3 modules: sudo apt-get install ${py.join(' ')} (or: pip install ${py.map((m) => m.slice(8)).join(' ')})`
    )
  console.log(
    '  Without them `npm test` skips those cross-checks (and fails the browser tests without Chromium).'
  )
}

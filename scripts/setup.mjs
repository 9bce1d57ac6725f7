// npm run setup: install the dependencies so that it works with or without access to github.com, then try to fetch the
// Electron binary for the desktop window. Without it the app still runs (npm start falls back to serve mode).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

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
console.log('\nSet up. Start with: npm start')

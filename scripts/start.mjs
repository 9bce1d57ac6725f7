// npm start: build, then open the desktop app where the Electron binary is installed; where it is not (as on machines that
// cannot download it), say so in plain words and start serve mode instead, printing the address to open in a browser.
// Extra arguments go to serve mode (npm start -- --port 8080). Never prints a stack trace.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const env = { ...process.env, ELECTRON_MAJOR_VER: process.env.ELECTRON_MAJOR_VER ?? '40' }
const bin = (name) =>
  join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)

/** The Electron executable when the package downloaded it (node_modules/electron/path.txt names it), else null. */
export function electronBinary(dir = join(root, 'node_modules', 'electron')) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const exe = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron')
    return existsSync(exe) ? exe : null
  }
  const pathTxt = join(dir, 'path.txt')
  if (!existsSync(pathTxt)) return null
  const exe = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

/** The paragraph shown when the desktop window cannot open. */
export const NO_ELECTRON_MESSAGE = `The desktop window needs the Electron binary, which is not installed here
(node_modules/electron has no downloaded app: installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or without
access to github.com, leave it out). Bytes to Beats starts in serve mode instead: the same app in your web
browser, with the same library and training. To get the desktop window, run \`npm install electron\` on a
machine that can reach github.com, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 40.`

function build() {
  console.log('Building the app…')
  const result = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', env })
  if (result.error || result.status !== 0) {
    console.error(
      '\nThe build failed (the messages above say why). Run `npm run build` to try again.'
    )
    process.exit(1)
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env })
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`)
    process.exit(1)
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}

function main() {
  const exe = electronBinary()
  build()
  if (exe) {
    run(exe, [root])
    return
  }
  console.log(`\n${NO_ELECTRON_MESSAGE}\n`)
  run(process.execPath, [join(root, 'bin', 'bytes-to-beats.js'), 'serve', ...process.argv.slice(2)])
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    main()
  } catch (err) {
    console.error(
      `Could not start Bytes to Beats: ${err instanceof Error ? err.message : String(err)}`
    )
    process.exit(1)
  }
}

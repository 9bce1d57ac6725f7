// npm run dev: electron-vite's dev mode (the renderer hot-updated in place, main and preload rebuilt on save) on the
// Electron binary npm start uses (node_modules/electron, or ELECTRON_OVERRIDE_DIST_PATH). Where there is none it says
// so in words before building, instead of electron-vite's "Electron uninstall" after it.
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { electronBinary } from './start.mjs'

const root = resolve(import.meta.dirname, '..')

/** What npm run dev says where no Electron binary is installed. */
export const NO_ELECTRON_DEV = `npm run dev opens the desktop window with hot reload and needs the Electron binary, which
is not installed here (run \`npm install electron\` on a machine that can reach github.com, or set
ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 40). Without it, \`npm start\` runs the app in serve mode.`

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const exe = electronBinary()
  if (!exe) {
    console.error(NO_ELECTRON_DEV)
    process.exit(1)
  }
  const bin = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite'
  )
  const child = spawn(bin, ['dev', '--watch', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    // electron-vite starts the binary named here, with ELECTRON_RENDERER_URL set to its dev server.
    env: {
      ...process.env,
      ELECTRON_EXEC_PATH: exe,
      ELECTRON_MAJOR_VER: process.env.ELECTRON_MAJOR_VER ?? '40'
    }
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 1))
}

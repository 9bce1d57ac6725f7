import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CliCommand } from './command'
import { parseArgs } from './command'
import { resolveDataDir } from '../app/paths'
import { createServices } from '../app/services'
import { QUIT_BUTTON, openOrRestore } from '../app/damagedLibrary'
import { startServer } from '../serve/server'
import { serveDialogs } from '../serve/dialogs'
import { resolve } from 'node:path'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/** The built renderer: beside the built CLI (out/main -> out/renderer) or, from source, in the repository's out/. */
export function findRendererDir(): string | null {
  const candidates = [join(__dirname, '../renderer'), join(__dirname, '../../../out/renderer')]
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null
}

function appVersion(): string {
  for (const file of [
    join(__dirname, '../../package.json'),
    join(__dirname, '../../../package.json')
  ]) {
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  }
  return '0.0.0'
}

/**
 * Ctrl+C and SIGTERM, listened to from the start: a signal that came before the listener existed (just after the URL
 * was printed, or while the library opened) killed serve without closing it.
 */
function signals(): { signalled: Promise<void>; release(): void } {
  let done!: () => void
  const signalled = new Promise<void>((resolve) => (done = resolve))
  const on = () => done()
  process.on('SIGINT', on)
  process.on('SIGTERM', on)
  return {
    signalled,
    release() {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
    }
  }
}

/** `bytes-to-beats serve`: the app in a browser, with the API on a WebSocket, behind a random token. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the app to a browser (the built UI and the API on 127.0.0.1, with a token)',
  usage: `usage: bytes-to-beats serve [--port N] [--host ADDRESS] [--data DIR]

Serves the built UI over HTTP and the app's API over a WebSocket. It prints a URL with a random token;
every request must carry it. Stop with Ctrl+C.

  --port N        port to listen on (default 5170; 0 picks a free one)
  --host ADDRESS  listen on another address than 127.0.0.1. Only do this on a network you trust:
                  anyone who can reach the port and has the token controls the app.
  --data DIR      data folder (default $BYTES_TO_BEATS_DATA or the per-user app-data folder)
  --music DIR     the folder of MIDI files the browser's Import offers (a browser cannot send the server a path)
  --restore-backup  when library.sqlite is damaged, put its newest backup that opens in its place (the damaged
                  file is kept beside it as library.sqlite.damaged-<time>; nothing is deleted)`,
  async run(args) {
    const { flags } = parseArgs(args)
    const rendererDir = findRendererDir()
    if (!rendererDir) {
      console.error(
        'The UI is not built yet. Run `npm run build` (or `npm start`, which builds it) first.'
      )
      return 1
    }
    const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1'
    const port = typeof flags.port === 'string' ? Number(flags.port) : 5170
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`--port must be a number from 0 to 65535, not ${String(flags.port)}`)
      return 2
    }
    if (!LOOPBACK.has(host)) {
      console.warn(
        `warning: listening on ${host}: anyone on this network who has the link controls the app.`
      )
    }
    const dataDir = resolveDataDir(typeof flags.data === 'string' ? flags.data : undefined)
    const stop = signals()
    const open = () =>
      createServices({
        dataDir,
        mode: 'serve',
        version: appVersion(),
        firstRun: true,
        dialogs: serveDialogs(typeof flags.music === 'string' ? resolve(flags.music) : undefined)
      })
    // A damaged library: the desktop app's question, answered by --restore-backup (there is no one to ask here).
    const services = openOrRestore(dataDir, open, {
      ask: (q) => {
        const restore = q.buttons.findIndex((b) => b !== QUIT_BUTTON)
        if (flags['restore-backup'] === true && restore >= 0) {
          console.error(`${q.message}. ${q.detail}\nRestoring it (--restore-backup).`)
          return restore
        }
        const hint = restore >= 0 ? '\nStart again with --restore-backup to restore it.' : ''
        console.error(`${q.message}. ${q.detail}${hint}`)
        return q.buttons.indexOf(QUIT_BUTTON)
      },
      fail: (title, text) => console.error(`${title}: ${text}`)
    })
    if (!services) {
      stop.release()
      return 1
    }
    const server = await startServer({ host, port, rendererDir, ...services })
    console.log(`Bytes to Beats is serving the app (data folder: ${dataDir}).`)
    console.log(`Open this address in a browser:\n\n  ${server.url}\n\nPress Ctrl+C to stop.`)
    await stop.signalled
    await server.close()
    await services.close()
    stop.release()
    return 0
  }
}

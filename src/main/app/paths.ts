import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** Environment variable that points every mode (app, serve, CLI, tests) at another data folder. */
export const DATA_DIR_ENV = 'BYTES_TO_BEATS_DATA'

/**
 * The app's data folder (library.sqlite, datasets/, runs/, exports/): an explicit folder, else $BYTES_TO_BEATS_DATA,
 * else the platform's per-user app-data folder (the same place Electron's app.getPath('userData') points to).
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit)
  if (env[DATA_DIR_ENV]) return resolve(env[DATA_DIR_ENV] as string)
  const home = homedir()
  if (process.platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'Bytes to Beats')
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Bytes to Beats')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Bytes to Beats')
}

/** Well-known sub-folders of the data folder. */
export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    database: join(dataDir, 'library.sqlite'),
    datasets: join(dataDir, 'datasets'),
    runs: join(dataDir, 'runs'),
    exports: join(dataDir, 'exports'),
    temp: join(dataDir, 'tmp')
  }
}

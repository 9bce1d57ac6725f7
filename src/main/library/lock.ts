// One lock on a data folder for the app, serve mode and the CLI: library.lock holds who has it (pid, host, mode,
// start time). A second process refuses with those facts; a lock whose process is gone (same host) is taken over,
// and so is one from another computer (a shared folder) that has not shown a heartbeat for AWAY_MS.
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync
} from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'

/** The lock file's name in the data folder. */
export const LOCK_FILE = 'library.lock'

/** Who holds a data folder. */
export interface LockHolder {
  pid: number
  host: string
  /** 'desktop', 'serve' or 'cli <command>'. */
  mode: string
  /** ISO time the holder took the lock. */
  startedAt: string
}

/** Thrown when another live process holds the data folder. */
export class DataFolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder
  ) {
    super(
      `The data folder ${dataDir} is in use by another Bytes to Beats (${holder.mode}, process ` +
        `${holder.pid} on ${holder.host}, since ${holder.startedAt}). Close that one first, or give ` +
        `this one another folder (--data DIR or BYTES_TO_BEATS_DATA).` +
        (holder.host === hostname()
          ? ''
          : ` If ${holder.host} is off or cut off, its lock expires ${AWAY_MS / 60_000} minutes after its last heartbeat.`)
    )
    this.name = 'DataFolderInUse'
  }
}

/** A lock file nobody finished writing is taken as stale after this long (a crash between create and write). */
const TORN_MS = 10_000

/** The holder touches its lock file this often, so another computer can tell it is still there. */
export const HEARTBEAT_MS = 30_000
/** Another computer's lock untouched this long is stale: its holder crashed or lost the shared folder. */
export const AWAY_MS = 10 * 60_000

/** Locks this process holds, by folder: nested opens in one process share the lock. */
const held = new Map<string, { count: number; holder: LockHolder; heartbeat: NodeJS.Timeout }>()

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as LockHolder
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null
  } catch {
    return null
  }
}

/** Milliseconds since the lock file was last written or touched (Infinity when it is gone). */
function untouchedFor(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs
  } catch {
    return Infinity
  }
}

/**
 * Whether the lock file's holder is gone: same host and no such process; another host and no heartbeat for
 * AWAY_MS; or a torn file old enough.
 */
function isStale(file: string, holder: LockHolder | null): boolean {
  if (!holder) return untouchedFor(file) > TORN_MS
  if (holder.host !== hostname()) return untouchedFor(file) > AWAY_MS
  return holder.pid !== process.pid && !alive(holder.pid)
}

function tryCreate(file: string, holder: LockHolder): boolean {
  let fd: number
  try {
    fd = openSync(file, 'wx')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  }
  try {
    writeSync(fd, JSON.stringify(holder))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return true
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/**
 * Remove a stale lock file: move it aside (of two processes taking over, one rename wins), and put it back if
 * what was moved is not the stale holder judged (another process took the lock in between).
 */
function takeOver(file: string, stale: LockHolder): void {
  const aside = `${file}.${process.pid}.stale`
  try {
    renameSync(file, aside)
  } catch {
    return
  }
  const moved = readHolder(aside)
  if (moved && (moved.pid !== stale.pid || moved.startedAt !== stale.startedAt)) {
    try {
      linkSync(aside, file)
    } catch {
      // a third process holds it now; it keeps it
    }
  }
  rmSync(aside, { force: true })
}

/** Who holds a data folder now (null: nobody, or a holder that is gone). */
export function lockHolder(dataDir: string): LockHolder | null {
  const file = join(resolve(dataDir), LOCK_FILE)
  const h = readHolder(file)
  return h && !isStale(file, h) ? h : null
}

/**
 * Take the data folder's lock for this process (nested calls in one process share it); returns the release.
 * Throws DataFolderInUse when another live process holds it.
 */
export function acquireDataLock(dataDir: string, mode: string): () => void {
  const dir = resolve(dataDir)
  const file = join(dir, LOCK_FILE)
  const mine = held.get(dir)
  if (mine) mine.count++
  else {
    mkdirSync(dir, { recursive: true })
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      mode,
      startedAt: new Date().toISOString()
    }
    for (let tries = 0; !tryCreate(file, holder); tries++) {
      const other = readHolder(file)
      if (tries >= 3 || !isStale(file, other)) {
        if (other) throw new DataFolderInUse(dir, other)
        throw new Error(`The data folder ${dir} is locked (${LOCK_FILE} could not be read).`)
      }
      if (other) takeOver(file, other)
      else Atomics.wait(pause, 0, 0, 50)
    }
    // The heartbeat: touch the file while this process holds it (unref'd, it keeps no process alive).
    const heartbeat = setInterval(() => {
      const now = new Date()
      try {
        utimesSync(file, now, now)
      } catch {
        // the folder went away; the next library operation reports it
      }
    }, HEARTBEAT_MS)
    heartbeat.unref()
    held.set(dir, { count: 1, holder, heartbeat })
  }
  let released = false
  return () => {
    if (released) return
    released = true
    const h = held.get(dir)
    if (!h || --h.count > 0) return
    held.delete(dir)
    clearInterval(h.heartbeat)
    const now = readHolder(file)
    if (now && now.pid === process.pid && now.startedAt === h.holder.startedAt)
      rmSync(file, { force: true })
  }
}

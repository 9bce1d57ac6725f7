import { performance } from 'node:perf_hooks'
import type { LibraryStore } from '../../src/main/library/store'
import type { Piece } from '../../src/shared/music/piece'

/** Percentiles of repeated timings, in ms: wall clock, and this process's CPU time (steadier under load). */
export interface Stats {
  p50: number
  p99: number
  max: number
  cpuP50: number
  cpuP99: number
  n: number
}

/**
 * Time `fn` up to `n` times (stopping early once it returns 0 when `untilZero` is set, as chunked deletes do)
 * after 3 warm-up calls (skipped for untilZero, which must not lose work to warm-up).
 */
export function stats(n: number, fn: () => unknown, untilZero?: () => boolean): Stats {
  if (!untilZero) for (let i = 0; i < 3; i++) fn()
  const t: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const r = fn()
    t.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
    if (untilZero && r === 0) break
  }
  const at = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]
  return {
    p50: at(t, 0.5),
    p99: at(t, 0.99),
    max: Math.max(...t),
    cpuP50: at(cpu, 0.5),
    cpuP99: at(cpu, 0.99),
    n: t.length
  }
}

const WORDS = ['Study', 'Nocturne', 'Groove', 'Ballad', 'Anthem', 'Riff', 'Etude', 'Drift']
const TAGS = ['rock', 'calm', 'drums', 'keep', 'draft']

/** A piece of `notes` notes over 17 tracks, about the size of a generated 4-bar segment. */
function benchPiece(title: string, notes: number): Piece {
  return {
    title,
    ppq: 480,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [],
    tracks: Array.from({ length: 17 }, (_, f) => ({
      name: `t${f}`,
      family: f,
      program: 0,
      isDrum: f === 0,
      notes: Array.from({ length: Math.ceil(notes / 17) }, (_, i) => ({
        pitch: 36 + ((i * 7 + f) % 60),
        start: i * 120,
        duration: 120,
        velocity: 100
      }))
    }))
  }
}

/** Store `count` pieces with tags, favourites and origins in one transaction. */
export function seedPieces(store: LibraryStore, count: number, runId: number): void {
  store.db
    .transaction(() => {
      for (let i = 0; i < count; i++) {
        const title = `${WORDS[i % WORDS.length]} ${i}`
        const id = store.savePiece(
          title,
          benchPiece(title, 200),
          { origin: 'generated', runId, seed: i, threshold: 0.9 },
          TAGS.filter((_, k) => (i + k) % 3 === 0)
        )
        if (i % 5 === 0) store.db.prepare('UPDATE pieces SET favourite = 1 WHERE id = ?').run(id)
      }
    })
    .immediate()
}

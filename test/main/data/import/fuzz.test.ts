// M1: 20,000 seeded mutations of real and crafted MIDI files through the worker pool with its watchdog:
// 0 timeouts, 0 crashes, every failure a typed ImportError, every accepted note finite and non-negative (M2).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ImportPool } from '../../../../src/main/data/import/pool'
import { unpackPiece, type ParseReply } from '../../../../src/main/data/import/protocol'
import { fixtureMidiFiles } from '../../../helpers/fixtures'
import { note, smf } from '../midi/smfBuilder'

const COUNT = Number(process.env.FUZZ_COUNT ?? 20_000)
const KNOWN = new Set([
  'empty',
  'not-midi',
  'too-large',
  'too-many-events',
  'bad-header',
  'bad-division',
  'bad-chunk',
  'bad-chunk-length',
  'missing-tracks',
  'bad-vlq',
  'bad-status',
  'bad-running-status',
  'bad-event',
  'bad-tempo'
])

function seeds(): Uint8Array[] {
  const names = ['d_dm2ttl.mid', 'd_intro.mid', 'd_fdmttl.mid', 'dummy.mid', '331.mid']
  const real = fixtureMidiFiles()
    .filter((f) => names.some((n) => f.endsWith(`/${n}`)))
    .map((f) => new Uint8Array(readFileSync(f)))
  const crafted = [
    smf(2, 96, [note(0, 60, 96), [0, 0xc0, 33, ...note(0, 40, 48)]]),
    smf(0, 0xe728, [[0, 0x90, 60, 100, 10, 62, 90, 10, 60, 0, 5, 62, 0]]),
    smf(1, 480, [[0, 0xff, 0x51, 3, 7, 0xa1, 0x20, 0, 0xff, 0x58, 4, 6, 3, 24, 8], note(9, 36, 10)])
  ]
  return [...real, ...crafted]
}

/** A seeded mutator: byte set, bit flip, truncate, insert a status-like byte, overwrite the first MTrk length or the division. */
function mutator(seed: number): (input: Uint8Array) => Uint8Array {
  let s = seed >>> 0
  const rand = (n: number) => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) % n
  }
  return (input) => {
    let b = Uint8Array.from(input)
    for (let k = 1 + rand(3); k > 0; k--) {
      const at = rand(Math.max(1, b.length))
      const op = rand(6)
      if (op === 0) b[at] = rand(256)
      else if (op === 1) b[at] ^= 1 << rand(8)
      else if (op === 2) b = b.slice(0, at)
      else if (op === 3)
        b = Uint8Array.from([...b.subarray(0, at), 0x80 + rand(128), ...b.subarray(at)])
      else if (op === 4 && b.length >= 22)
        new DataView(b.buffer).setUint32(18, rand(2) ? rand(0xffffffff) : rand(b.length * 2))
      else if (op === 5 && b.length >= 14) new DataView(b.buffer).setUint16(12, rand(0x10000))
    }
    return b
  }
}

function checkReply(reply: ParseReply, file: string, codes: Map<string, number>): void {
  if (reply.ok) {
    codes.set('ok', (codes.get('ok') ?? 0) + 1)
    for (const t of unpackPiece(reply.piece!).tracks)
      for (const n of t.notes)
        if (!(
          Number.isFinite(n.start) &&
          n.start >= 0 &&
          n.duration > 0 &&
          Number.isFinite(n.duration)
        ))
          throw new Error(`${file}: accepted a bad note ${JSON.stringify(n)}`)
    return
  }
  codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1)
  expect(reply.error.file).toBe(file)
  expect(reply.error.message.length).toBeGreaterThan(0)
}

describe('mutation fuzzing through the worker pool (M1)', () => {
  it(
    `parses ${COUNT} mutated files with 0 timeouts, 0 crashes and typed errors only`,
    { timeout: 600_000 },
    async () => {
      const inputs = seeds()
      const mutate = mutator(20_240_601)
      const pool = new ImportPool({ lanes: 2, timeoutMs: 2000, heapMb: 256 })
      const codes = new Map<string, number>()
      const t0 = performance.now()
      let next = 0
      const lane = async () => {
        while (next < COUNT) {
          const i = next++
          const file = `fuzz-${i}.mid`
          const bytes = mutate(inputs[i % inputs.length])
          checkReply(await pool.run({ file, bytes, wantPiece: true }), file, codes)
        }
      }
      await Promise.all(Array.from({ length: 16 }, lane))
      await pool.close()
      const summary = [...codes]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')
      console.log(
        `M1: ${COUNT} inputs in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${summary}`
      )
      expect(pool.stats).toMatchObject({ timeouts: 0, crashes: 0 })
      const unknown = [...codes.keys()].filter((c) => c !== 'ok' && !KNOWN.has(c))
      expect(unknown).toEqual([])
      expect(codes.get('ok')).toBeGreaterThan(0)
      expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(COUNT)
    }
  )
})

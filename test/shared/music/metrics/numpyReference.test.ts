import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeMetrics } from '@shared/music/metrics'
import { PAPER_ROLL, pieceToRoll, rollSize } from '@shared/music/pianoroll'
import { readMidi } from '../../../../src/main/data/midi/read'
import { FIXTURE_MIDI } from '../../../helpers/fixtures'

/** Real segments: bars 8..11 and 20..23 of a POP909 song and two Freedoom band pieces. */
function realRolls(): Uint8Array[] {
  const files = ['pop909/001.mid', 'freedoom/d_e1m1.mid', 'freedoom/d_dm01.mid']
  return files.flatMap((f) => {
    const piece = readMidi(f, readFileSync(join(FIXTURE_MIDI, f))).piece
    return [8, 20].map((bar) => pieceToRoll(piece, PAPER_ROLL, bar * 1920).roll)
  })
}

describe('metrics against an independent numpy route', () => {
  it('agrees on real segments for every metric the numpy script defines', () => {
    const rolls = realRolls()
    const dir = mkdtempSync(join(tmpdir(), 'b2b-metrics-'))
    try {
      const bin = join(dir, 'rolls.bin')
      const all = new Uint8Array(rolls.length * rollSize(PAPER_ROLL))
      rolls.forEach((r, i) => all.set(r, i * rollSize(PAPER_ROLL)))
      writeFileSync(bin, all)
      const script = join(__dirname, 'reference.py')
      const out = execFileSync('python3', [script, bin, JSON.stringify(PAPER_ROLL)], {
        encoding: 'utf8'
      })
      const ref = JSON.parse(out) as Array<Record<string, number | null>>
      expect(ref).toHaveLength(rolls.length)
      rolls.forEach((r, i) => {
        const ours = computeMetrics(r, PAPER_ROLL)
        for (const [id, want] of Object.entries(ref[i])) {
          if (want === null) expect(ours[id], `${id} of roll ${i}`).toBeNaN()
          else expect(ours[id], `${id} of roll ${i}`).toBeCloseTo(want, 9)
        }
        expect(ours.polyphony).toBeGreaterThan(1)
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

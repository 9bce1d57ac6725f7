// Second, independent route (M must-show): python3-mido counts note-ons per family; ours must agree on real files.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMidi } from '../../../../src/main/data/midi/read'
import { FAMILIES } from '../../../../src/shared/music/families'
import { fixtureMidiFiles } from '../../../helpers/fixtures'

const PYTHON = '/usr/bin/python3'
const hasMido = spawnSync(PYTHON, ['-c', 'import mido'], { encoding: 'utf8' }).status === 0
if (!hasMido)
  console.warn(
    `skipping the mido cross-check: \`${PYTHON} -c "import mido"\` failed (install python3-mido)`
  )

// Program in force per channel in mido's merged playback order; channel 10 is Drums; family 1 + program // 8.
const SCRIPT = `
import json, sys, mido
out = {}
for path in sys.argv[1:]:
    counts = [0] * 17
    program = [0] * 16
    for msg in mido.merge_tracks(mido.MidiFile(path).tracks):
        if msg.type == 'program_change':
            program[msg.channel] = msg.program
        elif msg.type == 'note_on' and msg.velocity > 0:
            counts[0 if msg.channel == 9 else 1 + program[msg.channel] // 8] += 1
    out[path] = counts
print(json.dumps(out))
`

describe.skipIf(!hasMido)('note counts per family against python3-mido', () => {
  it('agree on a spread of files (drums, program changes, zero-length notes, running status)', () => {
    const all = fixtureMidiFiles()
    const pick = [
      'd_e1m2.mid',
      'd_e3m8.mid',
      'd_dm24.mid',
      'd_bunny.mid',
      'd_inter.mid',
      '001.mid',
      '907.mid'
    ]
    const files = all.filter((f) => pick.includes(basename(f)))
    expect(files).toHaveLength(pick.length)
    const run = spawnSync(PYTHON, ['-c', SCRIPT, ...files], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const mido = JSON.parse(run.stdout) as Record<string, number[]>
    for (const f of files) {
      const { report } = readMidi(f, readFileSync(f))
      // Every note-on mido sees is a note we kept or one we dropped for a stated reason (no pitch range here).
      const ours = FAMILIES.map(() => 0)
      for (const t of report.tracks)
        ours[t.family] += t.notes + t.dropped.zeroLength + t.dropped.unterminated
      expect(ours, basename(f)).toEqual(mido[f])
      expect(report.notesKept).toBeGreaterThan(0)
    }
  })
})

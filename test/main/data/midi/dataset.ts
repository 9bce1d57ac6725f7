// The shared developer MIDI set (../shared/data/midi from the repo root), listed for tests.
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Folder of the 263 real MIDI files. */
export const MIDI_ROOT = resolve(__dirname, '../../../..', '../shared/data/midi')

/** Every .mid file of the set, as absolute paths, sorted. */
export function midiFiles(): string[] {
  const out: string[] = []
  for (const group of ['freedoom', 'pop909'])
    for (const f of readdirSync(join(MIDI_ROOT, group)).sort())
      if (f.endsWith('.mid')) out.push(join(MIDI_ROOT, group, f))
  return out
}

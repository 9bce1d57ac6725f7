// The licensed subset of real MIDI files kept in the repository for tests (see test/fixtures/midi/README.md).
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Absolute path of test/fixtures/midi (groups freedoom/ and pop909/, their licences and manifest.json). */
export const FIXTURE_MIDI = resolve(__dirname, '../fixtures/midi')

/** The fixture groups, one folder each. */
export const FIXTURE_GROUPS = ['freedoom', 'pop909'] as const

/** Every .mid file of the fixtures (of one group, or all), as absolute paths, sorted. */
export function fixtureMidiFiles(group?: (typeof FIXTURE_GROUPS)[number]): string[] {
  const out: string[] = []
  for (const g of group ? [group] : FIXTURE_GROUPS)
    for (const f of readdirSync(join(FIXTURE_MIDI, g)).sort())
      if (f.endsWith('.mid')) out.push(join(FIXTURE_MIDI, g, f))
  return out
}

/** One manifest entry per fixture file: where it came from (repository, path, commit), its sha256 and a MIDI summary. */
export interface FixtureEntry {
  file: string
  sha256: string
  bytes: number
  source_repo: string
  source_path: string
  source_commit: string
  licence: string
  kind: 'midi' | 'licence' | 'attribution'
  midi?: { has_drums_ch10: boolean; format: number; instrument_families: string[] }
}

/** The fixtures' manifest.json entries (copied from the developer set's manifest, one per file kept). */
export function fixtureManifest(): FixtureEntry[] {
  return JSON.parse(readFileSync(join(FIXTURE_MIDI, 'manifest.json'), 'utf8')).files
}

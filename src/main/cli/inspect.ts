// `inspect FILE [--json]`: the per-file import report of one MIDI or .npz file, parsed in a worker with the watchdog.
import { FAMILIES } from '../../shared/music/families'
import { importFiles, type ImportResult } from '../data/import/importFiles'
import type { ImportReport } from '../data/import/report'
import { parseArgs, type CliCommand } from './command'
import { parsePitchRange } from './pitchRange'

/** The JSON `inspect --json` prints for a readable file. */
export function inspectJson(r: ImportResult & { report: ImportReport }): Record<string, unknown> {
  const rep = r.report
  return {
    file: r.file,
    sha256: r.sha256,
    kind: rep.kind,
    format: rep.format,
    ppq: rep.ppq,
    division: rep.division,
    tracks: rep.tracks.map((t) => ({
      name: t.name,
      channel: t.channel,
      program: t.program,
      family: t.familyName,
      familyIndex: t.family,
      isDrum: t.isDrum,
      notes: t.notes,
      dropped: t.dropped
    })),
    notesPerFamily: rep.notesPerFamily,
    notesKept: rep.notesKept,
    notesDropped: rep.notesDropped,
    tempos: rep.tempos,
    timeSignatures: rep.timeSignatures,
    durationTicks: rep.durationTicks,
    warnings: rep.warnings
  }
}

function printText(r: ImportResult & { report: ImportReport }): void {
  const rep = r.report
  const kind = rep.kind === 'midi' ? `SMF format ${rep.format}` : 'LPD .npz'
  console.log(`${r.file}\n  ${kind}, ${rep.division} ${rep.ppq}, sha256 ${r.sha256}`)
  console.log(`  notes kept ${rep.notesKept}; dropped ${JSON.stringify(rep.notesDropped)}`)
  console.log('  tracks:')
  for (const t of rep.tracks)
    console.log(
      `    ${t.name.padEnd(24)} ch ${(t.channel < 0 ? '-' : String(t.channel + 1)).padStart(2)}  prog ${String(t.program).padStart(3)}  ${t.familyName.padEnd(20)} ${t.notes} notes`
    )
  console.log('  notes per family:')
  for (const f of FAMILIES)
    if (rep.notesPerFamily[f.name])
      console.log(`    ${f.name.padEnd(22)} ${rep.notesPerFamily[f.name]}`)
  console.log(
    `  tempo events: ${rep.tempos.map((t) => `${t.bpm.toFixed(2)} bpm @ ${t.tick}`).join(', ') || 'none (120 bpm)'}`
  )
  for (const w of rep.warnings) console.log(`  warning: ${w}`)
}

/** `bytes-to-beats inspect FILE [--json] [--pitch-range 24-107]`. */
export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'print the import report of one MIDI or LPD .npz file',
  usage:
    'usage: bytes-to-beats inspect FILE [--json] [--pitch-range LOW-HIGH]\n' +
    '  --json         print the report as JSON ({"error": {...}} and exit code 1 for a bad file)\n' +
    '  --pitch-range  drop (and count) notes outside LOW..HIGH, e.g. 24-107',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (positional.length !== 1) {
      console.error(this.usage)
      return 2
    }
    const pitchRange = parsePitchRange(flags['pitch-range'])
    let result: ImportResult | undefined
    for await (const r of importFiles(positional, { lanes: 1, wantPiece: false, pitchRange }))
      result = r
    if (!result?.report) {
      const error = result?.error ?? { file: positional[0], code: 'io', message: 'no result' }
      if (flags.json) console.log(JSON.stringify({ error }))
      else console.error(`error: ${error.file}: ${error.message} (${error.code})`)
      return 1
    }
    const ok = result as ImportResult & { report: ImportReport }
    if (flags.json) console.log(JSON.stringify(inspectJson(ok), null, 2))
    else printText(ok)
    return 0
  }
}

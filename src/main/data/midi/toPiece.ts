// SMF events -> Piece + report: timing (PPQ/SMPTE, format 2), O(n) note pairing, program at onset -> family.
import { stripBidi } from '../../../shared/api/common'
import { FAMILIES, familyOf } from '../../../shared/music/families'
import type { NoteEvent, Piece, Track } from '../../../shared/music/piece'
import { PPQ } from '../../../shared/music/units'
import { pieceEndTick } from '../../../shared/music/pianoroll'
import { buildReport, noDrops, type ImportReport, type TrackReport } from '../import/report'
import { Ev, type Smf, type SmfEvent } from './smf'

/** An inclusive MIDI pitch range; notes outside it are dropped and counted. */
export interface PitchRange {
  low: number
  high: number
}

/** Options of every importer. */
export interface ImportOptions {
  pitchRange?: PitchRange
}

interface Open {
  start: number
  velocity: number
  group: Group
}

interface Group {
  report: TrackReport
  notes: NoteEvent[]
}

/** Ticks per quarter note of the source: its PPQ, or for SMPTE the ticks in half a second (one beat at a fixed 120 bpm). */
export function sourcePpq(smf: Smf): number {
  const d = smf.division
  return d.kind === 'ppq' ? d.ppq : (d.fps * d.ticksPerFrame) / 2
}

/** All kept events in playback order: by tick, then track, then file order (what mido.merge_tracks does). */
function mergedEvents(smf: Smf): SmfEvent[] {
  const all: SmfEvent[] = []
  let offset = 0
  for (const t of smf.tracks) {
    // Format 2 tracks are independent sequences played one after another.
    if (smf.format === 2 && offset > 0)
      for (const e of t.events) all.push({ ...e, tick: e.tick + offset })
    else for (const e of t.events) all.push(e)
    if (smf.format === 2) offset += t.endTick
  }
  return all.sort((x, y) => x.tick - y.tick)
}

class Pairing {
  private readonly open = new Map<number, Open[]>()
  private readonly heads = new Map<number, number>()
  readonly groups = new Map<number, Group>()
  orphanOffs = 0

  constructor(
    private readonly smf: Smf,
    private readonly range: PitchRange
  ) {}

  group(track: number, channel: number, program: number): Group {
    const key = (track * 16 + channel) * 128 + program
    let g = this.groups.get(key)
    if (!g) {
      const isDrum = channel === 9
      const family = familyOf(program, isDrum)
      const base = this.smf.tracks[track].name || `Track ${track + 1}`
      const report: TrackReport = {
        name: base,
        channel,
        program,
        family,
        familyName: FAMILIES[family].name,
        isDrum,
        notes: 0,
        dropped: noDrops()
      }
      g = { report, notes: [] }
      this.groups.set(key, g)
    }
    return g
  }

  noteOn(e: SmfEvent, program: number): void {
    const g = this.group(e.track, e.channel, program)
    if (e.a < this.range.low || e.a > this.range.high) {
      g.report.dropped.outOfRange++
      return
    }
    const key = (e.track * 16 + e.channel) * 128 + e.a
    let q = this.open.get(key)
    if (!q) this.open.set(key, (q = []))
    q.push({ start: e.tick, velocity: e.b, group: g })
  }

  noteOff(e: SmfEvent): void {
    const key = (e.track * 16 + e.channel) * 128 + e.a
    const q = this.open.get(key)
    const head = this.heads.get(key) ?? 0
    if (!q || head >= q.length) {
      if (e.a >= this.range.low && e.a <= this.range.high) this.orphanOffs++
      return
    }
    const on = q[head]
    this.heads.set(key, head + 1)
    if (e.tick === on.start) on.group.report.dropped.zeroLength++
    else
      on.group.notes.push({
        pitch: e.a,
        start: on.start,
        duration: e.tick - on.start,
        velocity: on.velocity
      })
  }

  /** Count every note-on still open at the end as unterminated. */
  finish(): void {
    for (const [key, q] of this.open) {
      for (let i = this.heads.get(key) ?? 0; i < q.length; i++)
        q[i].group.report.dropped.unterminated++
    }
  }
}

function rescaleNotes(notes: NoteEvent[], f: number): NoteEvent[] {
  if (f === 1) return notes.sort((x, y) => x.start - y.start || x.pitch - y.pitch)
  const out = notes.map((n) => {
    const start = Math.round(n.start * f)
    const end = Math.round((n.start + n.duration) * f)
    return { pitch: n.pitch, start, duration: Math.max(1, end - start), velocity: n.velocity }
  })
  return out.sort((x, y) => x.start - y.start || x.pitch - y.pitch)
}

function tempoMap(smf: Smf, events: SmfEvent[], f: number, warnings: string[]): Piece['tempos'] {
  if (smf.division.kind === 'smpte') {
    warnings.push(
      `SMPTE division (${smf.division.fps} fps) converted at a fixed 120 bpm; tempo events ignored`
    )
    return [{ tick: 0, bpm: 120 }]
  }
  const out: Piece['tempos'] = []
  for (const e of events) {
    if (e.kind !== Ev.Tempo) continue
    const tick = Math.round(e.tick * f)
    const bpm = 60_000_000 / e.a
    if (out.length && out[out.length - 1].tick === tick) out[out.length - 1].bpm = bpm
    else out.push({ tick, bpm })
  }
  return out
}

function timeSignatures(events: SmfEvent[], f: number): Piece['timeSignatures'] {
  const out: Piece['timeSignatures'] = []
  for (const e of events) {
    if (e.kind !== Ev.TimeSig) continue
    const tick = Math.round(e.tick * f)
    const ts = { tick, numerator: e.a, denominator: e.b }
    if (out.length && out[out.length - 1].tick === tick) out[out.length - 1] = ts
    else out.push(ts)
  }
  return out
}

/** Piece tracks (those with notes) and report rows (all groups), in (track, channel, program) order. */
function collectTracks(pairing: Pairing, f: number): { tracks: Track[]; reports: TrackReport[] } {
  const groups = [...pairing.groups.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])
  const reports = groups.map((g) => ({ ...g.report, notes: g.notes.length }))
  const named = new Map<string, number>()
  for (const r of reports) if (r.notes) named.set(r.name, (named.get(r.name) ?? 0) + 1)
  const tracks: Track[] = []
  groups.forEach((g, i) => {
    const r = reports[i]
    if (!r.notes) return
    const name =
      (named.get(r.name) ?? 0) > 1 ? `${r.name} (ch ${r.channel + 1}, prog ${r.program})` : r.name
    const notes = rescaleNotes(g.notes, f)
    tracks.push({ name, family: r.family, program: r.program, isDrum: r.isDrum, notes })
  })
  return { tracks, reports }
}

/** Interpret a parsed SMF as a Piece at the app's PPQ (480; ticks rescaled and rounded, notes kept >= 1 tick) with its report. */
export function smfToPiece(
  file: string,
  smf: Smf,
  options: ImportOptions = {}
): { piece: Piece; report: ImportReport } {
  const f = PPQ / sourcePpq(smf)
  const events = mergedEvents(smf)
  const programs = new Array<number>(16).fill(0)
  const pairing = new Pairing(smf, options.pitchRange ?? { low: 0, high: 127 })
  for (const e of events) {
    if (e.kind === Ev.NoteOn) pairing.noteOn(e, programs[e.channel])
    else if (e.kind === Ev.NoteOff) pairing.noteOff(e)
    else if (e.kind === Ev.Program) programs[e.channel] = e.a
  }
  pairing.finish()
  const warnings = [...smf.warnings]
  if (pairing.orphanOffs) warnings.push(`${pairing.orphanOffs} note-offs without a note-on ignored`)
  const { tracks, reports } = collectTracks(pairing, f)
  const piece: Piece = {
    title: stripBidi(file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '')),
    ppq: PPQ,
    tempos: tempoMap(smf, events, f, warnings),
    timeSignatures: timeSignatures(events, f),
    tracks
  }
  // The file's end (its tracks' end-of-track) when it lies after the last note: empty last bars are kept.
  const fileEnd = Math.round(
    (smf.format === 2
      ? smf.tracks.reduce((sum, t) => sum + t.endTick, 0)
      : Math.max(0, ...smf.tracks.map((t) => t.endTick))) * f
  )
  if (fileEnd > pieceEndTick(piece)) piece.length = fileEnd
  const source = {
    kind: 'midi' as const,
    format: smf.format,
    ppq: sourcePpq(smf),
    division: smf.division.kind
  }
  return { piece, report: buildReport(file, source, piece, reports, warnings) }
}

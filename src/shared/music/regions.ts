// Regions of a piece (bars x family tracks) that a composer keeps while the rest is regenerated, and how the kept notes
// and the generated ones are put back together. Pure: used by the engine's latent search and by the editor.
import { FAMILIES, FAMILY_COUNT } from './families'
import type { NoteEvent, Piece, Track } from './piece'
import { barSteps, rollIndex, rollSize, rollSteps, type RollConfig } from './pianoroll'

/** Cells to keep: every (bar, family track) pair of the two lists; bars count from the window's first bar. */
export interface Region {
  bars: readonly number[]
  tracks: readonly number[]
}

/** Ticks of one bar of a roll at the piece's resolution. */
export function barTicksOf(c: RollConfig, ppq: number): number {
  return (barSteps(c) / c.stepsPerBeat) * ppq
}

/** Throw a plain error when a region names bars or tracks outside the roll. */
export function checkRegion(c: RollConfig, r: Region): void {
  for (const b of r.bars)
    if (!Number.isInteger(b) || b < 0 || b >= c.bars)
      throw new RangeError(`bar ${b + 1} is outside the model's ${c.bars} bars`)
  for (const t of r.tracks)
    if (!Number.isInteger(t) || t < 0 || t >= FAMILY_COUNT)
      throw new RangeError(`track ${t} is not one of the 17 family tracks`)
}

/** 1 on every roll cell (all pitches) of the region's bars x tracks, in the roll's NHWC order. */
export function regionMask(c: RollConfig, r: Region): Uint8Array {
  checkRegion(c, r)
  const mask = new Uint8Array(rollSize(c))
  const per = barSteps(c)
  for (const bar of r.bars)
    for (let t = bar * per; t < (bar + 1) * per && t < rollSteps(c); t++)
      for (let p = 0; p < c.pitchCount; p++)
        for (const track of r.tracks) mask[rollIndex(c, t, p, track)] = 1
  return mask
}

/** Whether a note of `family` starting at `start` (ticks from the window origin) lies in the region. */
export function inRegion(r: Region, family: number, start: number, barTicks: number): boolean {
  return r.tracks.includes(family) && r.bars.includes(Math.floor(start / barTicks))
}

function shifted(notes: NoteEvent[], by: number): NoteEvent[] {
  return notes.map((n) => ({ ...n, start: n.start + by }))
}

/**
 * The kept notes of `original` (those starting in the region, unchanged) plus the notes of `generated` that start
 * outside it. `origin` is the tick where the window starts in `original`; generated ticks count from the window.
 * Original tracks keep their names, programs and order; a family with no original track gets the generated one.
 */
export function mergeRegion(
  original: Piece,
  generated: Piece,
  keep: Region,
  c: RollConfig,
  origin = 0
): Piece {
  const bar = barTicksOf(c, original.ppq)
  const scale = original.ppq / generated.ppq
  const windowEnd = origin + c.bars * bar
  const inWindow = (n: NoteEvent) => n.start >= origin && n.start < windowEnd
  const kept = (family: number, n: NoteEvent) =>
    !inWindow(n) || inRegion(keep, family, n.start - origin, bar)
  const tracks: Track[] = original.tracks.map((t) => ({
    ...t,
    notes: t.notes.filter((n) => kept(t.family, n))
  }))
  for (const g of generated.tracks) {
    const fresh = g.notes
      .map((n) => ({
        ...n,
        start: Math.round(n.start * scale),
        duration: Math.max(1, Math.round(n.duration * scale))
      }))
      .filter((n) => !inRegion(keep, g.family, n.start, bar))
    if (fresh.length === 0) continue
    const into = tracks.find((t) => t.family === g.family)
    if (into) into.notes = [...into.notes, ...shifted(fresh, origin)].sort(byStart)
    else tracks.push({ ...g, notes: shifted(fresh, origin) })
  }
  tracks.sort((a, b) => a.family - b.family)
  return {
    ...original,
    tracks: tracks.filter((t) => t.notes.length > 0 || isOriginal(original, t))
  }
}

function isOriginal(p: Piece, t: Track): boolean {
  return p.tracks.some((o) => o.name === t.name && o.family === t.family)
}

function byStart(a: NoteEvent, b: NoteEvent): number {
  return a.start - b.start || a.pitch - b.pitch
}

/** The notes of a piece that start in [from, to) ticks, moved to start at `at`; empty tracks are dropped. */
export function sliceNotes(p: Piece, from: number, to: number, at = 0): Track[] {
  return p.tracks
    .map((t) => ({
      ...t,
      notes: t.notes
        .filter((n) => n.start >= from && n.start < to)
        .map((n) => ({ ...n, start: n.start - from + at }))
    }))
    .filter((t) => t.notes.length > 0)
}

/** Append tracks' notes to a piece, into the first track of the same family (a new track otherwise). */
export function appendTracks(p: Piece, extra: Track[]): Piece {
  const tracks = p.tracks.map((t) => ({ ...t, notes: [...t.notes] }))
  for (const e of extra) {
    const into = tracks.find((t) => t.family === e.family)
    if (into) into.notes.push(...e.notes)
    else tracks.push({ ...e, notes: [...e.notes], name: e.name || FAMILIES[e.family].name })
  }
  tracks.sort((a, b) => a.family - b.family)
  for (const t of tracks) t.notes.sort(byStart)
  return { ...p, tracks }
}

// LPD-17 / pypianoroll .npz -> Piece: CSC validation (N3), runs of steps -> notes, info.json programs -> families.
import { FAMILIES, familyOf } from '../../../shared/music/families'
import type { NoteEvent, Piece, Track } from '../../../shared/music/piece'
import { PPQ, clampVelocity } from '../../../shared/music/units'
import { ImportError } from '../midi/errors'
import type { ImportOptions, PitchRange } from '../midi/toPiece'
import { buildReport, noDrops, type ImportReport, type TrackReport } from '../import/report'
import { validatePiece } from '../import/validate'
import { parseNpy, type NpyArray } from './npy'
import { readZip } from './zip'

/** Longest track accepted, in time steps (N3). */
export const MAX_STEPS = 100_000
/** Largest dense roll (T x 128 bytes) a track may describe (N3). */
export const MAX_DENSE_BYTES = 256 * 1024 * 1024
const PITCHES = 128
const DEFAULT_VELOCITY = 100

function bad(file: string, message: string): never {
  throw new ImportError(file, 'bad-lpd', message)
}

interface TrackInfo {
  program: number
  isDrum: boolean
  name: string
}

function readInfo(
  file: string,
  entries: Map<string, Uint8Array>
): { resolution: number; name: string; tracks: TrackInfo[] } {
  const raw = entries.get('info.json')
  if (!raw) bad(file, 'info.json is missing')
  let info: Record<string, unknown>
  try {
    info = JSON.parse(new TextDecoder().decode(raw))
  } catch {
    return bad(file, 'info.json is not JSON')
  }
  if (!info || typeof info !== 'object') bad(file, 'info.json is not an object')
  // Older pypianoroll wrote beat_resolution; newer files write resolution.
  const resolution = Number(info.resolution ?? info.beat_resolution)
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > PPQ)
    bad(
      file,
      `resolution ${String(info.resolution ?? info.beat_resolution)} is not an integer in 1..${PPQ}`
    )
  const tracks: TrackInfo[] = []
  for (let i = 0; i < 64 && info[String(i)] !== undefined; i++) {
    const t = info[String(i)] as Record<string, unknown>
    const program = Number(t?.program ?? 0)
    if (!Number.isInteger(program) || program < 0 || program > 127)
      bad(file, `track ${i}: program ${String(t?.program)}`)
    tracks.push({
      program,
      isDrum: t?.is_drum === true,
      name: typeof t?.name === 'string' ? t.name : `Track ${i}`
    })
  }
  return { resolution, name: typeof info.name === 'string' ? info.name : '', tracks }
}

function member(
  file: string,
  entries: Map<string, Uint8Array>,
  name: string
): NpyArray | undefined {
  const raw = entries.get(`${name}.npy`)
  return raw ? parseNpy(file, `${name}.npy`, raw) : undefined
}

interface Csc {
  steps: number
  isBool: boolean
  data: ArrayLike<number>
  indices: ArrayLike<number>
  indptr: ArrayLike<number>
}

/** Load and validate one track's CSC arrays; undefined when the track has none (an empty LPD family). */
function readCsc(file: string, entries: Map<string, Uint8Array>, i: number): Csc | undefined {
  const p = `pianoroll_${i}_csc_`
  const [data, indices, indptr, shape] = ['data', 'indices', 'indptr', 'shape'].map((k) =>
    member(file, entries, p + k)
  )
  if (!data && !indices && !indptr && !shape) return undefined
  if (!data || !indices || !indptr || !shape)
    bad(file, `track ${i}: some of its CSC arrays are missing`)
  if (shape.data.length !== 2 || shape.data[1] !== PITCHES)
    bad(file, `track ${i}: shape is not (T, 128)`)
  const steps = shape.data[0]
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_STEPS)
    bad(file, `track ${i}: ${steps} steps (limit ${MAX_STEPS})`)
  if (steps * PITCHES > MAX_DENSE_BYTES)
    bad(file, `track ${i}: the dense roll would exceed ${MAX_DENSE_BYTES} bytes`)
  const nnz = data.data.length
  if (indices.data.length !== nnz)
    bad(file, `track ${i}: ${indices.data.length} indices for ${nnz} values`)
  if (indptr.data.length !== PITCHES + 1)
    bad(file, `track ${i}: indptr has ${indptr.data.length} entries, not 129`)
  const ptr = indptr.data
  if (ptr[0] !== 0 || ptr[PITCHES] !== nnz)
    bad(file, `track ${i}: indptr must run from 0 to ${nnz}`)
  for (let c = 0; c < PITCHES; c++)
    if (!(ptr[c + 1] >= ptr[c])) bad(file, `track ${i}: indptr decreases at ${c}`)
  const idx = indices.data
  for (let k = 0; k < nnz; k++)
    if (!(Number.isInteger(idx[k]) && idx[k] >= 0 && idx[k] < steps))
      bad(file, `track ${i}: row index ${idx[k]} outside 0..${steps - 1}`)
  for (let k = 0; k < nnz; k++)
    if (!Number.isFinite(data.data[k])) bad(file, `track ${i}: a non-finite value`)
  return { steps, isBool: data.dtype === 'b1', data: data.data, indices: idx, indptr: ptr }
}

/** Runs of consecutive non-zero steps of each pitch become notes (LPD inserts a one-step gap between repeated notes). */
function cscNotes(
  csc: Csc,
  toTick: (step: number) => number
): { pitch: number; notes: NoteEvent[] }[] {
  const out: { pitch: number; notes: NoteEvent[] }[] = []
  for (let p = 0; p < PITCHES; p++) {
    const cells: [number, number][] = []
    for (let k = csc.indptr[p]; k < csc.indptr[p + 1]; k++)
      if (csc.data[k] > 0) cells.push([csc.indices[k], csc.data[k]])
    if (!cells.length) continue
    cells.sort((a, b) => a[0] - b[0])
    const notes: NoteEvent[] = []
    let start = cells[0][0]
    let vel = cells[0][1]
    for (let k = 1; k <= cells.length; k++) {
      if (k < cells.length && cells[k][0] <= cells[k - 1][0] + 1) continue
      const end = cells[k - 1][0] + 1
      const velocity = csc.isBool ? DEFAULT_VELOCITY : clampVelocity(vel)
      notes.push({
        pitch: p,
        start: toTick(start),
        duration: toTick(end) - toTick(start),
        velocity
      })
      if (k < cells.length) [start, vel] = cells[k]
    }
    out.push({ pitch: p, notes })
  }
  return out
}

function tempos(
  file: string,
  entries: Map<string, Uint8Array>,
  toTick: (s: number) => number
): Piece['tempos'] {
  const t = member(file, entries, 'tempo')
  const out: Piece['tempos'] = []
  for (let s = 0; t && s < t.data.length; s++) {
    const bpm = t.data[s]
    if (!Number.isFinite(bpm) || bpm <= 0) bad(file, `tempo ${bpm} at step ${s}`)
    if (!out.length || Math.abs(out[out.length - 1].bpm - bpm) > 1e-9)
      out.push({ tick: toTick(s), bpm })
  }
  return out.length ? out : [{ tick: 0, bpm: 120 }]
}

/** One info.json track -> its report row and, when it has notes in range, a piece track. */
function lpdTrack(
  t: TrackInfo,
  csc: Csc | undefined,
  toTick: (s: number) => number,
  range: PitchRange
): { report: TrackReport; track?: Track } {
  const family = familyOf(t.program, t.isDrum)
  const isDrum = family === 0
  const report: TrackReport = {
    name: t.name,
    channel: -1,
    program: t.program,
    family,
    familyName: FAMILIES[family].name,
    isDrum,
    notes: 0,
    dropped: noDrops()
  }
  const notes: NoteEvent[] = []
  for (const col of csc ? cscNotes(csc, toTick) : []) {
    if (col.pitch < range.low || col.pitch > range.high)
      report.dropped.outOfRange += col.notes.length
    else notes.push(...col.notes)
  }
  report.notes = notes.length
  if (!notes.length) return { report }
  notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch)
  return { report, track: { name: t.name, family, program: t.program, isDrum, notes } }
}

/** Read an LPD-17 / pypianoroll .npz into a Piece at PPQ 480 with its report; throws ImportError. */
export async function readLpd(
  file: string,
  bytes: Uint8Array,
  options: ImportOptions = {}
): Promise<{ piece: Piece; report: ImportReport }> {
  const entries = await readZip(file, bytes)
  const info = readInfo(file, entries)
  const range = options.pitchRange ?? { low: 0, high: 127 }
  const toTick = (step: number) => Math.round((step * PPQ) / info.resolution)
  const warnings: string[] = []
  const rows = info.tracks.map((t, i) => {
    const csc = readCsc(file, entries, i)
    if (!csc) warnings.push(`track ${i} (${t.name}) has no pianoroll arrays: empty`)
    return lpdTrack(t, csc, toTick, range)
  })
  const piece: Piece = {
    title: info.name || file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    ppq: PPQ,
    tempos: tempos(file, entries, toTick),
    timeSignatures: [],
    tracks: rows.flatMap((r) => (r.track ? [r.track] : []))
  }
  validatePiece(file, piece)
  const source = {
    kind: 'npz' as const,
    format: -1,
    ppq: info.resolution,
    division: 'steps' as const
  }
  return {
    piece,
    report: buildReport(
      file,
      source,
      piece,
      rows.map((r) => r.report),
      warnings
    )
  }
}

// Piece -> Standard MIDI File, format 1: a conductor track, then one MTrk per piece track (own writer: exact ticks, no floats).
import { mergeFamilyTracks } from '../music/merge'
import { pieceLength } from '../music/pianoroll'
import type { Piece, Track } from '../music/piece'
import { clampVelocity } from '../music/units'

/** Export options. */
export interface ExportOptions {
  /** Merge the tracks of each family into one (program: shared one, else the family's GM program). Default false. */
  mergeFamilies?: boolean
}

const DRUM_CHANNEL = 9
const MAX_DELTA = 0x0fffffff
const MELODIC_CHANNELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15]

function vlqBytes(value: number): number[] {
  const out = [value & 0x7f]
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128))
    out.unshift((v & 0x7f) | 0x80)
  return out
}

class Bytes {
  private buf = new Uint8Array(1024)
  length = 0

  push(...values: number[]): void {
    if (this.length + values.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + values.length))
      next.set(this.buf.subarray(0, this.length))
      this.buf = next
    }
    for (const v of values) this.buf[this.length++] = v & 0xff
  }

  vlq(value: number): void {
    this.push(...vlqBytes(value))
  }

  text(s: string): void {
    const codes = [...s].map((ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f))
    this.vlq(codes.length)
    this.push(...codes)
  }

  bytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length)
  }
}

interface Timed {
  tick: number
  /** At one tick: note-offs (0) before program changes (1) before note-ons (2). */
  order: number
  data: number[]
}

/** Channel per track: drums on 10, one melodic channel per distinct program; channels shared only past 15 programs. */
function assignChannels(tracks: Track[]): { channel: number[]; shared: boolean[] } {
  const programs = [...new Set(tracks.filter((t) => !t.isDrum).map((t) => t.program))]
  const channel = tracks.map((t) =>
    t.isDrum
      ? DRUM_CHANNEL
      : MELODIC_CHANNELS[programs.indexOf(t.program) % MELODIC_CHANNELS.length]
  )
  const programsOn = new Map<number, Set<number>>()
  tracks.forEach((t, i) =>
    programsOn.set(channel[i], (programsOn.get(channel[i]) ?? new Set()).add(t.program))
  )
  return { channel, shared: channel.map((c) => (programsOn.get(c)?.size ?? 0) > 1) }
}

/** Events of one MTrk; its end-of-track lands at `end` (the piece's end) or right after its last event if later. */
function writeChunk(out: Bytes, events: Timed[], header: (b: Bytes) => void, end: number): void {
  const body = new Bytes()
  header(body)
  events.sort((a, b) => a.tick - b.tick || a.order - b.order)
  let last = 0
  for (const e of events) {
    let delta = e.tick - last
    // A delta over 4 VLQ bytes cannot be written; carry the excess on empty text events (readers skip them).
    for (; delta > MAX_DELTA; delta -= MAX_DELTA) body.push(...vlqBytes(MAX_DELTA), 0xff, 0x01, 0)
    body.vlq(delta)
    body.push(...e.data)
    last = e.tick
  }
  let delta = Math.max(0, end - last)
  for (; delta > MAX_DELTA; delta -= MAX_DELTA) body.push(...vlqBytes(MAX_DELTA), 0xff, 0x01, 0)
  body.vlq(delta)
  body.push(0xff, 0x2f, 0)
  const bytes = body.bytes()
  const n = bytes.length
  out.push(0x4d, 0x54, 0x72, 0x6b, n >>> 24, n >>> 16, n >>> 8, n)
  for (let i = 0; i < n; i += 4096) out.push(...bytes.subarray(i, i + 4096))
}

function trackEvents(t: Track, ch: number, sharedChannel: boolean): Timed[] {
  const events: Timed[] = []
  const pc = [0xc0 | ch, t.program & 0x7f]
  if (!sharedChannel) events.push({ tick: 0, order: 1, data: pc })
  for (const n of t.notes) {
    const v = clampVelocity(n.velocity)
    // A shared channel changes program before each of this track's notes so the reader sees this track's program at onset.
    if (sharedChannel) events.push({ tick: n.start, order: 1, data: pc })
    events.push({ tick: n.start, order: 2, data: [0x90 | ch, n.pitch, v] })
    events.push({ tick: n.start + n.duration, order: 0, data: [0x80 | ch, n.pitch, 0x40] })
  }
  return events
}

function conductor(piece: Piece): Timed[] {
  const events: Timed[] = []
  for (const t of piece.tempos) {
    const us = Math.min(0xffffff, Math.max(1, Math.round(60_000_000 / t.bpm)))
    events.push({ tick: t.tick, order: 1, data: [0xff, 0x51, 3, us >> 16, us >> 8, us] })
  }
  for (const s of piece.timeSignatures) {
    const pow = Math.max(0, Math.min(6, Math.round(Math.log2(s.denominator))))
    events.push({ tick: s.tick, order: 1, data: [0xff, 0x58, 4, s.numerator, pow, 24, 8] })
  }
  return events
}

/** Write a piece as SMF format 1 at the piece's PPQ: tempo, time signatures, track names, GM programs, drums on channel 10. */
export function writeMidi(input: Piece, options: ExportOptions = {}): Uint8Array<ArrayBuffer> {
  const piece = options.mergeFamilies ? mergeFamilyTracks(input) : input
  const tracks = piece.tracks.filter((t) => t.notes.length > 0)
  const { channel, shared } = assignChannels(tracks)
  const out = new Bytes()
  const n = tracks.length + 1
  out.push(0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, n >> 8, n, piece.ppq >> 8, piece.ppq)
  const named = (name: string) => (b: Bytes) => {
    b.push(0, 0xff, 0x03)
    b.text(name)
  }
  // Every track ends at the piece's end, so its length (empty last bars included) survives the file.
  const end = pieceLength(piece)
  writeChunk(out, conductor(piece), named(piece.title), end)
  tracks.forEach((t, i) =>
    writeChunk(out, trackEvents(t, channel[i], shared[i]), named(t.name), end)
  )
  return out.bytes()
}

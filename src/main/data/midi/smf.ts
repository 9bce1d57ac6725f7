// Strict Standard MIDI File reader: bounds-checked, typed errors, capped in size and events (reliability M1-M3).
import { ImportError, type ImportErrorCode } from './errors'

/** Files larger than this are rejected before parsing (M3). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024
/** Files with more events than this are rejected before note pairing (M3). */
export const MAX_EVENTS = 200_000

/** Kinds of the events the reader keeps; everything else is parsed for its length and skipped. */
export enum Ev {
  NoteOff = 0,
  NoteOn = 1,
  Program = 2,
  Tempo = 3,
  TimeSig = 4
}

/** One kept event: absolute tick inside its track; a/b = pitch/velocity, program, µs per beat, or numerator/denominator. */
export interface SmfEvent {
  tick: number
  /** Index of the MTrk chunk the event came from. */
  track: number
  kind: Ev
  channel: number
  a: number
  b: number
}

/** The time division of the header: ticks per quarter note, or SMPTE frames per second x ticks per frame. */
export type Division =
  { kind: 'ppq'; ppq: number } | { kind: 'smpte'; fps: number; ticksPerFrame: number }

/** One MTrk chunk: its kept events in file order, its name and where it ends. */
export interface SmfTrack {
  name: string
  events: SmfEvent[]
  endTick: number
}

/** The parsed file before any musical interpretation. */
export interface Smf {
  format: 0 | 1 | 2
  division: Division
  tracks: SmfTrack[]
  warnings: string[]
  eventCount: number
  runningStatus: boolean
}

const latin1 = new TextDecoder('latin1')

function fail(file: string, code: ImportErrorCode, message: string): never {
  throw new ImportError(file, code, message)
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3])
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0
}

/** Strip a RIFF RMID wrapper (.rmi) and return the SMF inside; other bytes are returned unchanged. */
export function unwrapRmi(file: string, bytes: Uint8Array): Uint8Array {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF') return bytes
  if (ascii(bytes, 8) !== 'RMID') fail(file, 'not-midi', 'a RIFF file but not RMID (.rmi)')
  let at = 12
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at)
    const len =
      bytes[at + 4] | (bytes[at + 5] << 8) | (bytes[at + 6] << 16) | (bytes[at + 7] * 2 ** 24)
    if (at + 8 + len > bytes.length)
      fail(file, 'bad-chunk-length', `RIFF chunk ${id} runs past the end`)
    if (id === 'data') return bytes.subarray(at + 8, at + 8 + len)
    at += 8 + len + (len & 1)
  }
  return fail(file, 'not-midi', 'RMID file without a data chunk')
}

function parseDivision(file: string, raw: number): Division {
  if (raw & 0x8000) {
    const fps = 256 - (raw >> 8)
    const ticksPerFrame = raw & 0xff
    if (![24, 25, 29, 30].includes(fps))
      fail(file, 'bad-division', `SMPTE rate -${fps} is not 24, 25, 29 or 30`)
    if (ticksPerFrame === 0) fail(file, 'bad-division', 'SMPTE division with 0 ticks per frame')
    return { kind: 'smpte', fps: fps === 29 ? 29.97 : fps, ticksPerFrame }
  }
  if (raw === 0) fail(file, 'bad-division', 'PPQ is 0 (must be 1..32767)')
  return { kind: 'ppq', ppq: raw }
}

function parseHeader(
  file: string,
  bytes: Uint8Array
): { smf: Smf; declared: number; body: number } {
  if (bytes.length < 4 || ascii(bytes, 0) !== 'MThd')
    fail(file, 'not-midi', 'does not start with MThd')
  if (bytes.length < 14) fail(file, 'bad-header', 'the header chunk is truncated')
  const headerLen = u32(bytes, 4)
  if (headerLen < 6 || 8 + headerLen > bytes.length)
    fail(file, 'bad-header', `header length ${headerLen} is invalid`)
  const format = (bytes[8] << 8) | bytes[9]
  if (format > 2) fail(file, 'bad-header', `format ${format} is not 0, 1 or 2`)
  const declared = (bytes[10] << 8) | bytes[11]
  if (declared === 0) fail(file, 'bad-header', 'the header declares 0 tracks')
  const division = parseDivision(file, (bytes[12] << 8) | bytes[13])
  const smf: Smf = {
    format: format as 0 | 1 | 2,
    division,
    tracks: [],
    warnings: [],
    eventCount: 0,
    runningStatus: false
  }
  return { smf, declared, body: 8 + headerLen }
}

/** Read the chunks after the header: MTrk chunks are parsed, other printable chunk ids skipped with a warning. */
function parseChunks(file: string, bytes: Uint8Array, smf: Smf, from: number): void {
  let at = from
  while (at < bytes.length) {
    if (at + 8 > bytes.length) {
      smf.warnings.push(`${bytes.length - at} stray bytes after the last chunk ignored`)
      return
    }
    const id = ascii(bytes, at)
    const len = u32(bytes, at + 4)
    const start = at + 8
    if (id !== 'MTrk' && !/^[\x20-\x7e]{4}$/.test(id))
      fail(
        file,
        'bad-chunk',
        `unreadable chunk id at byte ${at} (a chunk length is probably wrong)`
      )
    if (len > bytes.length - start) {
      const which = `chunk ${id} #${smf.tracks.length + 1}`
      fail(
        file,
        'bad-chunk-length',
        `${which} declares ${len} bytes but ${bytes.length - start} remain`
      )
    }
    if (id === 'MTrk') smf.tracks.push(parseTrack(file, bytes, start, start + len, smf))
    else smf.warnings.push(`unknown chunk ${id} skipped`)
    at = start + len
  }
}

/** Parse SMF bytes (or an .rmi); throws ImportError with a precise code on any inconsistency. */
export function parseSmf(file: string, input: Uint8Array): Smf {
  if (input.length === 0) fail(file, 'empty', 'the file is empty')
  if (input.length > MAX_FILE_BYTES)
    fail(file, 'too-large', `${input.length} bytes is over the ${MAX_FILE_BYTES}-byte limit`)
  const bytes = unwrapRmi(file, input)
  const { smf, declared, body } = parseHeader(file, bytes)
  parseChunks(file, bytes, smf, body)
  const n = smf.tracks.length
  if (n < declared)
    fail(file, 'missing-tracks', `the header declares ${declared} tracks but the file holds ${n}`)
  if (n > declared) smf.warnings.push(`the header declares ${declared} tracks; ${n} read`)
  if (smf.format === 0 && n > 1) smf.warnings.push('format 0 with several tracks')
  return smf
}

interface Cursor {
  pos: number
}

function readVlq(file: string, b: Uint8Array, c: Cursor, end: number): number {
  let value = 0
  for (let i = 0; i < 4; i++) {
    if (c.pos >= end)
      fail(file, 'bad-chunk-length', `a variable-length number runs past the end of its track`)
    const byte = b[c.pos++]
    value = value * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) return value
  }
  return fail(file, 'bad-vlq', `a variable-length number longer than 4 bytes at byte ${c.pos - 4}`)
}

const DATA_BYTES = [2, 2, 2, 2, 1, 1, 2] // per status nibble 0x8..0xE

function parseTrack(file: string, b: Uint8Array, start: number, end: number, smf: Smf): SmfTrack {
  const track: SmfTrack = { name: '', events: [], endTick: 0 }
  const c: Cursor = { pos: start }
  let tick = 0
  let status = 0
  let ended = false
  const n = smf.tracks.length + 1
  while (c.pos < end) {
    tick += readVlq(file, b, c, end)
    if (++smf.eventCount > MAX_EVENTS)
      fail(file, 'too-many-events', `more than ${MAX_EVENTS} events (the limit)`)
    if (c.pos >= end)
      fail(file, 'bad-chunk-length', `track ${n} ends between a delta time and its event`)
    let first = b[c.pos]
    if (first & 0x80) {
      c.pos++
      if (first < 0xf0) status = first
    } else {
      if (!status)
        fail(
          file,
          'bad-running-status',
          `track ${n}: running status before any status byte at byte ${c.pos}`
        )
      smf.runningStatus = true
      first = status
    }
    if (first === 0xff) {
      if (metaEvent(file, b, c, end, tick, track)) {
        ended = true
        break
      }
    } else if (first === 0xf0 || first === 0xf7) {
      const len = readVlq(file, b, c, end)
      if (len > end - c.pos)
        fail(file, 'bad-chunk-length', `track ${n}: a sysex event runs past the end of its track`)
      c.pos += len
    } else if (first >= 0xf0) {
      fail(
        file,
        'bad-status',
        `track ${n}: status byte 0x${first.toString(16)} is not allowed in a file`
      )
    } else channelEvent(file, b, c, end, tick, first, track.events, n)
  }
  if (!ended) smf.warnings.push(`track ${n} has no End-of-Track event`)
  else if (c.pos < end)
    smf.warnings.push(`track ${n}: ${end - c.pos} bytes after End-of-Track ignored`)
  track.endTick = tick
  return track
}

function channelEvent(
  file: string,
  b: Uint8Array,
  c: Cursor,
  end: number,
  tick: number,
  status: number,
  out: SmfEvent[],
  n: number
): void {
  const type = status >> 4
  const size = DATA_BYTES[type - 8]
  if (c.pos + size > end)
    fail(file, 'bad-chunk-length', `track ${n}: an event runs past the end of its track`)
  const d1 = b[c.pos]
  const d2 = size === 2 ? b[c.pos + 1] : 0
  if ((d1 | d2) & 0x80) fail(file, 'bad-event', `track ${n}: a data byte >= 0x80 at byte ${c.pos}`)
  c.pos += size
  const channel = status & 0x0f
  if (type === 0x9)
    out.push({ tick, track: n - 1, kind: d2 > 0 ? Ev.NoteOn : Ev.NoteOff, channel, a: d1, b: d2 })
  else if (type === 0x8) out.push({ tick, track: n - 1, kind: Ev.NoteOff, channel, a: d1, b: d2 })
  else if (type === 0xc) out.push({ tick, track: n - 1, kind: Ev.Program, channel, a: d1, b: 0 })
}

/** Returns true at End-of-Track. */
function metaEvent(
  file: string,
  b: Uint8Array,
  c: Cursor,
  end: number,
  tick: number,
  track: SmfTrack
): boolean {
  if (c.pos >= end) fail(file, 'bad-chunk-length', 'a meta event runs past the end of its track')
  const type = b[c.pos++]
  const len = readVlq(file, b, c, end)
  if (len > end - c.pos)
    fail(
      file,
      'bad-chunk-length',
      `meta event 0x${type.toString(16)} runs past the end of its track`
    )
  const at = c.pos
  c.pos += len
  if (type === 0x2f) return true
  if (type === 0x03 && !track.name) track.name = latin1.decode(b.subarray(at, at + len)).trim()
  else if (type === 0x51) {
    if (len !== 3) fail(file, 'bad-tempo', `tempo event of ${len} bytes (must be 3)`)
    const usPerBeat = (b[at] << 16) | (b[at + 1] << 8) | b[at + 2]
    if (usPerBeat === 0) fail(file, 'bad-tempo', `tempo of 0 µs per beat at tick ${tick}`)
    track.events.push({ tick, track: -1, kind: Ev.Tempo, channel: 0, a: usPerBeat, b: 0 })
  } else if (type === 0x58 && len >= 2) {
    if (b[at] === 0 || b[at + 1] > 6)
      fail(file, 'bad-event', `time signature ${b[at]}/2^${b[at + 1]} at tick ${tick}`)
    track.events.push({
      tick,
      track: -1,
      kind: Ev.TimeSig,
      channel: 0,
      a: b[at],
      b: 1 << b[at + 1]
    })
  }
  return false
}

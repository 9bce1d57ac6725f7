// The 22 hand-built malformed cases of the M2 promise (docs/requirements.md) plus a few more, each with its exact outcome (M2).
import { describe, expect, it } from 'vitest'
import { ImportError, type ImportErrorCode } from '../../../../src/main/data/midi/errors'
import { readMidi } from '../../../../src/main/data/midi/read'
import type { ImportReport } from '../../../../src/main/data/import/report'
import type { Piece } from '../../../../src/shared/music/piece'
import { EOT, header, mtrk, note, smf, u32, vlq } from './smfBuilder'

const valid = (): Uint8Array => smf(1, 96, [[...note(0, 60, 96), ...note(0, 64, 48)]])
const bytes = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat())

type Outcome = { code: ImportErrorCode } | { ok: (piece: Piece, report: ImportReport) => void }

const notes = (p: Piece) => p.tracks.flatMap((t) => t.notes)

const CASES: [string, () => Uint8Array, Outcome][] = [
  ['valid', valid, { ok: (p) => expect(notes(p)).toHaveLength(2) }],
  ['empty file', () => new Uint8Array(0), { code: 'empty' }],
  [
    'not MIDI (PNG magic)',
    () => bytes([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 0]),
    { code: 'not-midi' }
  ],
  ['truncated header', () => valid().subarray(0, 10), { code: 'bad-header' }],
  ['truncated track', () => valid().subarray(0, 30), { code: 'bad-chunk-length' }],
  [
    'track length too long',
    () => bytes(header(0, 1, 96), mtrk([...note(0, 60, 10), ...EOT], 500)),
    { code: 'bad-chunk-length' }
  ],
  [
    'track length 0xFFFFFFFF',
    () => bytes(header(0, 1, 96), mtrk([...note(0, 60, 10), ...EOT], 0xffffffff)),
    { code: 'bad-chunk-length' }
  ],
  [
    'track length too short',
    () => bytes(header(0, 1, 96), mtrk([...note(0, 60, 10), ...note(0, 62, 10), ...EOT], 6)),
    { code: 'bad-chunk-length' }
  ],
  [
    'no End-of-Track',
    () => bytes(header(0, 1, 96), mtrk(note(0, 60, 10))),
    {
      ok: (p, r) => (
        expect(notes(p)).toHaveLength(1),
        expect(r.warnings.join()).toMatch(/End-of-Track/)
      )
    }
  ],
  [
    'header declares 9 tracks, file has 1',
    () => bytes(header(1, 9, 96), mtrk([...note(0, 60, 10), ...EOT])),
    { code: 'missing-tracks' }
  ],
  [
    'running status before any status byte',
    () => bytes(header(0, 1, 96), mtrk([0, 60, 100, ...EOT])),
    { code: 'bad-running-status' }
  ],
  [
    'status byte 0xF4',
    () => bytes(header(0, 1, 96), mtrk([0, 0xf4, ...EOT])),
    { code: 'bad-status' }
  ],
  [
    '5-byte VLQ delta',
    () => bytes(header(0, 1, 96), mtrk([0xff, 0xff, 0xff, 0xff, 0x7f, 0x90, 60, 100, ...EOT])),
    { code: 'bad-vlq' }
  ],
  [
    '4-byte max delta',
    () => bytes(header(0, 1, 96), mtrk([...note(0, 60, 0x0fffffff), ...EOT])),
    { ok: (p) => expect(notes(p)[0].duration).toBe(0x0fffffff * 5) }
  ],
  ['PPQ = 0', () => smf(0, 0, [note(0, 60, 10)]), { code: 'bad-division' }],
  [
    'SMPTE division (25 fps x 40)',
    () => smf(0, 0xe728, [note(0, 60, 1000)]),
    // 1000 ticks at 25 x 40 = 1000 ticks/s = 1 s = 2 beats at the fixed 120 bpm = 960 ticks at PPQ 480.
    { ok: (p, r) => (expect(notes(p)[0].duration).toBe(960), expect(r.division).toBe('smpte')) }
  ],
  [
    'format 2 (sequential)',
    () => smf(2, 96, [note(0, 60, 96), note(0, 62, 96)]),
    {
      ok: (p) =>
        expect(
          notes(p)
            .map((n) => n.start)
            .sort((a, b) => a - b)
        ).toEqual([0, 480])
    }
  ],
  [
    '.rmi (RIFF RMID)',
    () => {
      const mid = [...valid()]
      const data = [
        0x64,
        0x61,
        0x74,
        0x61,
        mid.length & 0xff,
        (mid.length >> 8) & 0xff,
        0,
        0,
        ...mid
      ]
      const size = 4 + data.length
      return bytes(
        [0x52, 0x49, 0x46, 0x46, size & 0xff, size >> 8, 0, 0, 0x52, 0x4d, 0x49, 0x44],
        data
      )
    },
    { ok: (p) => expect(notes(p)).toHaveLength(2) }
  ],
  [
    'tempo 0 µs per beat',
    () => smf(0, 96, [[0, 0xff, 0x51, 3, 0, 0, 0, ...note(0, 60, 10)]]),
    { code: 'bad-tempo' }
  ],
  [
    'text meta of 130 KB',
    () =>
      smf(0, 96, [
        [0, 0xff, 0x01, ...vlq(130_000), ...new Array(130_000).fill(0x41), ...note(0, 60, 10)]
      ]),
    { ok: (p) => expect(notes(p)).toHaveLength(1) }
  ],
  [
    'note-off before note-on',
    () => smf(0, 96, [[0, 0x80, 60, 0, ...note(0, 60, 10)]]),
    {
      ok: (p, r) => (
        expect(notes(p)).toHaveLength(1),
        expect(r.warnings.join()).toMatch(/without a note-on/)
      )
    }
  ],
  [
    'file over 2 MB',
    () => smf(0, 96, [[0, 0xff, 0x01, ...vlq(2_200_000), ...new Array(2_200_000).fill(0)]]),
    { code: 'too-large' }
  ],
  [
    'over 200,000 events',
    () => smf(0, 96, [[0, 0x90, 60, 100, ...new Array(200_001).fill([0, 60, 0]).flat()]]),
    { code: 'too-many-events' }
  ],
  ['format 3', () => bytes(header(3, 1, 96), mtrk(EOT)), { code: 'bad-header' }],
  [
    'data byte >= 0x80 inside a note',
    () => smf(0, 96, [[0, 0x90, 0xc0, 100]]),
    { code: 'bad-event' }
  ],
  [
    'garbage chunk id after a short track',
    () => bytes(header(1, 2, 96), mtrk(EOT), u32(0x01020304), u32(0)),
    { code: 'bad-chunk' }
  ]
]

describe('malformed MIDI corpus: exact outcome per case', () => {
  it.each(CASES)('%s', (name, make, outcome) => {
    const file = `${name}.mid`
    let result: ReturnType<typeof readMidi> | undefined
    let error: unknown
    try {
      result = readMidi(file, make())
    } catch (err) {
      error = err
    }
    if ('code' in outcome) {
      expect(error).toBeInstanceOf(ImportError)
      expect((error as ImportError).code).toBe(outcome.code)
      expect((error as ImportError).file).toBe(file)
      expect((error as ImportError).message.length).toBeGreaterThan(5)
    } else {
      expect(error).toBeUndefined()
      outcome.ok(result!.piece, result!.report)
    }
  })

  it('covers at least the 22 reference cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(22)
  })
})

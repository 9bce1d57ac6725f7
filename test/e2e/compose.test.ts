import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, serveForTest } from '../helpers/api'
import { FIXTURE_MIDI } from '../helpers/fixtures'
import { readMidi } from '../../src/main/data/midi/read'
import type { NoteEvent, Piece } from '../../src/shared/music/piece'
import { allNotes, exportMidi, noteKey as key, openComposePage, rollView } from './composeServer'

// The Compose view end to end: the built renderer (electron-vite build first) in Debian's Chromium against serve mode.

let ctx: Awaited<ReturnType<typeof serveForTest>>
let browser: Browser
let page: Page
let problems: string[] = []
const shots = join(ROOT, 'test-results')
const MIDI = join(FIXTURE_MIDI, 'freedoom/d_e1m1.mid')

beforeAll(async () => {
  ctx = await serveForTest()
  ;({ browser, page, problems } = await openComposePage())
  mkdirSync(shots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
})

/** The earliest note of the edited track (the first pitched one) inside a pitch band whose place a beat later and
 * two semitones up is free. */
function visibleNote(piece: Piece, low: number, high: number): NoteEvent {
  const track = piece.tracks.find((t) => t.notes.length > 0 && !t.isDrum)
  const notes = track?.notes ?? []
  const free = (n: NoteEvent) =>
    !notes.some(
      (m) =>
        m !== n &&
        m.pitch === n.pitch + 2 &&
        m.start < n.start + 480 + n.duration &&
        m.start + m.duration > n.start + 480
    )
  const ok = notes.filter((n) => n.pitch >= low && n.pitch + 2 <= high && free(n))
  return ok.sort((a, b) => a.start - b.start)[0]
}

describe('Compose in Chromium through serve mode', () => {
  it('opens a piece from the library, moves a note, undoes, redoes, plays and exports MIDI that re-imports', async () => {
    // The first 4 bars of E1M1 in a 5-bar piece (opened from the library, the view fits the piece).
    const whole = readMidi('d_e1m1.mid', new Uint8Array(readFileSync(MIDI))).piece
    const piece: Piece = {
      ...whole,
      tracks: whole.tracks
        .map((t) => ({ ...t, notes: t.notes.filter((n) => n.start + n.duration <= 7680) }))
        .filter((t) => t.notes.length > 0),
      length: 9600
    }
    const saved = await ctx.client.api.pieces.save({ title: 'E1M1', piece: piece as never })
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('compose-view').waitFor()
    await page.getByRole('button', { name: 'Open…' }).click()
    await page.getByRole('button', { name: /E1M1/ }).click()
    await page.getByTestId('piece-title').getByText('E1M1').waitFor()
    const original = await exportMidi(page)
    expect(allNotes(original)).toEqual(allNotes(piece))
    expect(original.length).toBe(9600) // the empty fifth bar survives the export

    const box = await page.getByTestId('roll-canvas').boundingBox()
    if (!box) throw new Error('no roll canvas')
    // The fitted view (the roll canvas carries its transform): all 5 bars across from tick 0.
    const t = await rollView(page)
    expect(t.scrollTick).toBe(0)
    expect(9600 * t.pixelsPerTick).toBeLessThanOrEqual(box.width)
    expect(9600 * t.pixelsPerTick).toBeGreaterThan(box.width * 0.9)
    const low = Math.ceil(t.topPitch - box.height / t.pixelsPerKey) + 1
    const n = visibleNote(piece, low, Math.floor(t.topPitch) - 1)
    const x = box.x + (n.start - t.scrollTick + n.duration / 2) * t.pixelsPerTick
    const y = box.y + (t.topPitch - n.pitch - 1) * t.pixelsPerKey + t.pixelsPerKey / 2
    // Drag by a beat (480 ticks) later and two semitones up.
    const dx = 480 * t.pixelsPerTick
    const dy = 2 * t.pixelsPerKey
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x + dx / 2, y - dy / 2, { steps: 4 })
    await page.mouse.move(x + dx, y - dy, { steps: 4 })
    await page.mouse.up()
    await page.screenshot({ path: join(shots, 'e2e-compose-moved.png') })
    const moved = await exportMidi(page)
    const expected = { ...n, start: n.start + 480, pitch: n.pitch + 2 }
    expect(allNotes(moved)).toContain(key(expected))
    expect(allNotes(moved)).not.toContain(key(n))

    await page.keyboard.press('Control+z')
    expect(allNotes(await exportMidi(page))).toEqual(allNotes(piece))
    await page.keyboard.press('Control+Shift+Z')
    expect(allNotes(await exportMidi(page))).toEqual(allNotes(moved))

    await page.getByTestId('play').click()
    await page.getByTestId('play').getByText('Stop').waitFor()
    await page.waitForTimeout(1200)
    const position = await page.getByTestId('position').textContent()
    expect(position).not.toBe('1.1') // the transport clock runs only while the AudioContext runs
    await page.screenshot({ path: join(shots, 'e2e-compose-playing.png') })
    await page.getByTestId('play').click()
    expect(saved.id).toBeTruthy()
    expect(problems).toEqual([])
  })
})

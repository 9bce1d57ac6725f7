import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, serveForTest } from '../helpers/api'
import { FIXTURE_MIDI } from '../helpers/fixtures'
import { readMidi } from '../../src/main/data/midi/read'
import type { NoteEvent, Piece } from '../../src/shared/music/piece'
import { allNotes, exportMidi, noteKey as key, openComposePage } from './composeServer'

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

/** The earliest note of the edited track (the first pitched one) inside a pitch band, with no neighbour of its pitch. */
function visibleNote(piece: Piece, low: number, high: number): NoteEvent {
  const track = piece.tracks.find((t) => t.notes.length > 0 && !t.isDrum)
  const notes = (track?.notes ?? []).filter(
    (n) => n.pitch >= low && n.pitch <= high && n.start < 8000
  )
  const lone = notes.filter(
    (n) =>
      !notes.some(
        (m) => m !== n && Math.abs(m.pitch - n.pitch) <= 2 && Math.abs(m.start - n.start) < 1500
      )
  )
  return lone.sort((a, b) => a.start - b.start)[0]
}

describe('Compose in Chromium through serve mode', () => {
  it('opens a piece from the library, moves a note, undoes, redoes, plays and exports MIDI that re-imports', async () => {
    const { piece } = readMidi('d_e1m1.mid', new Uint8Array(readFileSync(MIDI)))
    const saved = await ctx.client.api.pieces.save({ title: 'E1M1', piece: piece as never })
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('compose-view').waitFor()
    await page.getByRole('button', { name: 'Open…' }).click()
    await page.getByRole('button', { name: /E1M1/ }).click()
    await page.getByTestId('piece-title').getByText('E1M1').waitFor()
    const original = await exportMidi(page)
    expect(allNotes(original)).toEqual(allNotes(piece))

    // Default view: 0.1 px per tick, 10 px rows, topPitch 108; a 300 px wheel scroll puts topPitch at 78.
    const box = await page.getByTestId('roll-canvas').boundingBox()
    if (!box) throw new Error('no roll canvas')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, 300)
    const top = 78
    const n = visibleNote(piece, Math.ceil(top - box.height / 10) + 3, top - 4)
    const x = box.x + n.start * 0.1 + Math.min((n.duration * 0.1) / 2, 12)
    const y = box.y + (top - n.pitch - 1) * 10 + 5
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x + 24, y - 10, { steps: 4 })
    await page.mouse.move(x + 48, y - 20, { steps: 4 })
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

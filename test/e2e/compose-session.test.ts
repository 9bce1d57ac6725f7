import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Piece } from '../../src/shared/music/piece'
import { allNotes, exportMidi, openComposePage, serveWithDefaultModel } from './composeServer'

// Edits never vanish (Chromium against serve mode): the open piece and its undo history outlive a view switch,
// edits are marked, Generate asks before replacing an edited piece, Save as names a library piece, and the
// autosaved draft comes back after a reload.

let ctx: Awaited<ReturnType<typeof serveWithDefaultModel>>
let browser: Browser
let page: Page
let problems: string[] = []

beforeAll(async () => {
  ctx = await serveWithDefaultModel()
  ;({ browser, page, problems } = await openComposePage())
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
})

/** The notes of a piece with every pitch of one track moved by `d` semitones. */
function shifted(p: Piece, track: number, d: number): string[] {
  return allNotes({
    ...p,
    tracks: p.tracks.map((t, i) =>
      i === track ? { ...t, notes: t.notes.map((n) => ({ ...n, pitch: n.pitch + d })) } : t
    )
  })
}

async function go(view: 'Library' | 'Compose'): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: view }).click()
  await page.locator(`main[data-view="${view.toLowerCase()}"]`).waitFor()
}

describe('Compose keeps your work in Chromium through serve mode', () => {
  it('keeps an edit and its undo across views, marks it, asks before Generate, saves as a name, restores a draft', async () => {
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('piece-title').getByText(/\S/).waitFor()
    const original = await exportMidi(page)
    const track = original.tracks.findIndex((t) => t.notes.length > 0 && !t.isDrum)
    expect(await page.getByTestId('unsaved').count()).toBe(0)

    // Select every note of the edited track (the first pitched one) and move it up a semitone.
    await page.getByTestId('roll-canvas').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+a')
    await page.keyboard.press('ArrowUp')
    const edited = shifted(original, track, 1)
    expect(allNotes(await exportMidi(page))).toEqual(edited)
    await page.getByTestId('unsaved').waitFor()

    await go('Library')
    await go('Compose')
    expect(allNotes(await exportMidi(page))).toEqual(edited)
    await page.getByTestId('unsaved').waitFor()
    await page.getByTestId('undo').click()
    expect(allNotes(await exportMidi(page))).toEqual(allNotes(original))
    await page.getByTestId('redo').click()
    expect(allNotes(await exportMidi(page))).toEqual(edited)

    // Generate over an edited piece asks; saying no keeps the piece.
    const asked: string[] = []
    page.once('dialog', (d) => (asked.push(d.message()), void d.dismiss()))
    await page.getByTestId('generate').click()
    await expect.poll(() => asked.length).toBe(1)
    expect(asked[0]).toMatch(/unsaved changes/)
    expect(allNotes(await exportMidi(page))).toEqual(edited)

    // A reload (or a crash) brings the edited piece back from the draft, still marked.
    await page.waitForTimeout(600)
    await page.reload()
    await page.getByTestId('piece-title').getByText(/\S/).waitFor()
    expect(allNotes(await exportMidi(page))).toEqual(edited)
    await page.getByTestId('unsaved').waitFor()

    await page.getByTestId('save-as').click()
    await page.getByTestId('save-name').fill('My edit')
    await page.getByTestId('save-name').press('Enter')
    await page.getByText(/Saved “My edit”/).waitFor()
    expect(await page.getByTestId('unsaved').count()).toBe(0)
    const stored = await ctx.client.api.pieces.list({ query: 'My edit' })
    expect(stored.items.map((p) => p.title)).toEqual(['My edit'])
    const back = await ctx.client.api.pieces.get({ id: stored.items[0].id })
    expect(allNotes(back.piece as Piece)).toEqual(edited)
    expect(problems).toEqual([])
  })
})

import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, tempDataDir } from '../helpers/api'
import { FIXTURE_MIDI } from '../helpers/fixtures'
import type { Piece } from '../../src/shared/music/piece'
import { exportMidi, noteKey, openComposePage, serveWithDefaultModel } from './composeServer'

// Regenerate bars, continue and nearest training music in Compose, end to end: the built renderer in Chromium against
// serve mode after first start (the default model), with a dataset imported from fixture MIDI.

let ctx: Awaited<ReturnType<typeof serveWithDefaultModel>>
let browser: Browser
let page: Page
let problems: string[] = []
const shots = join(ROOT, 'test-results')
const music = tempDataDir('b2b-e2e-search-')
let datasetId = ''

beforeAll(async () => {
  ctx = await serveWithDefaultModel()
  for (const f of ['freedoom/d_e1m1.mid', 'pop909/001.mid'])
    copyFileSync(join(FIXTURE_MIDI, f), join(music.dir, f.split('/')[1]))
  const grant = await ctx.services.deps.grants.register('midi-folder', [music.dir])
  const started = await ctx.client.api.datasets.import({
    name: 'Fixtures',
    sourceId: grant.sourceId
  })
  datasetId = started.datasetId
  await new Promise<void>((done) => {
    const off = ctx.services.bus.subscribe((e) => {
      if (e.type === 'job:status' && e.job.id === started.jobId && e.job.state !== 'running') {
        off()
        done()
      }
    })
  })
  ;({ browser, page, problems } = await openComposePage())
  mkdirSync(shots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
  music.cleanup()
})

/**
 * The cells of one family before `endTick`, as comparable note keys: notes starting there, cut at `endTick`. A kept
 * note that runs on into regenerated bars keeps its cells in the kept bars; where it ends after them is the new
 * bars' to decide.
 */
function notesOf(p: Piece, family: number, endTick: number): string[] {
  return p.tracks
    .filter((t) => t.family === family)
    .flatMap((t) =>
      t.notes
        .filter((n) => n.start < endTick)
        .map((n) => noteKey({ ...n, duration: Math.min(n.duration, endTick - n.start) }))
    )
    .sort()
}

const lastTick = (p: Piece) => Math.max(0, ...p.tracks.flatMap((t) => t.notes.map((n) => n.start)))

describe('Regenerate, Continue and Nearest in Chromium through serve mode', () => {
  it('keeps the ticked bars x track exactly, regenerates the rest, undoes, and continues the piece', async () => {
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('search-panel').waitFor()
    await page.getByTestId('piece-title').waitFor()
    await page.waitForTimeout(500)
    const before = await exportMidi(page)
    const busiest = [...before.tracks].sort((a, b) => b.notes.length - a.notes.length)[0].family
    const twoBars = 8 * before.ppq
    await page.getByTestId(`keep-track-${busiest}`).click()
    await page.getByTestId('search-steps').fill('30')
    await page.getByTestId('search-tries').fill('2')
    await page.getByTestId('inpaint').click()
    await page.getByTestId('candidates').waitFor({ timeout: 180_000 })
    expect(
      await page.getByTestId('search-panel').locator('[data-testid^="candidate-"]').count()
    ).toBe(2)
    await expect.poll(() => page.getByTestId('inpaint-gain').textContent()).toMatch(/matched \d+%/)
    await page.screenshot({ path: join(shots, 'e2e-compose-inpaint.png') })
    const after = await exportMidi(page)
    expect(notesOf(after, busiest, twoBars)).toEqual(notesOf(before, busiest, twoBars))
    expect(notesOf(after, busiest, twoBars).length).toBeGreaterThan(0)

    await page.keyboard.press('Control+z')
    expect((await exportMidi(page)).tracks.flatMap((t) => t.notes.map(noteKey)).sort()).toEqual(
      before.tracks.flatMap((t) => t.notes.map(noteKey)).sort()
    )

    await page.getByText('Continue', { exact: true }).click()
    await page.getByTestId('continue').click()
    await page.getByTestId('seams').waitFor({ timeout: 180_000 })
    const longer = await exportMidi(page)
    expect(lastTick(longer)).toBeGreaterThan(lastTick(before))
    expect(notesOf(longer, busiest, lastTick(before))).toEqual(
      notesOf(before, busiest, lastTick(before))
    )
    expect(problems).toEqual([])
  }, 400_000)

  it('lists the nearest training bars, plays one, and flags a copied segment before export', async () => {
    const seg = await ctx.client.api.datasets.segment({ datasetId, index: 6 })
    await ctx.client.api.pieces.save({ title: 'Copied segment', piece: seg.piece as never })
    await page.getByRole('button', { name: 'Open…' }).click()
    // The continued piece is unsaved: Compose asks before replacing it.
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: /Copied segment/ }).click()
    await page.getByTestId('piece-title').getByText('Copied segment').waitFor()
    await page.getByText('Nearest training music').click()
    await expect.poll(() => page.getByTestId('nearest-dataset').inputValue()).toBe(datasetId)
    await page.getByTestId('nearest').click()
    await page.getByTestId('copy-flag').waitFor()
    expect(await page.getByTestId('nearest-bars').locator('li').count()).toBe(4)
    expect(await page.getByTestId('nearest-bars').textContent()).toMatch(
      /1\.00 · d_e1m1\.mid|1\.00 · 001\.mid/
    )
    await page.getByTitle('Play the training segment').first().click()
    await page.screenshot({ path: join(shots, 'e2e-compose-nearest.png') })

    const asked: string[] = []
    page.once('dialog', (d) => {
      asked.push(d.message())
      void d.dismiss()
    })
    await page.getByTestId('export-mid').click()
    await expect.poll(() => asked.length).toBe(1)
    expect(asked[0]).toMatch(/possible copying/)
    // Accepted, the export goes ahead after that one question (it was asked twice).
    const onDialog = (d: { message(): string; accept(): Promise<void> }) => {
      asked.push(d.message())
      void d.accept()
    }
    page.on('dialog', onDialog)
    await Promise.all([page.waitForEvent('download'), page.getByTestId('export-mid').click()])
    page.off('dialog', onDialog)
    expect(asked).toHaveLength(2)
    expect(problems).toEqual([])
  }, 300_000)
})

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/api'
import { allNotes, exportMidi, openComposePage, serveWithDefaultModel } from './composeServer'

// Generation in the Compose view end to end: serve mode after first start (the shipped default model), built renderer.

let ctx: Awaited<ReturnType<typeof serveWithDefaultModel>>
let browser: Browser
let page: Page
let problems: string[] = []
const shots = join(ROOT, 'test-results')

beforeAll(async () => {
  ctx = await serveWithDefaultModel()
  ;({ browser, page, problems } = await openComposePage())
  mkdirSync(shots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
})

describe('Compose generation in Chromium through serve mode', () => {
  it('generates variations, picks one, re-thresholds it live and saves it', async () => {
    const models = await ctx.client.api.generation.models()
    expect(models.map((m) => m.kind)).toContain('default')
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('generate').click()
    await page.getByTestId('variation-1').click()
    await page.getByTestId('piece-title').waitFor()
    expect(await page.getByTestId('track-list').locator('li').count()).toBe(17)
    // The status bar names the engine that answered (it said "Engine not loaded" until a training run started).
    await page
      .getByLabel('Status')
      .getByText(/^\s*Engine: /)
      .waitFor({ timeout: 5000 })
    const before = await exportMidi(page)
    await page.screenshot({ path: join(shots, 'e2e-compose-generated-0.9.png') })
    await page.getByTestId('threshold').fill('0.3')
    await page.waitForTimeout(500)
    const after = await exportMidi(page)
    expect(allNotes(after).length).toBeGreaterThanOrEqual(allNotes(before).length)
    await page.screenshot({ path: join(shots, 'e2e-compose-generated-0.3.png') })
    await page.getByTestId('save').click()
    await page.getByText(/Saved/).waitFor()
    expect(problems).toEqual([])
  })

  it('moves the shown piece to another key: pitched notes up two semitones, drums where they were', async () => {
    const models = await ctx.client.api.generation.models()
    expect(models[0].keyAligned).toBe(true) // the shipped band model writes in C major / A minor
    const key = page.getByTestId('transpose')
    expect(await key.locator('option:checked').textContent()).toBe('C major / A minor (as trained)')
    const before = await exportMidi(page)
    await key.selectOption({ label: 'D major / B minor' })
    await page.waitForTimeout(500)
    const after = await exportMidi(page)
    const notes = (p: typeof before, drum: boolean) =>
      p.tracks
        .filter((t) => t.isDrum === drum)
        .flatMap((t) => t.notes.map((n) => [n.start, n.pitch]))
    expect(notes(before, false).length).toBeGreaterThan(0)
    expect(notes(after, false)).toEqual(notes(before, false).map(([t, p]) => [t, p + 2]))
    expect(notes(after, true)).toEqual(notes(before, true))
    expect(problems).toEqual([])
  })
})

import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS } from '../../vitest.config.mjs'
import { ROOT } from '../helpers/api'
import { readMidi } from '../../src/main/data/midi/read'
import type { NoteEvent, Piece } from '../../src/shared/music/piece'
import { serveWithDefaultModel } from './composeServer'

// Generation in the Compose view end to end: serve mode after first start (the shipped default model), built renderer.

let ctx: Awaited<ReturnType<typeof serveWithDefaultModel>>
let browser: Browser
let page: Page
const problems: string[] = []
const shots = join(ROOT, 'test-results')

beforeAll(async () => {
  ctx = await serveWithDefaultModel()
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1400, height: 860 }, acceptDownloads: true })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  mkdirSync(shots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
})

const key = (n: NoteEvent) => `${n.start}:${n.pitch}:${n.duration}:${n.velocity}`
const allNotes = (p: Piece) => p.tracks.flatMap((t) => t.notes.map(key)).sort()

async function exportMidi(): Promise<Piece> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-mid').click()
  ])
  return readMidi('export.mid', new Uint8Array(readFileSync(await download.path()))).piece
}

describe('Compose generation in Chromium through serve mode', () => {
  it('generates variations, picks one, re-thresholds it live and saves it', async () => {
    const models = await ctx.client.api.generation.models()
    expect(models.map((m) => m.kind)).toContain('default')
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('generate').click()
    await page.getByTestId('variation-1').click()
    await page.getByTestId('piece-title').waitFor()
    expect(await page.getByTestId('track-list').locator('li').count()).toBe(17)
    const before = await exportMidi()
    await page.screenshot({ path: join(shots, 'e2e-compose-generated-0.9.png') })
    await page.getByTestId('threshold').fill('0.3')
    await page.waitForTimeout(500)
    const after = await exportMidi()
    expect(allNotes(after).length).toBeGreaterThanOrEqual(allNotes(before).length)
    await page.screenshot({ path: join(shots, 'e2e-compose-generated-0.3.png') })
    await page.getByTestId('save').click()
    await page.getByText(/Saved/).waitFor()
    expect(problems).toEqual([])
  })
})

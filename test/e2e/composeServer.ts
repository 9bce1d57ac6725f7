import { readFileSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs'
import { readMidi } from '../../src/main/data/midi/read'
import type { NoteEvent, Piece } from '../../src/shared/music/piece'
import { serveForTest } from '../helpers/api'

/** Serve mode over test services that ran first start (default model + example pieces), with a connected client. */
export function serveWithDefaultModel() {
  return serveForTest({ firstRun: true })
}

/** Debian's Chromium on a 1400x860 page that accepts downloads; page errors and console errors land in `problems`. */
export async function openComposePage(): Promise<{
  browser: Browser
  page: Page
  problems: string[]
}> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS
  })
  const page = await browser.newPage({
    viewport: { width: 1400, height: 860 },
    acceptDownloads: true
  })
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  return { browser, page, problems }
}

/** Click the MIDI export button and read the downloaded file back with the app's importer. */
export async function exportMidi(page: Page): Promise<Piece> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-mid').click()
  ])
  const path = await download.path()
  return readMidi('export.mid', new Uint8Array(readFileSync(path))).piece
}

/** A note as one comparable string (start, pitch, duration, velocity). */
export const noteKey = (n: NoteEvent): string => `${n.start}:${n.pitch}:${n.duration}:${n.velocity}`

/** Every note of a piece as sorted keys, across tracks. */
export const allNotes = (p: Piece): string[] => p.tracks.flatMap((t) => t.notes.map(noteKey)).sort()

/** The piano roll's view transform, as its canvas carries it (pixels per tick and per key, scroll tick, top pitch). */
export async function rollView(page: Page): Promise<{
  pixelsPerTick: number
  pixelsPerKey: number
  scrollTick: number
  topPitch: number
}> {
  return JSON.parse((await page.getByTestId('roll-canvas').getAttribute('data-view')) ?? '{}')
}

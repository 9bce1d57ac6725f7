import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAMILIES } from '../../src/shared/music/families'
import type { NoteEvent, Piece } from '../../src/shared/music/piece'
import { openComposePage, serveWithDefaultModel } from './composeServer'
import { breakOfflineRendering, firstSound, installAudioProbe, outputLevel } from './audioProbe'

// Playback you can rely on, heard through an analyser on the page's output (Chromium against serve mode):
// mute silences, a WAV export with simultaneous drum hits sounds, and a failed export leaves playback working.

let ctx: Awaited<ReturnType<typeof serveWithDefaultModel>>
let browser: Browser
let page: Page
let problems: string[] = []

/** Two bars of drums with three to five hits on every beat (kick, two snares, two closed hats, crash), and a bass. */
function drumPiece(): Piece {
  const hits: NoteEvent[] = []
  for (let beat = 0; beat < 8; beat++)
    for (const pitch of [36, 38, 40, 42, 44, ...(beat % 4 === 0 ? [49, 57] : [])])
      hits.push({ pitch, start: beat * 480, duration: 120, velocity: 100 })
  const bass = [0, 960, 1920, 2880].map((start) => ({
    pitch: 36,
    start,
    duration: 900,
    velocity: 90
  }))
  return {
    title: 'Drum test',
    ppq: 480,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: FAMILIES.map((f) => ({
      name: f.name,
      family: f.index,
      program: f.program,
      isDrum: f.isDrum,
      notes: f.index === 0 ? hits : f.name === 'Bass' ? bass : []
    }))
  }
}

/** Peak and the number of full-scale samples of a 16-bit PCM WAV. */
function wavPeak(bytes: Buffer): { peak: number; clipped: number; seconds: number } {
  const data = bytes.indexOf('data') + 8
  const rate = bytes.readUInt32LE(24)
  const channels = bytes.readUInt16LE(22)
  let peak = 0
  let clipped = 0
  for (let i = data; i + 1 < bytes.length; i += 2) {
    const v = Math.abs(bytes.readInt16LE(i)) / 32768
    peak = Math.max(peak, v)
    if (v >= 32767 / 32768) clipped++
  }
  return { peak, clipped, seconds: (bytes.length - data) / 2 / channels / rate }
}

async function exportWav(): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-wav').click()
  ])
  return readFileSync(await download.path())
}

/** Play from the start for a while and read the output level, then stop. */
async function playLevel(ms = 1500): Promise<{ peak: number; rms: number; tapped: boolean }> {
  await page.keyboard.press('Home')
  await page.getByTestId('play').click()
  await page.getByTestId('play').getByText('Stop').waitFor()
  await page.waitForTimeout(300)
  const level = await outputLevel(page, ms)
  await page.getByTestId('play').click()
  await page.getByTestId('play').getByText('Play').waitFor()
  await page.waitForTimeout(200)
  return level
}

beforeAll(async () => {
  ctx = await serveWithDefaultModel()
  ;({ browser, page, problems } = await openComposePage())
  await installAudioProbe(page)
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
})

describe('Compose playback through an analyser in Chromium', () => {
  it('mute silences a track: every track muted is silent, unmuted plays again', async () => {
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('compose-view').waitFor()
    await page.getByTestId('piece-title').getByText(/\S/).waitFor()
    const loud = await playLevel(2000)
    const rows = page.getByTestId('track-list').locator('li')
    const n = await rows.count()
    for (let i = 0; i < n; i++) await rows.nth(i).getByTitle('Mute').click()
    const muted = await playLevel(2000)
    for (let i = 0; i < n; i++) await rows.nth(i).getByTitle('Mute').click()
    const again = await playLevel(2000)
    expect(loud.tapped).toBe(true)
    expect(loud.rms).toBeGreaterThan(0.01)
    expect(muted.peak).toBeLessThan(0.001)
    expect(again.rms).toBeGreaterThan(0.01)

    // Clicking the keyboard previews the pitch on the edited track while stopped.
    const keys = await page.getByTestId('roll-keys').boundingBox()
    if (!keys) throw new Error('no keyboard')
    const heard = outputLevel(page, 700)
    await page.mouse.click(keys.x + 10, keys.y + keys.height / 2)
    expect((await heard).peak).toBeGreaterThan(0.01)
    expect(problems).toEqual([])
  })

  it('exports simultaneous drum hits to a WAV that sounds; a failed export says so and playback still sounds', async () => {
    const saved = await ctx.client.api.pieces.save({
      title: 'Drum test',
      piece: drumPiece() as never
    })
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByRole('button', { name: 'Open…' }).click()
    await page.getByRole('button', { name: /Drum test/ }).click()
    await page.getByTestId('piece-title').getByText('Drum test').waitFor()

    const wav = wavPeak(await exportWav())
    expect(wav.seconds).toBeGreaterThan(4)
    expect(wav.peak).toBeGreaterThan(0.05)
    expect(wav.clipped).toBe(0) // the master limiter keeps the WAV under full scale
    expect((await playLevel()).rms).toBeGreaterThan(0.01)

    await breakOfflineRendering(page, true)
    await page.getByTestId('export-wav').click()
    await page.getByRole('alert').filter({ hasText: /WAV/ }).waitFor()
    await breakOfflineRendering(page, false)
    expect((await playLevel()).rms).toBeGreaterThan(0.01)
    expect(saved.id).toBeTruthy()
    expect(problems).toEqual([])
  })

  it('the first play after a fresh load sounds at once, with the playhead still in the first beat', async () => {
    for (let load = 0; load < 3; load++) {
      const fresh = await browser.newPage({ viewport: { width: 1400, height: 860 } })
      await installAudioProbe(fresh)
      await fresh.goto(`${ctx.server.url}#compose`)
      await fresh.getByTestId('piece-title').getByText(/\S/).waitFor()
      await fresh.locator('[data-testid="play"][data-ready="true"]').waitFor()
      await fresh.getByTestId('play').click()
      await expect.poll(async () => (await firstSound(fresh)).ms, { timeout: 3000 }).not.toBeNull()
      // The example's first notes are on the downbeat: heard while the playhead still shows beat 1.
      expect((await firstSound(fresh)).position).toBe('1.1')
      await fresh.close()
    }
  })
})

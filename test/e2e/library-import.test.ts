import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs'
import { startServer, type RunningServer } from '../../src/main/serve/server'
import { serveDialogs } from '../../src/main/serve/dialogs'
import { ROOT, tempDataDir, testServices } from '../helpers/api'
import { fixtureMidiFiles } from '../helpers/fixtures'

// Import MIDI from the Library view end to end: the built renderer in Debian's Chromium against serve mode started
// with a music folder (3 real files and 1 broken one), the real import worker and library. Needs `npx electron-vite build`.

const music = tempDataDir('b2b-music-')
const SHOT = join(ROOT, 'test-results', 'e2e-import.png')

let server: RunningServer
let publish: (command: 'import') => void
let close: () => Promise<void>
let browser: Browser
let page: Page
const problems: string[] = []

beforeAll(async () => {
  for (const f of fixtureMidiFiles('pop909').slice(0, 3))
    copyFileSync(f, join(music.dir, basename(f)))
  writeFileSync(join(music.dir, 'broken.mid'), 'this is not a MIDI file')
  const { services, cleanup } = testServices({ dialogs: serveDialogs(music.dir) })
  server = await startServer({
    rendererDir: join(ROOT, 'out/renderer'),
    dispatcher: services.dispatcher,
    bus: services.bus
  })
  publish = (command) => services.bus.publish({ type: 'menu:command', command })
  close = async () => {
    await server.close()
    await services.close()
    cleanup()
  }
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
})

afterAll(async () => {
  await browser?.close()
  await close?.()
  music.cleanup()
})

describe('Library import end to end', () => {
  it('imports the served music folder through the UI: progress, then 3 imported and 1 failed in the report', async () => {
    // File > Import from another view switches to Library > datasets with the import form open
    await page.goto(`${server.url}#compose`)
    await page.locator('[data-testid="compose-view"]').waitFor()
    // the page subscribes once connected: send again until the view switches (opening is idempotent)
    await expect
      .poll(async () => {
        publish('import')
        return page.locator('[data-testid="library-view"]').count()
      })
      .toBe(1)
    await page.getByRole('button', { name: 'Choose folder…' }).waitFor()
    await page.getByRole('button', { name: 'Choose folder…' }).click()
    await expect.poll(() => page.getByTestId('import-source').textContent()).toContain('4 files')
    await page.getByLabel('Dataset name').fill('served grooves')
    await page.getByText('Advanced').click()
    await page.getByLabel('Min notes per segment').fill('1')
    await page.getByRole('button', { name: 'Start import' }).click()

    // progress is shown while it runs (or the outcome, when the 4 files are quicker than the first look)
    const seen = await page
      .locator('[data-testid="import-progress"], [data-testid="import-outcome"]')
      .first()
      .textContent({ timeout: 30_000 })
    expect(seen).toMatch(/of 4 files|Imported/)
    const outcome = page.getByTestId('import-outcome')
    await expect.poll(() => outcome.textContent(), { timeout: 60_000 }).toContain('Imported')
    expect(await page.getByTestId('import-failures').textContent()).toMatch(
      /broken\.mid could not be imported/
    )

    const row = page.locator('[data-testid="datasets-list"] tr', { hasText: 'served grooves' })
    await expect.poll(() => row.textContent()).toMatch(/4 files .* 1 errors/)
    const report = page.getByTestId('dataset-report')
    await expect.poll(() => report.locator('tbody tr').count()).toBe(4)
    const statuses = await report.locator('tbody tr td:nth-child(2)').allTextContents()
    expect(statuses.filter((s) => s.trim() === 'ok')).toHaveLength(3)
    expect(await report.locator('tbody tr.error').count()).toBe(1)
    mkdirSync(join(ROOT, 'test-results'), { recursive: true })
    await page.screenshot({ path: SHOT, fullPage: true })
    expect(problems).toEqual([])
  })

  it('cancels a long import from the UI: "Import cancelled" and no dataset left behind', async () => {
    // The fixtures copied 4 times (over 300 files): long enough to cancel midway.
    for (let copy = 0; copy < 4; copy++)
      for (const f of fixtureMidiFiles())
        copyFileSync(f, join(music.dir, `${copy}-${basename(dirname(f))}-${basename(f)}`))
    await page.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: 'Import MIDI…' }).click()
    await page.getByRole('button', { name: 'Choose folder…' }).click()
    await expect.poll(() => page.getByTestId('import-source').textContent()).toMatch(/\d{3} files/)
    await page.getByLabel('Dataset name').fill('never kept')
    await page.getByRole('button', { name: 'Start import' }).click()
    await expect
      .poll(() => page.getByTestId('import-progress').textContent(), { timeout: 30_000 })
      .toMatch(/[1-9]\d* of \d+ files/)
    await page.screenshot({ path: join(ROOT, 'test-results', 'e2e-import-progress.png') })
    await page.getByRole('button', { name: 'Cancel import' }).click()
    const outcome = page.getByTestId('import-outcome')
    await expect
      .poll(() => outcome.textContent(), { timeout: 30_000 })
      .toContain('Import cancelled')
    const rows = page.locator('[data-testid="datasets-list"] tr')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('served grooves')
    expect(problems).toEqual([])
  })
})

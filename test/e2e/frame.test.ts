import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs'
import { ROOT, serveForTest } from '../helpers/api'

// End to end against serve mode: the built renderer (npx electron-vite build first) in Debian's Chromium, talking to
// the real handlers over the WebSocket.

let ctx: Awaited<ReturnType<typeof serveForTest>>
let browser: Browser
let page: Page
const problems: string[] = []
const shots = join(ROOT, 'test-results')

beforeAll(async () => {
  ctx = await serveForTest()
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  mkdirSync(shots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
})

describe('the app in Chromium through serve mode', () => {
  it('loads, shows the library view, and logs no console errors', async () => {
    await page.goto(`${ctx.server.url}#library`)
    const main = page.locator('main[data-view="library"]')
    await main.waitFor()
    await expect(
      page.getByRole('button', { name: 'Library' }).getAttribute('aria-current')
    ).resolves.toBe('page')
    await page.getByRole('heading', { name: 'Library' }).waitFor()
    await page.getByText('No jobs running').waitFor()
    await page.getByText(/Engine/).waitFor()
    expect(new URL(page.url()).search).toBe('') // the token left the address bar
    await page.screenshot({ path: join(shots, 'e2e-library.png') })
    expect(problems).toEqual([])
  })

  it('shows a running job with its progress in the status bar', async () => {
    const job = ctx.services.deps.jobs.start('import', 'Importing Pop 909', 'd1')
    await page.getByText('Importing Pop 909').waitFor()
    ctx.services.deps.jobs.update(job.id, { progress: 0.42 })
    await page.getByText('42%').waitFor()
    await page.screenshot({ path: join(shots, 'e2e-status-job.png') })
    ctx.services.deps.jobs.update(job.id, { state: 'failed', message: 'the folder was removed' })
    await page
      .getByRole('alert')
      .getByText(/Importing Pop 909: the folder was removed/)
      .waitFor()
    await page.getByText('No jobs running').waitFor()
  })

  it('moves between views by keyboard, with visible focus, and keeps the view in the hash', async () => {
    await page.keyboard.press('Alt+2')
    await page.locator('main[data-view="train"]').waitFor()
    expect(new URL(page.url()).hash).toBe('#train')
    await page.keyboard.press('Tab')
    // Runs in the page (a string, so this Node-typed file needs no DOM types).
    const outline = (await page.evaluate(
      '({ tag: document.activeElement.tagName, outline: getComputedStyle(document.activeElement).outlineStyle })'
    )) as { tag: string; outline: string }
    expect(outline.outline).not.toBe('none')
    await page.getByRole('button', { name: 'Compare' }).focus()
    await page.keyboard.press('Enter')
    await page.locator('main[data-view="compare"]').waitFor()
    await page.goto(`${ctx.server.origin}/#library`) // reload with the cookie only, no token in the URL
    await page.locator('main[data-view="library"]').waitFor()
    await page.getByText('No jobs running').waitFor()
    expect(problems).toEqual([])
  })
})

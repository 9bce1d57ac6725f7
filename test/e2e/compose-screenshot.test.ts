import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/api'
import { openComposePage, serveWithDefaultModel } from './composeServer'

// The README's Compose screenshot: a generated piece fitted to the view after first start, in serve mode. It goes to
// test-results/; UPDATE_SCREENSHOTS=1 writes docs/screenshots/compose.png instead.

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

describe('Compose screenshot', () => {
  it('generates, fits the piece and takes the Compose screenshot', async () => {
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('piece-title').getByText(/\S/).waitFor()
    await page.getByTestId('generate').click()
    await page.getByTestId('variation-3').waitFor()
    await page.getByTestId('variation-1').click()
    await page.getByTestId('piece-title').getByText('Seed 2').waitFor()
    await page.waitForTimeout(400)
    const docs = process.env.UPDATE_SCREENSHOTS === '1'
    await page.screenshot({
      path: join(ROOT, docs ? 'docs/screenshots/compose.png' : 'test-results/e2e-compose.png')
    })
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png').click()
    ])
    await png.saveAs(join(ROOT, 'test-results/e2e-compose-export.png'))
    await page
      .getByTestId('track-list')
      .getByRole('button', { name: /^Drums/ })
      .click()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ROOT, 'test-results/e2e-compose-drums.png') })
    expect(problems).toEqual([])
  })
})

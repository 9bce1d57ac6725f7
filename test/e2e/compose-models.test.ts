import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, serveForTest } from '../helpers/api'
import { tempResources } from '../helpers/shippedModels'
import { openComposePage } from './composeServer'

// Issue 18 item 3 in Chromium through serve mode: two shipped models (the default and a second one made from a copy of
// it with its own name and thresholds); Compose opens on the default at its threshold, and choosing the other model
// moves the threshold to the one that model's model.json recommends.

const resources = tempResources([
  {
    id: 'piano',
    name: 'Piano model',
    threshold: 0.3,
    recommendedThresholds: { Piano: 0.25 }
  }
])
let ctx: Awaited<ReturnType<typeof serveForTest>>
let browser: Browser
let page: Page
let problems: string[] = []
const shots = join(ROOT, 'test-results')

beforeAll(async () => {
  ctx = await serveForTest({ firstRun: true, resourcesDir: resources.dir })
  ;({ browser, page, problems } = await openComposePage())
  mkdirSync(shots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
  resources.cleanup()
})

describe('Compose with two shipped models', () => {
  it('lists each by name, the default first, each starting at its own threshold', async () => {
    const models = await ctx.client.api.generation.models()
    expect(models.map((m) => m.kind)).toEqual(['default', 'shipped'])
    await page.goto(`${ctx.server.url}#compose`)
    const select = page.getByTestId('model')
    await expect
      .poll(() => select.locator('option').allTextContents())
      .toEqual(models.map((m) => m.label))
    expect(models[1].label).toMatch(/^Piano model, epoch \d+$/)
    expect(await select.inputValue()).toBe(models[0].id)
    const shown = () => page.getByTestId('threshold-value').textContent()
    const bandShown = await shown()
    expect(Number(await page.getByTestId('threshold').inputValue())).toBe(
      models[0].recommendedThreshold
    )
    await select.selectOption(models[1].id)
    await expect.poll(() => page.getByTestId('threshold').inputValue()).toBe('0.3')
    expect(await shown()).not.toBe(bandShown)
    await page.getByTestId('generate').click()
    await page.getByTestId('variation-1').click()
    await page.getByTestId('piece-title').waitFor()
    await page.screenshot({ path: join(shots, 'e2e-compose-piano-model.png') })
    await select.selectOption(models[0].id)
    await expect
      .poll(() => page.getByTestId('threshold').inputValue())
      .toBe(String(models[0].recommendedThreshold))
    expect(problems).toEqual([])
  })
})

// Time from pressing Generate to the piece on screen, in Debian's Chromium against serve mode (built renderer:
// run `npx electron-vite build` first). Run: `npx tsx bench/ui/generate.ts [repeats]`. Prints figures, asserts nothing.
import { chromium } from 'playwright-core'
import { serveWithDefaultModel } from '../../test/e2e/composeServer'
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs'

// Runs in the page: click Generate, then wait for the first animation frame after the picked variation's
// thumbnail and the roll's title changed (the piece is drawn in that frame).
const MEASURE = `new Promise((resolve) => {
  const title = () => document.querySelector('[data-testid="piece-title"]')?.textContent
  const before = title()
  const t0 = performance.now()
  document.querySelector('[data-testid="generate"]').click()
  const poll = () => {
    const shown = document.querySelector('[data-testid="variation-0"]') && title() !== before
    if (shown) requestAnimationFrame(() => resolve(performance.now() - t0))
    else if (performance.now() - t0 > 60000) resolve(-1)
    else requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
})`

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]

async function main(): Promise<void> {
  const repeats = Number(process.argv[2] ?? 10)
  const ctx = await serveWithDefaultModel()
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS
  })
  try {
    const models = await ctx.client.api.generation.models().catch((e: Error) => e)
    if (models instanceof Error || models.length === 0) {
      console.log(JSON.stringify({ bench: 'ui-generate-to-screen', skipped: String(models) }))
      return
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } })
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('generate').waitFor()
    await page.getByTestId('generate').isEnabled()
    const ms: number[] = []
    for (let i = 0; i < repeats; i++) {
      await page.getByTestId('seed').fill(String(100 + i))
      ms.push((await page.evaluate(MEASURE)) as number)
    }
    const counts = { count: 4, repeats, model: models[0].label }
    const figures = {
      median: +pct(ms, 0.5).toFixed(1),
      p95: +pct(ms, 0.95).toFixed(1),
      min: +Math.min(...ms).toFixed(1)
    }
    console.log(JSON.stringify({ bench: 'ui-generate-to-screen', ...counts, ms: figures }))
  } finally {
    await browser.close()
    await ctx.close()
  }
}

void main()

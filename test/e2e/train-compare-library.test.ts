import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs'
import { ROOT, serveForTest } from '../helpers/api'
import { fixtureMidiFiles } from '../helpers/fixtures'

// The views' must-shows end to end: the built renderer in Debian's Chromium against serve mode and the real back end
// (library, trainer worker, generation). Start a tiny run from the Train view, watch it move, pause, resume, stop;
// compare two runs with the SSM comparison; answer a 3-pair listening test and find it stored; screenshot every view;
// measure long tasks while the curves update. Needs `npx electron-vite build` first (npm test does it).

const shots = join(ROOT, 'test-results', 'e2e-views')

let ctx: Awaited<ReturnType<typeof serveForTest>>
let browser: Browser
let page: Page
const problems: string[] = []
const runIds: string[] = []

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 120_000
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) {
      const alerts = await page.getByRole('alert').allTextContents()
      const runs = (await ctx.client.api.runs.list()).map((r) => `${r.name}: ${r.status}`)
      throw new Error(
        `timed out waiting for ${what}; alerts ${JSON.stringify(alerts)}; runs ${runs}`
      )
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Show a view after a full load: other builds of out/ may have replaced the lazy chunks an older page refers to. */
async function open(view: string): Promise<void> {
  await page.goto(`${ctx.server.origin}/#${view}`)
  await page.reload()
}

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
const runButton = (name: string) =>
  page.locator('[data-testid="run-progress"]').getByRole('button', { name, exact: true })
const status = () => page.locator('[data-testid="run-progress"]').getAttribute('data-status')

async function importDataset(): Promise<string> {
  const files = fixtureMidiFiles('pop909').slice(0, 2)
  const grant = await ctx.services.deps.grants.register('midi-files', files)
  const { datasetId } = await ctx.client.api.datasets.import({
    name: 'pop e2e',
    sourceId: grant.sourceId
  })
  await until('the dataset import', async () => {
    const d = (await ctx.client.api.datasets.list()).find((x) => x.id === datasetId)
    return d?.status === 'ready'
  })
  return datasetId
}

/** Start a run from the Train form with a tiny config; returns its id. */
async function startRun(name: string, epochs: number): Promise<string> {
  await open('train')
  await page.locator('[data-testid="train-view"]').waitFor()
  await page.getByLabel('Run name', { exact: true }).fill(name)
  await page.locator('input[name="preset"]').nth(2).check() // small
  await page
    .locator('details')
    .first()
    .evaluate((d) => ((d as unknown as { open: boolean }).open = true))
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs))
  await page.getByLabel('Batch size', { exact: true }).fill('4')
  await page.getByLabel('Samples every (epochs)').fill('1')
  await page.getByLabel('Checkpoint every (epochs)').fill('1')
  await page.getByRole('button', { name: 'Start training' }).click()
  const run = await until('the new run', async () =>
    (await ctx.client.api.runs.list()).find((r) => r.name === name)
  )
  return run.id
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  ctx = await serveForTest()
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  // Every page load records its long tasks (> 50 ms) in window.__long.
  await page.addInitScript(`(() => {
    window.__long = []
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration) })
      .observe({ type: 'longtask' })
  })()`)
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  await page.goto(ctx.server.url)
  await importDataset()
})

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && page) {
    await shot(`failed-${task.name.slice(0, 20).replace(/\W+/g, '-')}`)
    console.warn(`page at ${page.url()}; problems: ${JSON.stringify(problems)}`)
  }
})

afterAll(async () => {
  await browser?.close()
  await ctx?.close()
})

describe('Train, Compare and Library views end to end', () => {
  it('trains a tiny run from the UI: curves and progress move, pause, resume, stop; no long task from our code', async () => {
    // the observer is installed in every page load by an init script (beforeAll); this run's page loads once
    const id = await startRun('e2e tiny A', 2)
    runIds.push(id)
    const step = page.locator('[data-testid="step"]')
    await until('progress', async () => Number((await step.textContent())?.replace(/\D/g, '')) > 0)
    const first = await step.textContent()
    await until('more progress', async () => (await step.textContent()) !== first)
    await shot('train-running')
    await runButton('Pause').click()
    await until('paused', async () => (await status()) === 'paused')
    await runButton('Resume').click()
    await until('running again', async () => (await status()) === 'running')
    await until(
      'a sample',
      async () => (await page.locator('[data-testid="sample-grid"] button').count()) > 0
    )
    await until(
      'the run to end',
      async () => ['finished', 'stopped'].includes((await status()) ?? ''),
      300_000
    )
    await shot('train-finished')
    const long = (await page.evaluate('window.__long')) as number[]
    console.log(
      `e2e long tasks while training: ${long.length}, max ${Math.max(0, ...long).toFixed(0)} ms`
    )
    const runB = await startRun('e2e tiny B', 2)
    runIds.push(runB)
    await until(
      'run B to move',
      async () => Number((await step.textContent())?.replace(/\D/g, '')) > 0
    )
    await until(
      'a sample of run B',
      async () => (await page.locator('[data-testid="sample-grid"] button').count()) > 0
    )
    await runButton('Stop').click()
    await until('stopped', async () => (await status()) === 'stopped')
    // Opened again (a reload: the page keeps nothing), the stopped run is listed as resumable and resumes.
    await page.reload()
    const resumable = page.locator('.resumable li', { hasText: 'e2e tiny B' })
    await resumable.waitFor()
    await resumable.getByRole('button', { name: 'Resume' }).click()
    await until('run B running again', async () => (await status()) === 'running')
    await runButton('Stop').click()
    // a 2-epoch run may finish before the stop lands
    await until('run B stopped again', async () =>
      ['stopped', 'finished'].includes((await status()) ?? '')
    )
    expect(problems).toEqual([])
  }, 480_000)

  it('compares the two runs and opens the SSM comparison', async () => {
    await open('compare')
    await page.locator('[data-testid="compare-view"]').waitFor()
    for (const name of ['e2e tiny A', 'e2e tiny B']) await page.getByLabel(new RegExp(name)).check()
    await page.locator('[data-testid="loss-chart"]').first().waitFor()
    await page.getByRole('button', { name: 'Show SSM comparison' }).click()
    await until(
      'SSM heatmaps',
      async () => (await page.locator('[data-testid="ssm-compare"] canvas').count()) === 3
    )
    await until(
      'metrics',
      async () => (await page.locator('[data-testid="metrics-table"] tbody tr').count()) > 10
    )
    await shot('compare')
  })

  it('answers a 3-pair listening test and finds the result stored', async () => {
    await page.getByRole('button', { name: 'Take test' }).first().click()
    for (let i = 0; i < 3; i++) {
      await page.locator('[data-clip="a"] input[type="radio"]').check()
      await page.getByLabel('A 3', { exact: true }).click()
      await page.getByLabel('B 4', { exact: true }).click()
      await page.locator('button.next').click()
    }
    await page.locator('[data-testid="listening-summary"]').waitFor()
    await shot('listening-result')
    const stored = await ctx.client.api.listening.results({ ids: [runIds[0]] })
    expect(stored[0].answers).toHaveLength(3)
    await page.getByRole('button', { name: 'Close listening test' }).click()
    await until('the stored result in Compare', async () =>
      (await page.locator('[data-testid="listening-results"]').textContent())?.includes('%')
    )
  })

  it('shows the runs, datasets and pieces in the Library', async () => {
    await open('library')
    await page.locator('[data-testid="library-view"]').waitFor()
    await page.getByRole('button', { name: 'runs' }).click()
    await page.getByText('e2e tiny A').waitFor()
    await shot('library-runs')
    await page.getByRole('button', { name: 'datasets' }).click()
    await page.getByRole('button', { name: 'Report' }).first().click()
    await page.locator('[data-testid="dataset-report"]').waitFor()
    await shot('library-datasets')
    expect(problems).toEqual([])
  })
})

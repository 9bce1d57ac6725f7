import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs'
import { ROOT, serveForTest } from '../helpers/api'
import { fixtureMidiFiles } from '../helpers/fixtures'

// The views' must-shows end to end: the built renderer in Debian's Chromium against serve mode and the real back end
// (library, trainer worker, generation, first start's default model and example pieces). Start a tiny run from the
// Train view, watch it move (y-axis numbers, backend, one progress figure), pause ("pausing…"), resume, stop; reopen
// the finished run; compare two runs, then the default model with its metrics and SSM; answer a 3-pair listening test
// of the default model and see the table count it; open and play a piece from the Library; screenshot every view;
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
const header = (id: string) => page.locator(`[data-testid="run-progress"] [data-testid="${id}"]`)

/**
 * The y-axis tick labels of the loss chart with the most of them, and the bright pixels drawn left of its plot,
 * leaving out the tick marks (the numbers themselves).
 */
async function yAxis(scope = 'body'): Promise<{ ticks: string[]; ink: number }> {
  return page.evaluate(`(() => {
    const charts = [...document.querySelector(${JSON.stringify(scope)}).querySelectorAll('[data-testid="loss-chart"]')]
    const read = (root) => {
      const el = root.querySelector('[data-y-ticks]')
      const canvas = root.querySelector('canvas')
      const over = root.querySelector('.u-over')
      if (!canvas || !over) return { ticks: [], ink: 0 }
      const scale = canvas.width / canvas.getBoundingClientRect().width
      const strip = Math.floor((over.offsetLeft - 12) * scale)
      const data = strip > 0 ? canvas.getContext('2d').getImageData(0, 0, strip, canvas.height).data : []
      let ink = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && data[i] > 100) ink++
      return { ticks: (el?.dataset.yTicks ?? '').split(' ').filter(Boolean), ink }
    }
    return charts.map(read).sort((a, b) => b.ticks.length - a.ticks.length)[0] ?? { ticks: [], ink: 0 }
  })()`)
}

/** Header bar and status bar progress, read in one go. */
const bars = () =>
  page.evaluate(`(() => ({
    header: Number(document.querySelector('[data-testid="run-progress"] [role="progressbar"]').getAttribute('aria-valuenow')),
    status: Number(document.querySelector('footer progress')?.getAttribute('value') ?? NaN)
  }))()`) as Promise<{ header: number; status: number }>

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
  ctx = await serveForTest({ firstRun: true })
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
    // y-axis numbers on the loss charts
    await until(
      'y-axis numbers',
      async () => (await yAxis('[data-testid="train-view"]')).ticks.length >= 2
    )
    const axis = await yAxis('[data-testid="train-view"]')
    expect(axis.ticks.length).toBeGreaterThanOrEqual(2)
    expect(axis.ticks.every((t) => Number.isFinite(Number(t)))).toBe(true)
    expect(axis.ink).toBeGreaterThan(30)
    // the backend named in the header and the status bar while it runs
    await until('the backend in the header', async () =>
      ['wasm', 'tensorflow', 'tensorflow-gpu', 'cpu'].includes(
        (await header('backend').textContent()) ?? ''
      )
    )
    await until('the backend in the status bar', async () =>
      (await page.locator('footer').textContent())?.includes('Engine: ')
    )
    // one progress figure: header and status bar agree
    await until('both progress bars moving', async () => (await bars()).header > 0)
    const both = await bars()
    expect(Math.abs(both.header - both.status)).toBeLessThanOrEqual(2)
    await shot('train-running')
    await runButton('Pause').click()
    // said at once, before the worker has finished its step
    expect(await header('run-status').textContent()).toBe('pausing…')
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
    await until('the last epoch', async () =>
      (await header('epoch').textContent())?.includes('epoch 2 / 2')
    )
    if ((await status()) === 'finished')
      expect(await header('epoch').textContent()).toBe('epoch 2 / 2 (finished)')
    // the dashboard says so when every sample of the run is silent
    const samples = await ctx.client.api.runs.samples({ id })
    const pieces = await Promise.all(
      samples.map((x) => ctx.client.api.generation.sample({ sampleId: x.id, threshold: 0.9 }))
    )
    const silent = pieces.every((p) => p.tracks.every((t) => t.notes.length === 0))
    console.log(`e2e run A: ${samples.length} samples, all silent: ${silent}`)
    await until(
      'the sample grid',
      async () =>
        (await page.locator('[data-testid="sample-grid"] button').count()) === samples.length
    )
    expect(await page.locator('[data-testid="empty-samples"]').count()).toBe(silent ? 1 : 0)
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
      async () => (await page.locator('[data-testid="sample-grid"] button').count()) > 0,
      300_000
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
  }, 900_000)

  it('reopens a finished run in Train: its curves (with y-axis numbers) and its last epoch', async () => {
    await open('train')
    const item = page.locator('[data-testid="train-runs"] li', { hasText: 'e2e tiny A' })
    await item.getByRole('button', { name: 'e2e tiny A' }).click()
    await until('run A on show', async () =>
      (await page.locator('[data-testid="run-progress"] strong').textContent())?.includes(
        'e2e tiny A'
      )
    )
    expect(await status()).toBe('finished')
    expect(await header('epoch').textContent()).toBe('epoch 2 / 2 (finished)')
    await until(
      'its curves',
      async () => (await yAxis('[data-testid="train-view"]')).ticks.length > 1
    )
    expect((await yAxis('[data-testid="train-view"]')).ink).toBeGreaterThan(30)
    await page.screenshot({ path: join(shots, 'train.png') })
  })

  it('compares the two runs and opens the SSM comparison', async () => {
    await open('compare')
    await page.locator('[data-testid="compare-view"]').waitFor()
    for (const name of ['e2e tiny A', 'e2e tiny B'])
      await page.getByRole('checkbox', { name: new RegExp(name) }).check()
    await page.locator('[data-testid="loss-chart"]').first().waitFor()
    await page.getByRole('button', { name: 'Show SSM comparison' }).click()
    // real data and both runs: a heatmap each, or "no notes" for a run whose piece is empty
    await until(
      'SSM heatmaps',
      async () =>
        (await page.locator('[data-testid="ssm-compare"] canvas').count()) +
          (await page.locator('[data-testid="ssm-silent"]').count()) ===
        3
    )
    await until(
      'y-axis numbers',
      async () => (await yAxis('[data-testid="compare-view"]')).ticks.length >= 2
    )
    const axis = await yAxis('[data-testid="compare-view"]')
    expect(axis.ink).toBeGreaterThan(30)
    await until(
      'metrics',
      async () => (await page.locator('[data-testid="metrics-table"] tbody tr').count()) > 10
    )
    await shot('compare')
  })

  it('compares the default model: its metrics, its SSM, and why no samples sit side by side', async () => {
    for (const name of ['e2e tiny A', 'e2e tiny B'])
      await page.getByRole('checkbox', { name: new RegExp(name) }).uncheck()
    await page.getByRole('checkbox', { name: /Default model/ }).check()
    await page.getByRole('checkbox', { name: /e2e tiny A/ }).check()
    await until('metrics of the default model', async () => {
      const cells = await page
        .locator('[data-testid="metrics-table"] tbody tr td:nth-child(3)')
        .allTextContents()
      return cells.filter((c) => Number.isFinite(Number(c)) && c.trim() !== '').length >= 10
    })
    const real = await page
      .locator('[data-testid="metrics-table"] tbody tr td:nth-child(2)')
      .allTextContents()
    expect(real.filter((c) => c.includes('±')).length).toBeGreaterThanOrEqual(10)
    expect(await page.locator('[data-testid="sample-gap"]').textContent()).toContain(
      '“Default model” kept no samples'
    )
    await page.getByRole('button', { name: 'Show SSM comparison' }).click()
    // real data (run A's dataset) and the default model are drawn; run A too, or "no notes" when its piece is empty
    await until(
      'the default model’s SSM',
      async () =>
        (await page.locator('[data-testid="ssm-compare"] canvas').count()) >= 2 &&
        (await page.locator('[data-testid="ssm-compare"] canvas').count()) +
          (await page.locator('[data-testid="ssm-silent"]').count()) ===
          3
    )
    await page.locator('[data-testid="ssm-compare"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'compare.png') })
    await shot('compare-default-model')
  })

  it('takes the listening test of the default model; the table counts each answer', async () => {
    const row = page.locator('[data-testid="listening-results"] tbody tr', {
      hasText: 'Default model'
    })
    await row.getByRole('button', { name: 'Take test' }).click()
    const panel = page.locator('[data-testid="listening-panel"]')
    await until('the first pair', async () => (await panel.textContent())?.includes('Pair 1 of 3'))
    expect(await panel.getByRole('alert').count()).toBe(0)
    for (let i = 0; i < 3; i++) {
      await panel.locator('[data-clip="a"] input[type="radio"]').check()
      await panel.getByLabel('A 3', { exact: true }).click()
      await panel.getByLabel('B 4', { exact: true }).click()
      await panel.locator('button.next').click()
      if (i === 0)
        await until(
          'the table to count the first answer',
          async () => (await row.locator('td').nth(1).textContent())?.trim() === '1'
        )
    }
    await panel.locator('[data-testid="listening-summary"]').waitFor()
    await shot('listening-result')
    const defaultId = (await ctx.client.api.runs.list()).find((r) => r.name === 'Default model')!.id
    const stored = await ctx.client.api.listening.results({ ids: [defaultId] })
    expect(stored[0].answers).toHaveLength(3)
    await page.getByRole('button', { name: 'Close listening test' }).click()
    await until(
      'the stored result in Compare',
      async () => (await row.locator('td').nth(1).textContent())?.trim() === '3'
    )
  })

  it('shows the runs, datasets and pieces in the Library; opens and plays a piece', async () => {
    await open('library')
    await page.locator('[data-testid="library-view"]').waitFor()
    // play a piece from its row: the app's Player, its output read through an analyser
    const row = page.locator('[data-testid="pieces-list"] tr', {
      has: page.locator('.name', { hasText: /^Night drive/ })
    })
    await row.getByRole('button', { name: 'Play' }).click()
    const playing = row.locator('[data-testid="playing"]')
    await playing.waitFor()
    await until(
      'sound from the Library',
      async () => Number(await playing.getAttribute('data-level')) > 0.001,
      30_000
    )
    await page.screenshot({ path: join(shots, 'library.png') })
    await playing.click()
    await row.getByRole('button', { name: 'Play' }).waitFor()
    await page.getByRole('button', { name: 'runs' }).click()
    await page.locator('[data-testid="runs-list"]').getByText('e2e tiny A').waitFor()
    await shot('library-runs')
    await page.getByRole('button', { name: 'datasets' }).click()
    await page.getByRole('button', { name: 'Report' }).first().click()
    await page.locator('[data-testid="dataset-report"]').waitFor()
    await shot('library-datasets')
    // deleting the dataset the two runs trained on names them and what happens to them; cancelled here
    await page
      .locator('[data-testid="datasets-list"] tr', { hasText: 'pop e2e' })
      .getByRole('button', { name: 'Delete' })
      .click()
    const dialog = page.getByRole('alertdialog')
    expect((await dialog.textContent())?.replace(/\s+/g, ' ')).toContain(
      '2 runs were trained on it'
    )
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    // the import form shows what its blank advanced fields mean
    await page.getByRole('button', { name: 'Import MIDI…' }).click()
    await page.getByText('Advanced').click()
    expect(await page.getByLabel('Min active steps').getAttribute('placeholder')).toBe(
      '16 (default)'
    )
    // open a piece in Compose
    await page.getByRole('button', { name: 'pieces' }).click()
    await row.getByRole('button', { name: 'Open' }).click()
    await page.getByTestId('compose-view').waitFor()
    await page.getByTestId('piece-title').getByText('Night drive').waitFor()
    expect(page.url()).toContain('#compose')
    expect(problems).toEqual([])
  })
})

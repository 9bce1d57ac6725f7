// WAV export and the main thread, in Debian's Chromium against serve mode: over N exports of the opening example,
// the longest main-thread task (PerformanceObserver 'longtask', tasks over 50 ms) while the export runs, the sum of
// long tasks, and the export's wall time; the anchor is the longest task of the same page left idle as long (a busy
// machine makes long tasks of its own). Prints figures; asserts nothing.
// Run: ELECTRON_MAJOR_VER=40 npx electron-vite build && EXPORTS=5 npx vitest run --config bench/ui/node.config.mts wavExport
import { it } from 'vitest'
import { serveForTest } from '../../../test/helpers/api'
import { openComposePage } from '../../../test/e2e/composeServer'

interface Watch {
  __longTasks: number[]
}

it('WAV export: longest main-thread task', async () => {
  const exports = Number(process.env.EXPORTS ?? 5)
  const ctx = await serveForTest({ firstRun: true })
  const { browser, page } = await openComposePage()
  const longest: number[] = []
  try {
    await page.addInitScript(() => {
      const w = window as unknown as Watch
      w.__longTasks = []
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration)
      }).observe({ type: 'longtask', buffered: false })
    })
    await page.goto(`${ctx.server.url}#compose`)
    await page.getByTestId('piece-title').getByText(/\S/).waitFor()
    await page.waitForTimeout(1500)
    const idle: number[] = []
    for (let i = 0; i < exports; i++) {
      await page.evaluate(() => ((window as unknown as Watch).__longTasks = []))
      await page.waitForTimeout(5000)
      const tasks = await page.evaluate(() => (window as unknown as Watch).__longTasks)
      idle.push(Math.max(0, ...tasks))
    }
    console.log(
      `idle page, ${exports} x 5 s: longest task ${idle.map((t) => t.toFixed(0)).join(' ')} ms`
    )
    for (let i = 0; i < exports; i++) {
      await page.evaluate(() => ((window as unknown as Watch).__longTasks = []))
      const t0 = Date.now()
      await Promise.all([page.waitForEvent('download'), page.getByTestId('export-wav').click()])
      const wall = Date.now() - t0
      await page.waitForTimeout(300)
      const tasks = await page.evaluate(() => (window as unknown as Watch).__longTasks)
      const max = Math.max(0, ...tasks)
      longest.push(max)
      console.log(
        `export ${i + 1}: ${wall} ms, longest task ${max.toFixed(0)} ms, ${tasks.length} long tasks, ${tasks.reduce((a, b) => a + b, 0).toFixed(0)} ms in them`
      )
    }
  } finally {
    await browser.close()
    await ctx.close()
  }
  const sorted = [...longest].sort((a, b) => a - b)
  console.log(
    `WAV export over ${exports} runs: longest main-thread task median ${sorted[Math.floor((sorted.length - 1) / 2)].toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`
  )
})

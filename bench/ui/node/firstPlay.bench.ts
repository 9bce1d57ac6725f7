// First-play latency in Debian's Chromium against serve mode: over N fresh page loads, the time from pressing
// Play on the opening example to the first sound on the page's output (an analyser tap, see test/e2e/audioProbe),
// and where the playhead was then. Also the live output's peak over 4 s of playing. Prints figures; asserts nothing.
// Run: ELECTRON_MAJOR_VER=40 npx electron-vite build && LOADS=10 npx vitest run --config bench/ui/node.config.mts
import { it } from 'vitest'
import { serveForTest } from '../../../test/helpers/api'
import { openComposePage } from '../../../test/e2e/composeServer'
import { firstSound, installAudioProbe, outputLevel } from '../../../test/e2e/audioProbe'

it('first play after a fresh load', async () => {
  const loads = Number(process.env.LOADS ?? 10)
  const ctx = await serveForTest({ firstRun: true })
  const { browser } = await openComposePage()
  const ms: (number | null)[] = []
  const peaks: number[] = []
  try {
    for (let i = 0; i < loads; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } })
      await installAudioProbe(page)
      await page.goto(`${ctx.server.url}#compose`)
      await page.getByTestId('piece-title').getByText(/\S/).waitFor()
      await page.waitForTimeout(500)
      await page.getByTestId('play').click()
      let heard: number | null = null
      let at = ''
      const t0 = Date.now()
      while (heard === null && Date.now() - t0 < 6000) {
        await page.waitForTimeout(50)
        ;({ ms: heard, position: at } = await firstSound(page))
      }
      peaks.push((await outputLevel(page, 4000)).peak)
      ms.push(heard)
      console.log(
        `load ${i + 1}: first sound ${heard === null ? 'never (6 s)' : `${heard.toFixed(0)} ms`}, playhead then at ${at}`
      )
      await page.close()
    }
  } finally {
    await browser.close()
    await ctx.close()
  }
  const heard = ms.filter((m): m is number => m !== null).sort((a, b) => a - b)
  const median = heard.length ? heard[Math.floor((heard.length - 1) / 2)] : NaN
  console.log(
    `first play over ${loads} fresh loads: median ${median.toFixed(0)} ms, max ${heard.at(-1)?.toFixed(0)} ms, silent ${ms.length - heard.length}`
  )
  console.log(`live peaks over 4 s: ${peaks.map((p) => p.toFixed(2)).join(' ')}`)
})

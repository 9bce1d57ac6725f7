/// <reference lib="dom" />
import type { Page } from 'playwright-core'

/**
 * An analyser on what the page sends to its speakers, with no hook in the app: before any page script runs,
 * AudioNode.connect is wrapped so every connection to a live context's destination also feeds one AnalyserNode
 * per context. The page then samples it every 5 ms: levels over a window, and when sound first appears.
 */
function probe(): void {
  const w = window as unknown as Record<string, unknown>
  const connect = AudioNode.prototype.connect as (...a: unknown[]) => unknown
  const taps = new Map<BaseAudioContext, AnalyserNode>()
  let last: AnalyserNode | null = null
  AudioNode.prototype.connect = function (this: AudioNode, dest: unknown, ...rest: unknown[]) {
    const r = connect.call(this, dest, ...rest)
    if (dest instanceof AudioDestinationNode && !(this.context instanceof OfflineAudioContext)) {
      let a = taps.get(this.context)
      if (!a) {
        a = this.context.createAnalyser()
        a.fftSize = 2048
        taps.set(this.context, a)
      }
      last = a
      connect.call(this, a)
    }
    return r
  } as typeof AudioNode.prototype.connect
  const buf = new Float32Array(2048)
  const read = (): { peak: number; sq: number } => {
    if (!last) return { peak: 0, sq: 0 }
    last.getFloatTimeDomainData(buf)
    let peak = 0
    let sq = 0
    for (const v of buf) {
      peak = Math.max(peak, Math.abs(v))
      sq += v * v
    }
    return { peak, sq: sq / buf.length }
  }
  /** Peak and RMS over `ms` of sampling. */
  w.__level = (ms: number) =>
    new Promise((done) => {
      let peak = 0
      let sq = 0
      let n = 0
      const id = setInterval(() => {
        const r = read()
        peak = Math.max(peak, r.peak)
        sq += r.sq
        n++
      }, 20)
      setTimeout(() => {
        clearInterval(id)
        done({ peak, rms: Math.sqrt(sq / Math.max(1, n)), tapped: last !== null })
      }, ms)
    })
  // First-sound watch: the time of the next pointerdown, and the first sample over a floor after it.
  let down = -1
  let heard = -1
  let position = ''
  let watching: ReturnType<typeof setInterval> | undefined
  window.addEventListener(
    'pointerdown',
    () => {
      down = performance.now()
      heard = -1
      clearInterval(watching)
      watching = setInterval(() => {
        if (heard >= 0 || read().peak <= 0.01) return
        heard = performance.now()
        position = document.querySelector('[data-testid="position"]')?.textContent ?? ''
      }, 5)
    },
    true
  )
  w.__firstSound = () => ({ down, heard, position })
  // Fault injection: while on, every source started in an offline (export) context throws.
  let breakOffline = false
  const start = AudioScheduledSourceNode.prototype.start
  AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, ...a) {
    if (breakOffline && this.context instanceof OfflineAudioContext) throw new Error('injected')
    return start.apply(this, a)
  } as typeof start
  w.__breakOffline = (on: boolean) => (breakOffline = on)
}

/** Install the probe on a page (before it loads the app). */
export async function installAudioProbe(page: Page): Promise<void> {
  await page.addInitScript(probe)
}

/** Peak and RMS of the page's live output over `ms`. */
export function outputLevel(
  page: Page,
  ms = 1500
): Promise<{ peak: number; rms: number; tapped: boolean }> {
  return page.evaluate(
    (t) => (globalThis as never as { __level: (ms: number) => never }).__level(t),
    ms
  )
}

/** Milliseconds from the last pointerdown to the first sound over 0.01 (null if none yet), and the transport's
 *  position display at that moment. */
export async function firstSound(page: Page): Promise<{ ms: number | null; position: string }> {
  const r = await page.evaluate(() =>
    (
      globalThis as never as {
        __firstSound: () => { down: number; heard: number; position: string }
      }
    ).__firstSound()
  )
  return { ms: r.heard < 0 || r.down < 0 ? null : r.heard - r.down, position: r.position }
}

/** Make every source started in an offline context throw (a failing WAV export), or stop doing so. */
export async function breakOfflineRendering(page: Page, on: boolean): Promise<void> {
  await page.evaluate(
    (b) => (globalThis as never as { __breakOffline: (on: boolean) => void }).__breakOffline(b),
    on
  )
}

import { test } from 'vitest'
import { mount, unmount } from 'svelte'
import PianoRoll from '../../../src/renderer/src/features/piano-roll/PianoRoll.svelte'
import { EditorState } from '../../../src/renderer/src/features/piano-roll/EditorState.svelte'
import { commands } from 'vitest/browser'
import {
  drawRoll,
  type RollScene
} from '../../../src/renderer/src/features/piano-roll/draw/drawRoll'
import {
  drawKeyboard,
  drawRuler,
  drawVelocityLane
} from '../../../src/renderer/src/features/piano-roll/draw/drawSide'
import { NoteTransform } from '../../../src/renderer/src/features/piano-roll/transform'
import { bigPiece } from './bigPiece'

const W = 1200
const H = 640
const FRAMES = 240

function canvas(w: number, h: number): CanvasRenderingContext2D {
  const c = document.createElement('canvas')
  c.width = w
  c.height = h
  document.body.append(c)
  const ctx = c.getContext('2d')
  if (!ctx) throw new Error('no 2d context')
  return ctx
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]
const stats = (xs: number[]) => ({
  median: +pct(xs, 0.5).toFixed(2),
  p95: +pct(xs, 0.95).toFixed(2)
})

/** Run FRAMES animation frames, each changing the view and drawing everything the roll draws. */
async function run(scene: RollScene, step: (t: NoteTransform, i: number) => NoteTransform) {
  const ctx = { roll: canvas(W, H), keys: canvas(48, H), ruler: canvas(W, 20), lane: canvas(W, 64) }
  const work: number[] = []
  const interval: number[] = []
  let last = performance.now()
  for (let i = 0; i < FRAMES; i++) {
    await new Promise<void>((done) =>
      requestAnimationFrame((now) => {
        interval.push(now - last)
        last = now
        const t0 = performance.now()
        scene.transform = step(scene.transform, i)
        drawRoll(ctx.roll, scene)
        drawKeyboard(ctx.keys, scene.transform, 48, H)
        drawRuler(ctx.ruler, scene.piece, scene.transform, { width: W, height: 20 }, scene)
        drawVelocityLane(
          ctx.lane,
          scene.piece,
          scene.track,
          scene.transform,
          { width: W, height: 64 },
          []
        )
        ctx.roll.getImageData(0, 0, 1, 1) // wait for the raster work, not just its recording
        work.push(performance.now() - t0)
        done()
      })
    )
  }
  return { drawMs: stats(work), frameIntervalMs: stats(interval.slice(1)) }
}

test('piano roll frame times at 17 tracks x 256 bars', async () => {
  const b64 = await commands.readFile('test/fixtures/midi/freedoom/d_e1m1.mid', 'base64')
  const piece = bigPiece(
    Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
    256
  )
  const notes = piece.tracks.reduce((s, t) => s + t.notes.length, 0)
  const base: RollScene = {
    piece,
    transform: new NoteTransform({ pixelsPerTick: 0.05, pixelsPerKey: 8, topPitch: 100 }),
    width: W,
    height: H,
    track: 4,
    selection: [],
    hidden: [],
    playhead: 0,
    loop: null,
    box: null
  }
  const scroll = await run({ ...base }, (t) => t.scrollBy(37, (Math.random() - 0.5) * 4))
  const zoomIn = await run({ ...base }, (t, i) => t.zoomX(i < FRAMES / 2 ? 0.97 : 1 / 0.97, W / 2))
  const whole = await run(
    { ...base, transform: base.transform.with({ pixelsPerTick: W / (256 * 1920) }) },
    (t) => t.scrollBy(0, 1)
  )
  console.log(
    JSON.stringify(
      {
        bench: 'ui-roll-frames',
        tracks: 17,
        bars: 256,
        notes,
        width: W,
        height: H,
        frames: FRAMES,
        scroll,
        zoom: zoomIn,
        wholePieceInView: whole
      },
      null,
      1
    )
  )
})

test('the PianoRoll component at 17 tracks x 256 bars: frame intervals while scrolling and zooming', async () => {
  const b64 = await commands.readFile('test/fixtures/midi/freedoom/d_e1m1.mid', 'base64')
  const piece = bigPiece(
    Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
    256
  )
  const editor = new EditorState()
  editor.load(piece)
  editor.transform = new NoteTransform({ pixelsPerTick: 0.05, pixelsPerKey: 8, topPitch: 100 })
  const target = document.createElement('div')
  target.style.cssText = `width:${W + 48}px;height:${H + 84}px`
  document.body.append(target)
  const app = mount(PianoRoll, { target, props: { editor, playhead: 0, loop: null } })
  const measure = async (step: (i: number) => void) => {
    const interval: number[] = []
    let last = performance.now()
    for (let i = 0; i < FRAMES; i++) {
      step(i)
      await new Promise<void>((done) => requestAnimationFrame(() => done()))
      // The roll draws in its own animation-frame callback; the next frame starts after it.
      const now = performance.now()
      interval.push(now - last)
      last = now
    }
    return stats(interval.slice(1))
  }
  const scroll = await measure(() => editor.scrollBy(37, 0))
  const zoom = await measure((i) => editor.zoomX(i < FRAMES / 2 ? 0.97 : 1 / 0.97, W / 2))
  unmount(app)
  console.log(
    JSON.stringify({ bench: 'ui-roll-component-frames', frameIntervalMs: { scroll, zoom } })
  )
})

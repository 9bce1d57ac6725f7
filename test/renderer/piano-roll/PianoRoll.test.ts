import { afterEach, describe, expect, it } from 'vitest'
import { flushSync, mount, unmount } from 'svelte'
import PianoRoll from '../../../src/renderer/src/features/piano-roll/PianoRoll.svelte'
import { EditorState } from '../../../src/renderer/src/features/piano-roll/EditorState.svelte'
import { NoteTransform } from '../../../src/renderer/src/features/piano-roll/transform'
import { FAMILIES } from '../../../src/shared/music/families'
import { note, pieceWith } from './fixtures'

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)))
const hex = (c: Uint8ClampedArray) =>
  '#' + [c[0], c[1], c[2]].map((v) => v.toString(16).padStart(2, '0')).join('')

let app: ReturnType<typeof mount> | null = null
afterEach(() => {
  if (app) unmount(app)
  app = null
  document.body.innerHTML = ''
})

describe('PianoRoll drawing', () => {
  it('paints notes at their transformed place in the family colour, ghosts dimmer, and follows zoom', async () => {
    const piece = pieceWith([note(60, 480, 480, 127), note(60, 960, 480, 127)])
    piece.tracks[5].notes = [note(72, 480, 960, 127)]
    const editor = new EditorState()
    editor.load(piece)
    editor.track = 1
    editor.transform = new NoteTransform({ pixelsPerTick: 0.1, pixelsPerKey: 10, topPitch: 80 })
    const target = document.createElement('div')
    target.style.cssText = 'width:800px;height:400px'
    document.body.append(target)
    app = mount(PianoRoll, { target, props: { editor, playhead: 0, loop: null } })
    flushSync()
    await frame()
    await frame()
    const canvas = document.querySelector('[data-testid="roll-canvas"]') as HTMLCanvasElement
    const dpr = window.devicePixelRatio || 1
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
    const at = (x: number, y: number) =>
      ctx.getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data
    const t = editor.transform
    const front = t.noteRect(piece.tracks[1].notes[0])
    expect(hex(at(front.x + front.width / 2, front.y + 4))).toBe(FAMILIES[1].color)
    // Two back-to-back notes keep a visible boundary at this zoom.
    expect(hex(at(t.tickToX(960) - 0.5, front.y + 4))).not.toBe(FAMILIES[1].color)
    const ghost = t.noteRect(piece.tracks[5].notes[0])
    const g = at(ghost.x + 20, ghost.y + 4)
    expect(hex(g)).not.toBe(FAMILIES[5].color)
    expect(hex(g)).not.toBe(hex(at(ghost.x + 20, ghost.y + 4 + 30)))
    // Zoom in twice around x = 0: the note moves to twice its x.
    editor.zoomX(2, 0)
    flushSync()
    await frame()
    await frame()
    const z = editor.transform.noteRect(piece.tracks[1].notes[0])
    expect(z.x).toBeCloseTo(front.x * 2)
    expect(hex(at(z.x + 5, z.y + 4))).toBe(FAMILIES[1].color)
  })
})

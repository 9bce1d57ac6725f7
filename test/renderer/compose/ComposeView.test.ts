import { afterEach, describe, expect, it, vi } from 'vitest'
import { page } from 'vitest/browser'
import { flushSync, mount, unmount } from 'svelte'
import ComposeView from '../../../src/renderer/src/views/Compose/ComposeView.svelte'
import { EditorState } from '../../../src/renderer/src/features/piano-roll/EditorState.svelte'
import { PlaybackState } from '../../../src/renderer/src/audio/PlaybackState.svelte'
import { AnalysisState } from '../../../src/renderer/src/views/Compose/AnalysisState.svelte'
import { writeMidi } from '../../../src/shared/midi/write'
import type { MadeFile } from '../../../src/renderer/src/views/Compose/exportFiles'
import { midiToPiece } from './midiReader'
import { readRealMidi } from './realMidi'

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function pointer(el: Element, type: string, x: number, y: number, shift = false): void {
  const r = el.getBoundingClientRect()
  const init = {
    clientX: r.left + x,
    clientY: r.top + y,
    bubbles: true,
    pointerId: 1,
    shiftKey: shift
  }
  el.dispatchEvent(new PointerEvent(type, init))
}

let app: ReturnType<typeof mount> | null = null
afterEach(() => {
  if (app) unmount(app)
  app = null
  document.body.innerHTML = ''
})

describe('Compose view with a real piece', () => {
  it('shows the roll, edits with the mouse, undoes, redoes, plays and exports MIDI that re-imports', async () => {
    await page.viewport(1400, 860)
    const piece = midiToPiece(await readRealMidi('freedoom/d_e1m1.mid'), 'E1M1 (Freedoom)')
    const editor = new EditorState()
    const playback = new PlaybackState()
    const analysis = new AnalysisState({ debounceMs: 0 })
    const files: MadeFile[] = []
    const target = document.createElement('div')
    target.style.cssText = 'width:1400px;height:860px'
    document.body.append(target)
    app = mount(ComposeView, {
      target,
      props: { piece, editor, playback, analysis, onfile: (f) => files.push(f) }
    })
    flushSync()
    await frame()
    await sleep(50)

    // Bring the first note of the edited track into view and drag it one beat right and 2 semitones up.
    const track = editor.track
    const first = editor.piece.tracks[track].notes[0]
    editor.transform = editor.transform.with({
      scrollTick: Math.max(0, first.start - 960),
      topPitch: first.pitch + 20
    })
    flushSync()
    await frame()
    const canvas = document.querySelector('[data-testid="roll-canvas"]') as HTMLCanvasElement
    const r = editor.transform.noteRect(first)
    const beatPx = editor.piece.ppq * editor.transform.pixelsPerTick
    const x0 = r.x + Math.min(8, r.width / 2)
    const y0 = r.y + r.height / 2
    pointer(canvas, 'pointerdown', x0, y0)
    pointer(canvas, 'pointermove', x0 + beatPx / 2, y0 - r.height)
    pointer(canvas, 'pointermove', x0 + beatPx, y0 - 2 * r.height)
    pointer(canvas, 'pointerup', x0 + beatPx, y0 - 2 * r.height)
    flushSync()
    const moved = editor.piece.tracks[track].notes[0]
    expect(moved.start).toBe(first.start + editor.piece.ppq)
    expect(moved.pitch).toBe(first.pitch + 2)
    expect(editor.selection).toEqual([0])
    await frame()
    await page.screenshot({ path: '../../../test-results/compose/compose-after-move.png' })

    editor.key({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: false })
    expect(editor.piece.tracks[track].notes[0]).toEqual(first)
    editor.key({ key: 'Z', ctrlKey: true, metaKey: false, shiftKey: true })
    expect(editor.piece.tracks[track].notes[0]).toEqual(moved)

    // Metrics and the SSM follow the edit.
    await sleep(20)
    flushSync()
    expect(analysis.current?.metrics.polyphony).toBeGreaterThan(0)
    expect(document.querySelector('[data-metric="polyphony"]')?.textContent).not.toBe('–')

    // Play: the audio context runs and the playhead moves.
    ;(document.querySelector('[data-testid="play"]') as HTMLButtonElement).click()
    await sleep(700)
    expect(playback.contextState).toBe('running')
    expect(playback.playing).toBe(true)
    expect(playback.playhead).toBeGreaterThan(0)
    await page.screenshot({ path: '../../../test-results/compose/compose-playing.png' })
    playback.stop()

    // Export MIDI through the toolbar and read the file back: the same notes.
    ;(document.querySelector('[data-testid="export-mid"]') as HTMLButtonElement).click()
    await sleep(20)
    expect(files.map((f) => f.name)).toEqual(['E1M1_Freedoom.mid'])
    const back = midiToPiece(new Uint8Array(await files[0].blob.arrayBuffer()), 'back')
    const key = (n: { start: number; pitch: number }) => n.start * 128 + n.pitch
    const sorted = (ns: { start: number; pitch: number }[]) =>
      [...ns].sort((a, b) => key(a) - key(b))
    editor.base.tracks.forEach((t, i) =>
      expect(sorted(back.tracks[i].notes)).toEqual(sorted(t.notes))
    )
    expect(writeMidi(back).length).toBeGreaterThan(100)

    // PNG of the whole roll.
    ;(document.querySelector('[data-testid="export-png"]') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(files).toHaveLength(2), { timeout: 10_000 })
    expect(files[1].blob.type).toBe('image/png')
    const img = await createImageBitmap(files[1].blob)
    expect(img.width).toBeGreaterThan(400)
    expect(img.height).toBeGreaterThan(100)
  })
})

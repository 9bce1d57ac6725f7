// Playback ends with the piece: without a loop the transport stops at the piece's length and the playhead goes back
// to the top (before, it ran on through silence until the composer pressed Stop).
import { describe, expect, it } from 'vitest'
import { PlaybackState } from '../../../src/renderer/src/audio/PlaybackState.svelte'
import { pieceWith } from '../piano-roll/fixtures'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One bar (4 beats at 480 ppq) with a note in its first beat; at 240 bpm the bar lasts one second. */
function oneBar() {
  return { ...pieceWith([{ pitch: 60, start: 0, duration: 480, velocity: 100 }]), length: 1920 }
}

describe('playback end', () => {
  it('stops at the end of the piece and the next play starts from the top', async () => {
    const playback = new PlaybackState()
    playback.setPiece(oneBar())
    playback.setTempo(240)
    await playback.play()
    await sleep(400)
    expect(playback.playing).toBe(true)
    expect(playback.playhead).toBeGreaterThan(0)
    await sleep(1400)
    expect(playback.playing).toBe(false)
    expect(playback.playhead).toBe(0)
    playback.dispose()
  })

  it('a loop keeps playing past the end of its region', async () => {
    const playback = new PlaybackState()
    playback.setPiece(oneBar())
    playback.setTempo(240)
    playback.setLoop({ start: 0, end: 960 })
    await playback.play()
    await sleep(1800)
    expect(playback.playing).toBe(true)
    expect(playback.playhead).toBeLessThan(960)
    playback.dispose()
  })
})

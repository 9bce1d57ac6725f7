import * as Tone from 'tone'
import { describe, expect, it } from 'vitest'
import type { Piece } from '../../../src/shared/music/piece'
import { Player } from '../../../src/renderer/src/audio/Player'
import { pieceWith } from '../piano-roll/fixtures'
import { onsets } from './signal'

const RATE = 22050

/** A kick at tick 0 on the Drums track (family 0), every other track empty. */
function drumPiece(): Piece {
  const kick = { pitch: 36, start: 0, duration: 120, velocity: 120 }
  return { ...pieceWith([kick], 0), title: 'loop', timeSignatures: [] }
}

/** Render a Player in Tone.Offline after `setup` configured it. */
async function render(seconds: number, setup: (p: Player) => void): Promise<Float32Array> {
  const buf = await Tone.Offline(
    () => {
      const player = new Player({ fadeTime: 0.01 })
      player.load(drumPiece())
      setup(player)
      player.startAt(0, 0)
    },
    seconds,
    1,
    RATE
  )
  return buf.getChannelData(0)
}

describe('Player transport (Tone.Offline)', () => {
  it('loops a region: one kick per loop pass', async () => {
    const x = await render(2, (p) => p.setLoop({ start: 0, end: 480 }))
    const found = onsets(x, RATE)
    expect(found).toHaveLength(4)
    found.forEach((t, i) => expect(Math.abs(t - i * 0.5)).toBeLessThan(0.02))
  })

  it('follows the tempo', async () => {
    const x = await render(1.1, (p) => {
      p.setLoop({ start: 0, end: 480 })
      p.setTempo(240)
    })
    const found = onsets(x, RATE)
    expect(found).toHaveLength(5)
    found.forEach((t, i) => expect(Math.abs(t - i * 0.25)).toBeLessThan(0.02))
  })

  it('fades in at start (no click): the first millisecond is far quieter than the hit', async () => {
    const x = await render(0.2, () => {})
    const peak = (a: number, b: number) => Math.max(...Array.from(x.subarray(a, b), Math.abs))
    const firstMs = Math.round(RATE / 1000)
    expect(peak(0, firstMs)).toBeLessThan(0.2 * peak(0, x.length))
  })
})

import { describe, expect, it } from 'vitest'
import type { Generation } from '../../../src/shared/api'
import type { Piece } from '../../../src/shared/music/piece'
import {
  GenerateState,
  type GenerateApi
} from '../../../src/renderer/src/views/Compose/GenerateState.svelte'
import {
  TRANSPOSE_CHOICES,
  keyChoiceLabel
} from '../../../src/renderer/src/views/Compose/keyChoices'
import { midiToPiece } from './midiReader'
import { readRealMidi } from './realMidi'

// A stand-in for window.composer's generation and pieces domains (a runes class tested against a fake API, no DOM),
// answering with real pieces and recording each call.
function fakeApi(pieces: Piece[], calls: string[]): GenerateApi {
  const gen = (threshold: number): Generation => ({
    generationId: 'g1',
    items: pieces.map((piece, index) => ({
      index,
      seed: 7 + index,
      piece: { ...piece, title: `t=${threshold}` }
    }))
  })
  const api = {
    generation: {
      models: async () => [
        {
          id: 'default',
          kind: 'default',
          label: 'Default',
          runId: null,
          epoch: null,
          recommendedThreshold: 0.5
        },
        {
          id: 'perFamily',
          kind: 'checkpoint',
          label: 'Per family',
          runId: '1',
          epoch: 3,
          recommendedThreshold: 0.6,
          recommendedThresholds: Array.from({ length: 17 }, (_, f) => (f === 0 ? 0.3 : 0.6)),
          keyAligned: true
        }
      ],
      generate: async (a: { threshold: number; count: number }) => (
        calls.push(`generate ${a.count}`),
        gen(a.threshold)
      ),
      rebinarize: async (a: {
        threshold: number
        velocity?: string
        familyThresholds?: number[]
        transpose?: number
      }) => {
        const how = [
          a.velocity ?? 'flat',
          a.familyThresholds ? `drums ${a.familyThresholds[0]}` : '',
          a.transpose ? `transpose ${a.transpose}` : ''
        ]
        calls.push(
          `rebinarize ${a.threshold}${how[0] === 'flat' ? '' : ` ${how[0]}`} ${how[1]} ${how[2]}`
            .replace(/ +/g, ' ')
            .trim()
        )
        await new Promise((r) => setTimeout(r, 20))
        return gen(a.threshold)
      },
      interpolate: async (a: { steps: number; threshold: number }) => (
        calls.push(`interpolate ${a.steps}`),
        gen(a.threshold)
      ),
      sample: async () => pieces[0]
    },
    pieces: {
      save: async (a: { title: string; origin?: { kind: string; index: number } }) => {
        calls.push(`save ${a.title} ${a.origin?.kind} ${a.origin?.index}`)
        return {
          id: 'p1',
          title: a.title,
          tags: [],
          favourite: false,
          createdAt: '',
          updatedAt: '',
          trackCount: 17,
          noteCount: 1,
          source: 'generated'
        }
      }
    }
  }
  return api as unknown as GenerateApi
}

describe('GenerateState', () => {
  it('generates, picks, re-binarises latest-wins, and saves with its origin', async () => {
    const real = [
      midiToPiece(await readRealMidi('freedoom/d_e1m1.mid'), 'a'),
      midiToPiece(await readRealMidi('freedoom/d_e1m2.mid'), 'b')
    ]
    const calls: string[] = []
    const opened: Piece[] = []
    const gen = new GenerateState(fakeApi(real, calls), (p) => opened.push(p))
    await gen.loadModels()
    expect(gen.modelId).toBe('default')
    await gen.generate()
    expect(gen.generation?.items).toHaveLength(2)
    expect(opened[0].tracks).toEqual(real[0].tracks)
    gen.pick(1)
    expect(opened.at(-1)?.tracks).toEqual(real[1].tracks)
    // Three quick slider moves: the one in flight finishes, the middle one is dropped, the last one runs.
    const a = gen.rethreshold(0.5)
    void gen.rethreshold(0.6)
    void gen.rethreshold(0.7)
    await a
    expect(calls.filter((c) => c.startsWith('rebinarize'))).toEqual([
      'rebinarize 0.5',
      'rebinarize 0.7'
    ])
    expect(opened.at(-1)?.title).toBe('t=0.7')
    expect(gen.picked).toBe(1)
    await gen.save({ ...real[1], title: 'Mine' })
    expect(calls.at(-1)).toBe('save Mine generated 1')
  })

  it('starts at the model’s threshold per family, the slider sets one for all, Recommended goes back; velocity mode', async () => {
    const calls: string[] = []
    const real = [midiToPiece(await readRealMidi('freedoom/d_e1m1.mid'), 'a')]
    const gen = new GenerateState(fakeApi(real, calls), () => {})
    await gen.loadModels()
    expect([gen.threshold, gen.familyThresholds]).toEqual([0.5, null])
    gen.chooseModel('perFamily')
    expect(gen.threshold).toBe(0.6)
    expect(gen.familyThresholds?.slice(0, 2)).toEqual([0.3, 0.6])
    await gen.generate()
    await gen.setVelocity('confidence')
    expect(calls.at(-1)).toBe('rebinarize 0.6 confidence drums 0.3')
    await gen.rethreshold(0.8)
    expect(gen.familyThresholds).toBeNull()
    expect(calls.at(-1)).toBe('rebinarize 0.8 confidence')
    await gen.recommended()
    expect(calls.at(-1)).toBe('rebinarize 0.6 confidence drums 0.3')
    await gen.setVelocity('flat')
    expect(calls.at(-1)).toBe('rebinarize 0.6 drums 0.3')
  })

  it('moves the shown pieces to another key by re-binarising, and keeps the key for the next generation', async () => {
    const calls: string[] = []
    const real = [midiToPiece(await readRealMidi('freedoom/d_e1m1.mid'), 'a')]
    const gen = new GenerateState(fakeApi(real, calls), () => {})
    await gen.loadModels()
    expect(gen.keyAligned).toBe(false)
    gen.chooseModel('perFamily')
    expect(gen.keyAligned).toBe(true)
    await gen.generate()
    await gen.setTranspose(2)
    expect(calls.at(-1)).toBe('rebinarize 0.6 drums 0.3 transpose 2')
    await gen.setTranspose(2) // no change, no call
    expect(calls.filter((c) => c.includes('transpose'))).toHaveLength(1)
    await gen.setVelocity('confidence')
    expect(calls.at(-1)).toBe('rebinarize 0.6 confidence drums 0.3 transpose 2')
  })
})

describe('key choices', () => {
  it('names the key a C major / A minor model lands in, or the move for any other model', () => {
    expect(TRANSPOSE_CHOICES).toEqual([0, 1, 2, 3, 4, 5, 6, -5, -4, -3, -2, -1])
    expect(keyChoiceLabel(0, true)).toBe('C major / A minor (as trained)')
    expect(keyChoiceLabel(2, true)).toBe('D major / B minor')
    expect(keyChoiceLabel(-3, true)).toBe('A major / F# minor')
    expect(keyChoiceLabel(0, false)).toBe('as generated')
    expect(keyChoiceLabel(-1, false)).toBe('−1 semitone')
    expect(keyChoiceLabel(6, false)).toBe('+6 semitones')
  })
})

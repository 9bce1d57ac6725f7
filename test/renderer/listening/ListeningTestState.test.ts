import { afterEach, describe, expect, it } from 'vitest'
import { flushSync, mount, tick, unmount } from 'svelte'
import ListeningTest from '../../../src/renderer/src/features/listening/ListeningTest.svelte'
import {
  ListeningTestState,
  type ListeningTestClient
} from '../../../src/renderer/src/features/listening/ListeningTestState.svelte'
import type { ListeningAnswer } from '../../../src/renderer/src/features/listening/scoring'
import type { Piece } from '../../../src/shared/music/piece'
import { runSummary, tinyPiece } from '../views/fakeClient'

function fakeApi() {
  const saved: { runId: string; answers: ListeningAnswer[] }[] = []
  const api: ListeningTestClient = {
    runs: {
      get: async ({ id }) => ({
        ...runSummary({ id, datasetId: 'ds9' }),
        config: {},
        resumedFrom: null
      }),
      samples: async ({ id }) =>
        [10, 20, 30, 40].map((e) => ({
          id: `g${e}`,
          runId: id,
          epoch: e,
          step: e,
          createdAt: '',
          threshold: 0.9
        }))
    },
    generation: {
      sample: async ({ sampleId }) => tinyPiece(sampleId, 70),
      models: async () => [],
      generate: async () => ({ generationId: 'x', items: [] })
    },
    datasets: {
      list: async () => [
        {
          id: 'ds9',
          name: 'rock',
          status: 'ready',
          createdAt: '',
          fileCount: 1,
          errorCount: 0,
          segmentCount: 9,
          labels: []
        }
      ],
      segments: async ({ id, count }) =>
        Array.from({ length: count }, (_, i) => ({
          id: `${id}-r${i}`,
          piece: tinyPiece(`real${i}`, 50)
        }))
    },
    listening: {
      save: async (a) => {
        saved.push(a)
        return { id: `t${saved.length}` }
      }
    }
  }
  return { api, saved }
}

let mounted: Record<string, any> | null = null
afterEach(() => {
  if (mounted) unmount(mounted)
  mounted = null
  document.body.innerHTML = ''
})

describe('ListeningTestState', () => {
  it('pairs real segments with the latest samples and stores scored answers', async () => {
    const { api, saved } = fakeApi()
    const played: Piece[] = []
    const t = new ListeningTestState(api, (p) => played.push(p))
    await t.begin('run1', 3, 5)
    expect(t.error).toBeNull()
    expect(t.pairs).toHaveLength(3)
    expect(new Set(t.pairs.map((p) => p.generatedId))).toEqual(new Set(['g40', 'g30', 'g20']))
    for (let i = 0; i < 3; i++) {
      const p = t.current!
      t.listen(p.aiIs)
      expect(played.at(-1)!.title).toBe(p.generatedId)
      // identify the AI in the first two pairs only; rate AI 2, real 4
      const other = p.aiIs === 'a' ? 'b' : 'a'
      t.pick(i < 2 ? p.aiIs : other)
      expect(t.canNext).toBe(false)
      t.rate(p.aiIs, 2)
      t.rate(other, 4)
      await t.next()
    }
    expect(saved).toHaveLength(1)
    expect(saved[0].runId).toBe('run1')
    expect(saved[0].answers.map((a) => a.ratingGenerated)).toEqual([2, 2, 2])
    expect(saved[0].answers.map((a) => a.ratingReal)).toEqual([4, 4, 4])
    expect(t.summary!.identified).toBe(2)
    expect(t.summary!.pValue).toBeCloseTo(1, 12)
    expect(t.savedId).toBe('t1')
  })

  it('reports when a run has too few samples', async () => {
    const { api } = fakeApi()
    const t = new ListeningTestState(api)
    await t.begin('run1', 5, 1)
    expect(t.error).toMatch(/needs 5 pieces/)
  })

  it('runs a 3-pair test through the component', async () => {
    const { api, saved } = fakeApi()
    const t = new ListeningTestState(api)
    await t.begin('run1', 3, 11)
    const target = document.createElement('div')
    document.body.appendChild(target)
    mounted = mount(ListeningTest, { target, props: { test: t } })
    flushSync()
    for (let i = 0; i < 3; i++) {
      const clipA = target.querySelector('[data-clip="a"]')!
      ;(clipA.querySelector('input[type="radio"]') as HTMLInputElement).click()
      ;(target.querySelector('[aria-label="A 3"]') as HTMLButtonElement).click()
      ;(target.querySelector('[aria-label="B 5"]') as HTMLButtonElement).click()
      flushSync()
      ;(target.querySelector('button.next') as HTMLButtonElement).click()
      for (let k = 0; k < 5; k++) await tick()
      flushSync()
    }
    expect(saved).toHaveLength(1)
    const want = t.pairs.filter((p) => p.aiIs === 'a').length
    expect(target.querySelector('[data-testid="listening-summary"]')!.textContent).toContain(
      `AI identified in ${want} of 3 pairs`
    )
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { page } from 'vitest/browser'
import { type Component } from 'svelte'
import { settle, show, unmountAll } from '../mount'
import TrainView from '../../../src/renderer/src/views/Train/TrainView.svelte'
import { TrainingState } from '../../../src/renderer/src/views/Train/TrainingState.svelte'
import CompareView from '../../../src/renderer/src/views/Compare/CompareView.svelte'
import { CompareState } from '../../../src/renderer/src/views/Compare/CompareState.svelte'
import LibraryView from '../../../src/renderer/src/views/Library/LibraryView.svelte'
import { LibraryState } from '../../../src/renderer/src/views/Library/LibraryState.svelte'
import ListeningTest from '../../../src/renderer/src/features/listening/ListeningTest.svelte'
import { ListeningTestState } from '../../../src/renderer/src/features/listening/ListeningTestState.svelte'
import { fakeTrainApi } from './trainFake'
import { barPiece, fakeCompareApi } from './compareFake'
import '../../../src/renderer/src/frame/theme.css'
import { fakeLibraryApi } from './libraryFake'

// Screenshots of each view filled through the transport doubles, written to test-results/views/ for a person to look at.
// (The end-to-end ones against serve mode live in test/e2e.)

afterEach(unmountAll)

/** Show a view on the app's dark background, as it looks in the app. */
function showDark(component: Component<any>, props: Record<string, unknown>): HTMLElement {
  document.body.style.background = '#15161a'
  document.body.style.margin = '0'
  document.body.style.fontFamily = 'system-ui, sans-serif'
  return show(component, props)
}

const shot = (name: string) => page.screenshot({ path: `../../../test-results/views/${name}.png` })

describe('view screenshots', () => {
  it('Train: a run mid-training', async () => {
    await page.viewport(1400, 1000)
    const { api, events } = fakeTrainApi()
    const training = new TrainingState(api)
    await training.load()
    await training.start()
    for (let s = 1; s <= 300; s++) {
      const noise = Math.sin(s * 12.9898) * 0.3
      events.emit({
        type: 'run:progress',
        runId: 'r1',
        step: 100 + s * 3,
        epoch: 2,
        epochs: 10,
        totalSteps: 5000,
        stepsPerSecond: 3.2,
        etaSeconds: 754,
        losses: {
          g: 2 * Math.exp(-s / 120) + noise,
          d: -1.5 * Math.exp(-s / 90) + noise / 2,
          gp: 0.2 * Math.exp(-s / 60) + 0.02,
          wasserstein: 3 * Math.exp(-s / 100) + noise
        }
      })
    }
    const target = showDark(TrainView, { training })
    await settle(50)
    await training.selectSample('s20')
    await settle(50)
    expect(
      target.querySelectorAll('[data-testid="loss-chart"] canvas').length
    ).toBeGreaterThanOrEqual(5)
    await shot('train')
  })

  it('Compare: two runs with SSMs', async () => {
    await page.viewport(1400, 1900)
    const { api } = fakeCompareApi()
    const compare = new CompareState(api)
    await compare.load()
    const target = showDark(CompareView, { compare })
    await compare.toggle('a')
    await compare.toggle('b')
    await compare.loadSsm()
    await settle(50)
    expect(target.querySelectorAll('[data-testid="ssm-compare"] canvas').length).toBe(3)
    await shot('compare')
  })

  it('Library: datasets with a report, and the delete dialog', async () => {
    await page.viewport(1200, 700)
    const { api } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    showDark(LibraryView, { library })
    await settle(50)
    await shot('library-pieces')
    library.tab = 'datasets'
    await library.openReport('d1')
    await settle(50)
    await shot('library-datasets')
    library.askDelete('run', 'r2', 'tiny')
    await settle(50)
    await shot('library-delete-dialog')
  })

  it('Listening test: a pair', async () => {
    await page.viewport(900, 400)
    const { api } = fakeCompareApi()
    const test = new ListeningTestState({
      ...api,
      datasets: {
        list: api.datasets.list,
        segments: async ({ count }) =>
          Array.from({ length: count }, (_, i) => ({
            id: `real${i}`,
            piece: barPiece(`real${i}`, true)
          }))
      },
      listening: { save: async () => ({ id: 't1' }) }
    })
    await test.begin('b', 2, 3)
    expect(test.pairs).toHaveLength(2)
    showDark(ListeningTest, { test })
    test.pick('a')
    test.rate('a', 2)
    await settle(50)
    await shot('listening')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { settle, show, unmountAll } from '../mount'
import TrainView from '../../../src/renderer/src/views/Train/TrainView.svelte'
import { TrainingState } from '../../../src/renderer/src/views/Train/TrainingState.svelte'
import { ADVANCED_FIELDS } from '../../../src/renderer/src/views/Train/trainingConfig'
import type { Piece } from '../../../src/shared/music/piece'
import { fakeTrainApi } from './trainFake'

afterEach(unmountAll)

describe('TrainView', () => {
  it('says where datasets come from when there are none, and not otherwise', async () => {
    const { api } = fakeTrainApi()
    const training = new TrainingState(api, () => {})
    await training.load()
    const target = show(TrainView, { training })
    await settle()
    expect(target.querySelector('[data-testid="no-datasets"]')).toBeNull()
    api.datasets.list = async () => []
    await training.load()
    await settle()
    expect(target.querySelector('[data-testid="no-datasets"]')?.textContent).toMatch(
      /import a folder of MIDI files in Library/
    )
  })

  it('shows every advanced field, starts a run and shows its progress, curves and samples', async () => {
    const { api, calls, events } = fakeTrainApi()
    const played: Piece[] = []
    const training = new TrainingState(api, (p) => played.push(p))
    await training.load()
    const target = show(TrainView, { training })
    await settle()
    for (const f of ADVANCED_FIELDS)
      expect(target.querySelector(`[aria-label="${f.label}"]`)).not.toBeNull()
    expect(target.querySelector('[aria-label="Backend"]')).not.toBeNull()

    const epochs = target.querySelector('[aria-label="Epochs"]') as HTMLInputElement
    epochs.value = '3'
    epochs.dispatchEvent(new Event('input', { bubbles: true }))
    const align = target.querySelector(
      '[aria-label="Align keys to C major / A minor"]'
    ) as HTMLInputElement
    expect(align.type).toBe('checkbox')
    align.click()
    ;(target.querySelector('button[type="submit"]') as HTMLButtonElement).click()
    await settle()
    await settle()
    expect(calls.find((c) => c.method === 'start')!.args.config).toEqual({
      epochs: 3,
      alignKey: true
    })
    expect(target.querySelector('[data-testid="run-progress"]')!.getAttribute('data-status')).toBe(
      'running'
    )
    expect(target.querySelectorAll('[data-testid="loss-chart"]').length).toBe(5)

    events.emit({
      type: 'run:progress',
      runId: 'r1',
      step: 77,
      epoch: 1,
      epochs: 3,
      totalSteps: 231,
      stepsPerSecond: 2.5,
      etaSeconds: 65,
      losses: { g: 1, d: 2, gp: 0.3, wasserstein: 4 }
    })
    await settle()
    const text = target.textContent!
    expect(text).toContain('step 77')
    expect(text).toContain('2.50 steps/s')
    expect(text).toContain('ETA 1 min 05 s')
    expect(target.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('33')

    const thumbs = target.querySelectorAll('[data-testid="sample-grid"] button')
    expect(thumbs.length).toBe(3)
    ;(thumbs[1] as HTMLButtonElement).click()
    await settle()
    expect(played.at(-1)!.title).toBe('s20')

    const pause = [...target.querySelectorAll('button')].find((b) => b.textContent === 'Pause')!
    pause.click()
    await settle()
    expect(target.querySelector('[data-testid="run-progress"]')!.getAttribute('data-status')).toBe(
      'paused'
    )
  })
})

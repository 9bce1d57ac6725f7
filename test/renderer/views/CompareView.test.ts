import { afterEach, describe, expect, it } from 'vitest'
import { settle, show, unmountAll } from '../mount'
import CompareView from '../../../src/renderer/src/views/Compare/CompareView.svelte'
import { CompareState } from '../../../src/renderer/src/views/Compare/CompareState.svelte'
import type { Piece } from '../../../src/shared/music/piece'
import { fakeCompareApi } from './compareFake'

afterEach(unmountAll)

describe('CompareView', () => {
  it('shows overlaid curves, metrics, samples, config diff, SSMs and listening results', async () => {
    const { api } = fakeCompareApi()
    const compare = new CompareState(api)
    await compare.load()
    const played: Piece[] = []
    const target = show(CompareView, { compare, onPlay: (p: Piece) => played.push(p) })
    await settle()
    const boxes = target.querySelectorAll<HTMLInputElement>('.picker input[type="checkbox"]')
    expect(boxes.length).toBe(4)
    boxes[0].click()
    boxes[1].click()
    await compare.refresh()
    await settle()
    expect(target.querySelectorAll('[data-testid="loss-chart"]').length).toBe(4)
    expect(target.querySelectorAll('[data-testid="metrics-table"] tbody tr').length).toBe(1)
    const sampleRows = target.querySelectorAll('[data-testid="sample-compare"] tbody tr')
    expect(sampleRows.length).toBe(2)
    ;(sampleRows[1].querySelectorAll('button')[1] as HTMLButtonElement).click()
    expect(played[0].title).toBe('b20')
    expect(target.querySelector('[data-testid="config-diff"]')!.textContent).toContain('criticNorm')
    const ssmButton = [...target.querySelectorAll('button')].find(
      (b) => b.textContent === 'Show SSM comparison'
    )!
    ssmButton.click()
    await new Promise((r) => setTimeout(r, 50))
    await settle()
    expect(target.querySelectorAll('[data-testid="ssm-compare"] canvas').length).toBe(3)
    const listen = target.querySelector('[data-testid="listening-results"] tbody tr')!.textContent!
    expect(listen).toContain('33%')
    expect(listen).toContain('50%')
  })
})

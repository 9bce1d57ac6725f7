import { afterEach, describe, expect, it } from 'vitest'
import { flushSync, mount, tick, unmount } from 'svelte'
import type { StartupReport } from '@shared/api'
import StartupNotice from '../../../src/renderer/src/frame/StartupNotice.svelte'
import { startupLines } from '../../../src/renderer/src/frame/startupNotice'

let mounted: Record<string, any> | null = null
afterEach(() => {
  if (mounted) unmount(mounted)
  mounted = null
  document.body.innerHTML = ''
})

const clean: StartupReport = {
  state: 'done',
  error: null,
  tmpRemoved: ['runs/1/checkpoints/a.ckpt.0a1b2c3d.tmp'],
  finishedDeletes: [],
  missing: [],
  corrupt: [],
  unknownFiles: [],
  quarantined: [],
  interrupted: { runs: [], imports: [] }
}

describe('the start-up notice', () => {
  it('says nothing after a clean start (removing its own interrupted writes is routine)', () => {
    expect(startupLines(clean)).toEqual([])
  })

  it('tells the composer what was moved aside, what is damaged and what was interrupted, until dismissed', async () => {
    const report: StartupReport = {
      ...clean,
      quarantined: [{ from: 'runs/2', to: 'quarantine/2026-12-06T10-00-00-000Z/runs/2' }],
      missing: ['runs/1/checkpoints/step-000000100.ckpt'],
      interrupted: { runs: [{ id: '4', name: 'Night run' }], imports: [{ id: '2', name: 'Bach' }] }
    }
    const target = document.createElement('div')
    document.body.appendChild(target)
    mounted = mount(StartupNotice, { target, props: { report } })
    await tick()
    flushSync()
    const text = target.textContent ?? ''
    expect(text).toContain('Night run')
    expect(text).toContain('Bach')
    expect(text).toContain('runs/2')
    expect(text).toContain('quarantine/2026-12-06T10-00-00-000Z')
    expect(text).toContain('Nothing was deleted')
    expect(text).toContain('step-000000100.ckpt')
    ;(target.querySelector('button') as HTMLButtonElement).click()
    await tick()
    flushSync()
    expect(target.querySelector('[aria-label="Start-up check"]')).toBeNull()
  })

  it('says when the check itself failed', () => {
    const failed: StartupReport = { ...clean, state: 'failed', error: 'disk I/O error' }
    expect(startupLines(failed)).toEqual([
      'The library’s start-up check could not run: disk I/O error.'
    ])
  })
})

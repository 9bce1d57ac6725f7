import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../src/main/app/settings'
import { JobRegistry } from '../../../src/main/app/jobs'
import { EventBus } from '../../../src/main/ipc/events'
import { loadWindowState, saveWindowState, visibleBounds } from '../../../src/main/app/windowState'
import { tempDataDir } from '../../helpers/api'

const { dir, cleanup } = tempDataDir()
afterAll(cleanup)

describe('settings store', () => {
  it('starts from defaults, keeps valid fields of a damaged file, and persists changes', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ threshold: 0.3, backend: 'quantum' })
    )
    const store = new SettingsStore(dir)
    expect(store.get()).toMatchObject({ threshold: 0.3, backend: 'auto' })
    store.set({ backend: 'wasm' })
    expect(new SettingsStore(dir).get()).toMatchObject({ threshold: 0.3, backend: 'wasm' })
    writeFileSync(join(dir, 'settings.json'), '{ not json')
    expect(new SettingsStore(dir).get().threshold).toBe(0.9)
  })
})

describe('job registry', () => {
  it('publishes every change and drops finished jobs', () => {
    const bus = new EventBus()
    const seen: string[] = []
    bus.subscribe((e) => e.type === 'job:status' && seen.push(`${e.job.state}:${e.job.progress}`))
    const jobs = new JobRegistry(bus)
    const job = jobs.start('training', 'Run 1')
    jobs.update(job.id, { progress: 1.7 })
    expect(jobs.list()).toHaveLength(1)
    jobs.update(job.id, { state: 'done' })
    expect(jobs.list()).toHaveLength(0)
    expect(seen).toEqual(['running:null', 'running:1', 'done:1'])
  })
})

describe('window state', () => {
  it('round-trips, and drops a position that is on no display', () => {
    saveWindowState(dir, { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: true })
    const state = loadWindowState(dir)
    expect(state).toEqual({ bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: true })
    expect(visibleBounds(state, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual(state!.bounds)
    expect(visibleBounds(state, [{ x: 3000, y: 0, width: 1920, height: 1080 }])).toEqual({
      width: 1200,
      height: 800
    })
    writeFileSync(
      join(dir, 'window-state.json'),
      JSON.stringify({ bounds: { x: 0, y: 0, width: 5, height: 5 } })
    )
    expect(loadWindowState(dir)).toBeNull()
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { settle, show, unmountAll } from '../mount'
import type { ApiEvent, EventOf } from '../../../src/shared/api'
import LibraryView from '../../../src/renderer/src/views/Library/LibraryView.svelte'
import { LibraryState } from '../../../src/renderer/src/views/Library/LibraryState.svelte'
import {
  ImportState,
  type ImportClient
} from '../../../src/renderer/src/views/Library/ImportState.svelte'
import { CommandsState } from '../../../src/renderer/src/state/CommandsState.svelte'
import { segmentOptions, blankAdvanced } from '../../../src/renderer/src/views/Library/importForm'
import { fakeLibraryApi } from './libraryFake'

afterEach(unmountAll)

/** An import client whose events the test pushes by hand; records the calls. */
function fakeImport() {
  const calls: { method: string; args: any }[] = []
  const listeners = new Map<string, ((e: any) => void)[]>()
  const emit = (e: ApiEvent) => (listeners.get(e.type) ?? []).forEach((l) => l(e))
  const files = [
    { file: 'a.mid', ok: true },
    { file: 'broken.mid', ok: false }
  ]
  const api: ImportClient = {
    datasets: {
      chooseSource: async (args) => {
        calls.push({ method: 'chooseSource', args })
        return { sourceId: 'src1', label: '/home/me/music/grooves', fileCount: 2 }
      },
      import: async (args) => {
        calls.push({ method: 'import', args })
        return { jobId: 'job1', datasetId: 'd9' }
      },
      cancelImport: async (args) => void calls.push({ method: 'cancelImport', args }),
      get: async ({ id }) => ({
        id,
        name: 'grooves',
        status: 'ready',
        createdAt: '2026-01-09',
        fileCount: 2,
        errorCount: 1,
        segmentCount: 3,
        labels: [],
        files: files.map((f) => ({
          file: f.file,
          status: f.ok ? 'ok' : 'error',
          tracks: [],
          notesKept: f.ok ? 10 : 0,
          notesDropped: { outOfRange: 0, zeroLength: 0 },
          warnings: [],
          error: f.ok ? undefined : { code: 'bad_midi', message: 'not a MIDI file' }
        }))
      })
    },
    events: {
      on: (type, l) => {
        listeners.set(type, [...(listeners.get(type) ?? []), l as (e: any) => void])
        return () =>
          listeners.set(
            type,
            (listeners.get(type) ?? []).filter((x) => x !== l)
          )
      }
    }
  }
  const progress = (p: Partial<EventOf<'import:progress'>>) =>
    emit({
      type: 'import:progress',
      jobId: 'job1',
      datasetId: 'd9',
      done: 0,
      total: 2,
      errors: 0,
      file: null,
      ...p
    })
  const end = (state: 'done' | 'failed' | 'cancelled', id = 'job1') =>
    emit({
      type: 'job:status',
      job: { id, kind: 'import', label: 'x', state, progress: 1, subjectId: 'd9' }
    })
  return { api, calls, progress, end, listeners }
}

describe('import form', () => {
  it('turns the advanced fields into the schema’s segment options, refusing bad numbers', () => {
    const f = { ...blankAdvanced(), minNotesPerSegment: ' 12 ', bars: '4' }
    expect(segmentOptions(f)).toEqual({ ok: true, value: { minNotesPerSegment: 12, bars: 4 } })
    expect(segmentOptions(blankAdvanced())).toEqual({ ok: true, value: undefined })
    const bad = segmentOptions({ ...blankAdvanced(), lowestPitch: '200' })
    expect(bad.ok).toBe(false)
  })
})

describe('ImportState', () => {
  it('chooses, names after the folder, starts with settings, follows progress and selects the result', async () => {
    const f = fakeImport()
    const ended: [string, string][] = []
    const imp = new ImportState(f.api, (id, o) => void ended.push([id, o]))
    imp.open()
    expect(await imp.start()).toBe(false)
    expect(imp.error).toMatch(/Choose the music/)
    await imp.choose('midi-folder')
    expect(imp.name).toBe('grooves')
    imp.advanced.minActiveSteps = '8'
    expect(await imp.start()).toBe(true)
    expect(f.calls.at(-1)).toEqual({
      method: 'import',
      args: { name: 'grooves', sourceId: 'src1', segments: { minActiveSteps: 8 } }
    })
    expect(imp.phase).toBe('running')
    f.progress({ done: 1, errors: 1, file: 'broken.mid', jobId: 'other' })
    expect(imp.progress!.done).toBe(0)
    f.progress({ done: 1, errors: 1, file: '/home/me/music/grooves/broken.mid' })
    expect(imp.progress).toEqual({ done: 1, total: 2, errors: 1, file: 'broken.mid' })
    f.end('done')
    await settle()
    expect(imp.phase).toBe('ended')
    expect(imp.outcome).toBe('done')
    expect(imp.failures).toEqual(['broken.mid could not be imported: not a MIDI file.'])
    expect(ended).toEqual([['d9', 'done']])
  })

  it('cancels through the API and says so; an end heard before import() answers is not lost', async () => {
    const f = fakeImport()
    const imp = new ImportState(f.api, () => {})
    await imp.choose()
    await imp.start()
    await imp.cancel()
    expect(f.calls.at(-1)).toEqual({ method: 'cancelImport', args: { jobId: 'job1' } })
    f.end('cancelled')
    await settle()
    expect(imp.outcome).toBe('cancelled')
    expect(imp.message).toBe('Import cancelled.')
    expect(imp.report).toBeNull()

    const g = fakeImport()
    const early = new ImportState(g.api, () => {})
    await early.choose()
    const real = g.api.datasets.import
    g.api.datasets.import = async (a) => {
      const r = await real(a)
      g.end('done')
      return r
    }
    await early.start()
    await settle()
    expect(early.outcome).toBe('done')
    early.dispose()
    expect(g.listeners.get('job:status')).toEqual([])
  })
})

describe('File > Import while another view shows', () => {
  it('a deferred command runs once, in the view that starts handling it', async () => {
    const commands = new CommandsState()
    expect(commands.run('import')).toBe(false)
    commands.defer('import')
    let opened = 0
    commands.on('export', () => opened--)
    commands.on('import', () => opened++)
    await Promise.resolve()
    expect(opened).toBe(1)
    commands.on('import', () => opened++)
    await Promise.resolve()
    expect(opened).toBe(1)
  })
})

describe('LibraryState after an import', () => {
  it('selects a finished dataset with its report and removes a cancelled one main kept', async () => {
    const lib = fakeLibraryApi()
    const library = new LibraryState(lib.api)
    await library.load()
    library.tab = 'pieces'
    await library.afterImport('d1', 'done')
    expect(library.tab).toBe('datasets')
    expect(library.report?.id).toBe('d1')
    lib.api.datasets.list = async () => [
      ...library.datasets.filter((d) => d.id !== 'd2'),
      { ...library.datasets.find((d) => d.id === 'd2')!, status: 'cancelled' }
    ]
    await library.afterImport('d2', 'cancelled')
    expect(lib.calls).toContainEqual({ method: 'datasets.remove', args: { id: 'd2' } })
    expect(library.datasets.map((d) => d.id)).toEqual(['d1'])
    await library.afterImport('d1', 'cancelled')
    expect(lib.calls.filter((c) => c.method === 'datasets.remove')).toHaveLength(1)
    expect(library.report).toBeNull()
  })
})

describe('Library import UI', () => {
  it('shows the button, the progress and the outcome, and selects the new dataset', async () => {
    const lib = fakeLibraryApi()
    const f = fakeImport()
    lib.api.datasets.get = f.api.datasets.get
    const library = new LibraryState(lib.api)
    await library.load()
    library.tab = 'datasets'
    const importer = new ImportState(f.api, (id, o) => library.afterImport(id, o))
    show(LibraryView, { library, importer }, document.body)
    await settle()
    const button = (name: string) =>
      [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!
    button('Import MIDI…').click()
    await settle()
    button('Choose folder…').click()
    await settle()
    expect(document.querySelector('[data-testid="import-source"]')!.textContent).toContain(
      '2 files'
    )
    button('Start import').click()
    await settle()
    f.progress({ done: 1, errors: 0, file: 'a.mid' })
    await settle()
    expect(document.querySelector('[data-testid="import-progress"]')!.textContent).toMatch(
      /1 of 2 files · 1 imported · 0 failed/
    )
    expect(document.querySelector('progress')!.value).toBe(50)
    f.end('done')
    await settle()
    expect(document.querySelector('[data-testid="import-outcome"]')!.textContent).toMatch(
      /Imported grooves/
    )
    expect(document.querySelector('[data-testid="import-failures"]')!.textContent).toMatch(
      /broken\.mid could not be imported/
    )
    expect(library.report?.id).toBe('d9')
    expect(document.querySelector('[data-testid="dataset-report"]')!.textContent).toContain(
      'broken.mid'
    )
  })
})

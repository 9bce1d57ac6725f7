import { afterEach, describe, expect, it } from 'vitest'
import { settle, show, unmountAll } from '../mount'
import LibraryView from '../../../src/renderer/src/views/Library/LibraryView.svelte'
import { LibraryState } from '../../../src/renderer/src/views/Library/LibraryState.svelte'
import {
  filterRuns,
  generatedFromText,
  parseTags
} from '../../../src/renderer/src/views/Library/listing'
import { ApiError } from '../../../src/shared/api/errors'
import { fakeLibraryApi } from './libraryFake'
import { runSummary } from './fakeClient'

afterEach(unmountAll)

describe('listing helpers', () => {
  it('says what made a generated piece: model, seed, threshold, and key and variety when not plain', () => {
    const g = {
      model: 'Default model, epoch 52',
      seed: 7,
      threshold: 0.5,
      transpose: 0,
      variety: 1
    }
    expect(generatedFromText(g)).toBe('Default model, epoch 52 · seed 7 · threshold 0.5')
    expect(generatedFromText({ ...g, transpose: -3, variety: 0.6, model: null })).toBe(
      'a model no longer in the library · seed 7 · threshold 0.5 · key −3 · variety 0.6'
    )
  })

  it('parses tags', () => {
    expect(parseTags(' a, b,,a , c ')).toEqual(['a', 'b', 'c'])
    expect(parseTags('')).toEqual([])
  })

  it('filters runs by text and status and sorts them', () => {
    const runs = [
      runSummary({ id: '1', name: 'b', status: 'paused', createdAt: '2' }),
      runSummary({ id: '2', name: 'a', status: 'paused', createdAt: '3', backend: 'cpu' }),
      runSummary({ id: '3', name: 'c', status: 'finished', createdAt: '1' })
    ]
    expect(filterRuns(runs, '', 'paused', 'name', 'asc').map((r) => r.id)).toEqual(['2', '1'])
    expect(filterRuns(runs, 'CPU', 'all', 'name', 'asc').map((r) => r.id)).toEqual(['2'])
    expect(filterRuns(runs, '', 'all', 'created', 'desc').map((r) => r.id)).toEqual(['2', '1', '3'])
  })
})

describe('LibraryState', () => {
  it('asks the server for pieces with the query, tag, favourite and sort', async () => {
    const { api, calls } = fakeLibraryApi()
    const lib = new LibraryState(api)
    await lib.load()
    expect(lib.pieces.map((p) => p.title)).toEqual(['Riff', 'Nocturne', 'Study in C'])
    lib.sort = 'name'
    lib.order = 'asc'
    lib.favouritesOnly = true
    await lib.search()
    expect(calls.at(-1)!.args).toMatchObject({
      sort: 'title',
      order: 'asc',
      favourite: true,
      offset: 0,
      limit: 50
    })
    expect(lib.pieces.map((p) => p.title)).toEqual(['Nocturne'])
  })

  it('renames, tags and favourites pieces', async () => {
    const { api } = fakeLibraryApi()
    const lib = new LibraryState(api)
    await lib.load()
    await lib.rename('piece', 'p2', 'Big Riff')
    await lib.setTags('p2', 'loud, loud, rock ')
    await lib.toggleFavourite('p2')
    const p = lib.pieces.find((x) => x.id === 'p2')!
    expect(p).toMatchObject({ title: 'Big Riff', tags: ['loud', 'rock'], favourite: true })
    await lib.rename('dataset', 'd1', 'rock 2')
    expect(lib.datasets.find((d) => d.id === 'd1')!.name).toBe('rock 2')
  })

  it('keeps the other lists when one service is unavailable', async () => {
    const { api } = fakeLibraryApi()
    api.runs.list = async () => {
      throw new ApiError('failed', 'The runs table could not be read.')
    }
    const lib = new LibraryState(api)
    await lib.load()
    expect(lib.error).toBe('The runs table could not be read.')
    expect(lib.datasets).toHaveLength(2)
    expect(lib.pieces).toHaveLength(3)
  })

  it('deletes only after confirmation', async () => {
    const { api, calls } = fakeLibraryApi()
    const lib = new LibraryState(api)
    await lib.load()
    lib.askDelete('run', 'r2', 'tiny')
    lib.cancelDelete()
    await lib.confirmDelete()
    expect(calls.some((c) => c.method === 'runs.remove')).toBe(false)
    lib.askDelete('run', 'r2', 'tiny')
    await lib.confirmDelete()
    expect(calls.find((c) => c.method === 'runs.remove')!.args).toEqual({ id: 'r2' })
    expect(lib.runs.map((r) => r.id)).toEqual(['r1', 'r3'])
  })
})

describe('LibraryView', () => {
  it('shows a dataset report and deletes a dataset through the dialog', async () => {
    const { api, calls } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    const target = show(LibraryView, { library })
    await settle()
    const tab = (name: string) =>
      [...target.querySelectorAll('.tabs button')].find(
        (b) => b.textContent === name
      ) as HTMLButtonElement
    tab('datasets').click()
    await settle()
    const rows = target.querySelectorAll('[data-testid="datasets-list"] tr')
    expect(rows.length).toBe(2)
    ;(
      [...rows[0].querySelectorAll('button')].find(
        (b) => b.textContent === 'Report'
      ) as HTMLButtonElement
    ).click()
    await settle()
    const report = target.querySelector('[data-testid="dataset-report"]')!.textContent!
    expect(report).toContain('Bass → Bass')
    expect(report).toContain('not a MIDI file')

    ;(
      [...rows[1].querySelectorAll('button')].find(
        (b) => b.textContent === 'Delete'
      ) as HTMLButtonElement
    ).click()
    await settle()
    const dialog = target.querySelector('[role="alertdialog"]')!
    expect(dialog.textContent).toContain('deletes its files')
    ;(
      [...dialog.querySelectorAll('button')].find(
        (b) => b.textContent === 'Delete'
      ) as HTMLButtonElement
    ).click()
    await settle()
    expect(calls.find((c) => c.method === 'datasets.remove')!.args).toEqual({ id: 'd2' })
    expect(target.querySelectorAll('[data-testid="datasets-list"] tr').length).toBe(1)
    expect(target.querySelector('[role="alertdialog"]')).toBeNull()
  })

  it('filters runs by status and toggles a favourite piece', async () => {
    const { api } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    const target = show(LibraryView, { library })
    await settle()
    // A generated piece says what made it, under its source.
    const from = [...target.querySelectorAll('[data-testid="generated-from"]')]
    expect(from.map((e) => e.textContent?.trim())).toEqual([
      'Default model, epoch 52 · seed 7 · threshold 0.5 · key +2'
    ])
    ;(target.querySelector('[aria-label="Favourite"]') as HTMLButtonElement).click()
    await settle()
    expect(target.querySelectorAll('[aria-label="Unfavourite"]').length).toBe(2)
    library.tab = 'runs'
    library.runStatus = 'paused'
    await settle()
    expect(target.querySelectorAll('[data-testid="runs-list"] tr').length).toBe(2)
  })

  it('stars and tags runs and datasets, and filters them by favourite', async () => {
    const { api, calls } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    library.tab = 'runs'
    const target = show(LibraryView, { library })
    await settle()
    const runs = () => target.querySelectorAll('[data-testid="runs-list"] tr')
    const first = runs()[0]
    ;(first.querySelector('[aria-label="Favourite"]') as HTMLButtonElement).click()
    const tags = first.querySelector('input[aria-label^="Tags of"]') as HTMLInputElement
    tags.value = 'keep, best'
    tags.dispatchEvent(new Event('change', { bubbles: true }))
    await settle()
    const id = calls.find((c) => c.method === 'runs.mark')!.args.id
    expect(library.marksOf('run', id)).toEqual({ id, favourite: true, tags: ['keep', 'best'] })
    expect(runs()[0].querySelector('[aria-label="Unfavourite"]')).not.toBeNull()
    library.favouritesOnly = true
    await settle()
    expect(runs().length).toBe(1)
    library.tab = 'datasets'
    await settle()
    const shown = target.querySelectorAll('[data-testid="datasets-list"] tr')
    expect(shown.length).toBe(1)
    expect(
      (shown[0].querySelector('input[aria-label="Tags of pop909"]') as HTMLInputElement).value
    ).toBe('pop')
  })
})

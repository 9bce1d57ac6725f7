import { afterEach, describe, expect, it } from 'vitest'
import { settle, show, unmountAll } from '../mount'
import LibraryView from '../../../src/renderer/src/views/Library/LibraryView.svelte'
import ImportPanel from '../../../src/renderer/src/views/Library/ImportPanel.svelte'
import { LibraryState } from '../../../src/renderer/src/views/Library/LibraryState.svelte'
import { ImportState } from '../../../src/renderer/src/views/Library/ImportState.svelte'
import { IMPORT_DEFAULTS } from '../../../src/renderer/src/views/Library/importForm'
import { fakeLibraryApi } from './libraryFake'
import { FakeEvents, runSummary } from './fakeClient'

// Issue 14: the Library opens and plays pieces, shows tags once, names datasets first, says what to do when a tab is
// empty, shows the import defaults, and says what deleting a dataset does to the runs trained on it.

afterEach(unmountAll)

const button = (root: Element, text: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === text) as
    HTMLButtonElement | undefined

describe('Library pieces', () => {
  it('opens a piece in Compose and plays it from its row; Stop shows while it plays', async () => {
    const { api } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    const opened: string[] = []
    const played: string[] = []
    const props = {
      library,
      onOpenPiece: (id: string) => opened.push(id),
      onPlayPiece: (id: string) => played.push(id),
      onStopPiece: () => {}
    }
    let target = show(LibraryView, props)
    await settle()
    const row = target.querySelector('[data-testid="pieces-list"] tr')!
    button(row, 'Open')!.click()
    button(row, 'Play')!.click()
    expect(opened).toEqual([row.getAttribute('data-piece')])
    expect(played).toEqual(opened)
    unmountAll()
    target = show(LibraryView, { ...props, playing: { id: opened[0], level: 0.3 } })
    await settle()
    const stop = target.querySelector('[data-testid="playing"]')!
    expect(stop.textContent).toBe('Stop')
    expect(stop.getAttribute('data-level')).toBe('0.3000')
  })

  it('shows a piece’s tags once: chips to filter by, an input only while editing', async () => {
    const { api } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    const target = show(LibraryView, { library })
    await settle()
    const row = [...target.querySelectorAll('[data-testid="pieces-list"] tr')].find((r) =>
      r.textContent!.includes('Study in C')
    )!
    const draftTexts = () =>
      [...row.querySelectorAll('.tags *')].filter(
        (e) => e.textContent === 'draft' || (e as HTMLInputElement).value?.includes('draft')
      )
    expect(draftTexts()).toHaveLength(1)
    expect(row.querySelector('input')).toBeNull()
    ;(row.querySelector('[aria-label="Edit tags of Study in C"]') as HTMLButtonElement).click()
    await settle()
    expect(draftTexts()).toHaveLength(1)
    expect((row.querySelector('input') as HTMLInputElement).value).toBe('draft')
  })
})

describe('Library lists', () => {
  it('puts a dataset’s name first, its tags after', async () => {
    const { api } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    library.tab = 'datasets'
    const target = show(LibraryView, { library })
    await settle()
    const cells = [...target.querySelectorAll('[data-testid="datasets-list"] tr')[0].children]
    const name = cells.findIndex((c) => c.textContent!.includes('rock'))
    const tags = cells.findIndex((c) => c.querySelector('input[aria-label^="Tags of"]'))
    // the first cell is the star, the name follows it, tags come after the counts
    expect(name).toBe(1)
    expect(tags).toBeGreaterThan(name + 1)
  })

  it('says what to do in an empty tab, and that nothing matches under a filter', async () => {
    const { api } = fakeLibraryApi()
    api.datasets.list = async () => []
    api.runs.list = async () => []
    api.pieces.list = async () => ({ items: [], total: 0 })
    const library = new LibraryState(api)
    await library.load()
    const went: string[] = []
    const target = show(LibraryView, { library, onGo: (v: string) => went.push(v) })
    const hint = () => target.querySelector('[data-testid="empty-tab"]')?.textContent ?? ''
    await settle()
    expect(hint()).toMatch(/No pieces yet\. Generate in Compose/)
    button(target, 'Go to Compose')!.click()
    library.tab = 'runs'
    await settle()
    expect(hint()).toMatch(/No runs yet\. Train a model in Train/)
    button(target, 'Go to Train')!.click()
    expect(went).toEqual(['compose', 'train'])
    library.tab = 'datasets'
    await settle()
    expect(hint()).toMatch(/No datasets yet\. Press Import MIDI…/)
    library.query = 'zzz'
    await settle()
    expect(hint()).toBe('Nothing matches the search or filter.')
  })
})

describe('Library import and delete', () => {
  it('shows what each blank advanced import field means', async () => {
    const importer = new ImportState(
      {
        datasets: {
          chooseSource: async () => null,
          import: async () => ({ jobId: 'j', datasetId: 'd' }),
          cancelImport: async () => {},
          get: async () => ({}) as any
        },
        events: new FakeEvents()
      },
      () => {}
    )
    importer.open()
    const target = show(ImportPanel, { importer })
    await settle()
    const shown = [...target.querySelectorAll('.grid input')].map(
      (i) => (i as HTMLInputElement).placeholder
    )
    expect(shown).toEqual([
      '4 (default)',
      '16 (default)',
      '24 (default)',
      '84 (default)',
      '4 (default)'
    ])
    expect(Object.values(IMPORT_DEFAULTS)).toHaveLength(5)
  })

  it('says plainly what a delete does (no stray " ." in the sentence)', async () => {
    const { api } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    const target = show(LibraryView, { library })
    library.askDelete('piece', 'p0', 'Study in C')
    await settle()
    const text = target.querySelector('[role="alertdialog"]')!.textContent!.replace(/\s+/g, ' ')
    expect(text).toContain('This removes it from the library. It cannot be undone.')
    expect(text).not.toMatch(/ \./)
  })

  it('asks before deleting a dataset runs were trained on, says what happens, refuses while one trains', async () => {
    const { api, calls } = fakeLibraryApi()
    const library = new LibraryState(api)
    await library.load()
    library.runs = [
      runSummary({ id: 'r1', name: 'paper run', datasetId: 'd2', status: 'finished' }),
      runSummary({ id: 'r2', name: 'tiny', datasetId: 'd2', status: 'running' }),
      runSummary({ id: 'r3', name: 'other', datasetId: 'd1', status: 'finished' })
    ]
    library.tab = 'datasets'
    const target = show(LibraryView, { library })
    library.askDelete('dataset', 'd2', 'pop909')
    await settle()
    let dialog = target.querySelector('[role="alertdialog"]')!
    expect(dialog.querySelector('[data-testid="delete-blocked"]')!.textContent).toMatch(
      /“tiny”\s+is training on it now: stop it in Train first/
    )
    expect(button(dialog, 'Delete anyway')!.disabled).toBe(true)
    await library.confirmDelete()
    expect(calls.some((c) => c.method === 'datasets.remove')).toBe(false)

    library.runs = library.runs.map((r) => ({ ...r, status: 'finished' as const }))
    library.askDelete('dataset', 'd2', 'pop909')
    await settle()
    dialog = target.querySelector('[role="alertdialog"]')!
    const said = dialog
      .querySelector('[data-testid="delete-runs"]')!
      .textContent!.replace(/\s+/g, ' ')
    expect(said).toContain('2 runs were trained on it: “paper run”, “tiny”.')
    expect(said).toContain('cannot be resumed')
    button(dialog, 'Delete anyway')!.click()
    await settle()
    expect(calls.find((c) => c.method === 'datasets.remove')!.args).toEqual({ id: 'd2' })
  })
})

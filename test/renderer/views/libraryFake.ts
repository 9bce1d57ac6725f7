import type { LibraryClient } from '../../../src/renderer/src/views/Library/LibraryState.svelte'
import type { DatasetSummary, Marks, PieceSummary } from '../../../src/shared/api'
import { runSummary } from './fakeClient'

/** A small in-memory library behind the transport (filters pieces the way the server does: query, tag, favourite, sort). */
export function fakeLibraryApi() {
  const calls: { method: string; args: any }[] = []
  let datasets: DatasetSummary[] = [
    {
      id: 'd1',
      name: 'rock',
      status: 'ready',
      createdAt: '2026-01-02',
      fileCount: 2,
      errorCount: 1,
      segmentCount: 12,
      labels: ['rock']
    },
    {
      id: 'd2',
      name: 'pop909',
      status: 'ready',
      createdAt: '2026-01-01',
      fileCount: 5,
      errorCount: 0,
      segmentCount: 40,
      labels: ['pop']
    }
  ]
  let runs = [
    runSummary({
      id: 'r1',
      name: 'paper run',
      preset: 'paper',
      status: 'finished',
      updatedAt: '2026-01-03'
    }),
    runSummary({ id: 'r2', name: 'tiny', status: 'paused', updatedAt: '2026-01-05' }),
    runSummary({
      id: 'r3',
      name: 'layer norm',
      preset: 'improved',
      status: 'paused',
      updatedAt: '2026-01-04'
    })
  ]
  let pieces: PieceSummary[] = ['Study in C', 'Nocturne', 'Riff'].map((title, i) => ({
    id: `p${i}`,
    title,
    tags: i === 0 ? ['draft'] : [],
    favourite: i === 1,
    createdAt: `2026-01-0${i + 1}`,
    updatedAt: `2026-01-0${i + 1}`,
    trackCount: 2,
    noteCount: 10 * (i + 1),
    source: 'generated',
    generatedFrom:
      i === 0
        ? { model: 'Default model, epoch 52', seed: 7, threshold: 0.5, transpose: 2, variety: 1 }
        : null
  }))
  const rec = (method: string, args: any) => calls.push({ method, args })
  /** Run or dataset marks kept the way main keeps them: untouched fields stay. */
  const markStore = (name: string, initial: Marks[]) => {
    const store = new Map(initial.map((m) => [m.id, m]))
    return {
      marks: async () => [...store.values()],
      mark: async (a: { id: string; tags?: string[]; favourite?: boolean }) => {
        rec(`${name}.mark`, a)
        const was = store.get(a.id) ?? { id: a.id, favourite: false, tags: [] }
        const m = { id: a.id, favourite: a.favourite ?? was.favourite, tags: a.tags ?? was.tags }
        store.set(a.id, m)
        return m
      }
    }
  }
  const api: LibraryClient = {
    datasets: {
      ...markStore('datasets', [{ id: 'd2', favourite: true, tags: ['pop'] }]),
      list: async () => datasets,
      get: async ({ id }) => ({
        ...datasets.find((d) => d.id === id)!,
        files: [
          {
            file: 'a.mid',
            status: 'ok',
            tracks: [{ name: 'Bass', family: 5, notes: 20 }],
            notesKept: 20,
            notesDropped: { outOfRange: 2, zeroLength: 0 },
            warnings: []
          },
          {
            file: 'b.mid',
            status: 'error',
            tracks: [],
            notesKept: 0,
            notesDropped: { outOfRange: 0, zeroLength: 0 },
            warnings: [],
            error: { code: 'bad', message: 'not a MIDI file' }
          }
        ]
      }),
      rename: async ({ id, name }) => {
        rec('datasets.rename', { id, name })
        return { ...datasets.find((d) => d.id === id)!, name }
      },
      remove: async ({ id }) => {
        rec('datasets.remove', { id })
        datasets = datasets.filter((d) => d.id !== id)
      }
    },
    runs: {
      ...markStore('runs', []),
      list: async () => runs,
      rename: async ({ id, name }) => ({ ...runs.find((r) => r.id === id)!, name }),
      remove: async ({ id }) => {
        rec('runs.remove', { id })
        runs = runs.filter((r) => r.id !== id)
      }
    },
    pieces: {
      list: async (a = {}) => {
        rec('pieces.list', a)
        const q = (a.query ?? '').toLowerCase()
        let items = pieces.filter(
          (p) =>
            p.title.toLowerCase().includes(q) &&
            (!a.tag || p.tags.includes(a.tag)) &&
            (!a.favourite || p.favourite)
        )
        const key = (p: PieceSummary) =>
          a.sort === 'title' ? p.title : a.sort === 'created' ? p.createdAt : p.updatedAt
        items = items.sort((x, y) => key(x).localeCompare(key(y)) * (a.order === 'asc' ? 1 : -1))
        return { items, total: items.length }
      },
      update: async (a) => {
        rec('pieces.update', a)
        const p = pieces.find((x) => x.id === a.id)!
        Object.assign(
          p,
          a.title ? { title: a.title } : {},
          a.tags ? { tags: a.tags } : {},
          a.favourite !== undefined ? { favourite: a.favourite } : {}
        )
        return { ...p }
      },
      remove: async ({ id }) => {
        rec('pieces.remove', { id })
        pieces = pieces.filter((p) => p.id !== id)
      }
    }
  }
  return { api, calls }
}

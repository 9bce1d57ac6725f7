import { describeError } from '../../state/describeError'
import { guarded } from '../../state/guarded'
import type {
  ComposerApi,
  DatasetDetail,
  DatasetSummary,
  Marks,
  PieceSummary,
  RunSummary
} from '@shared/api'
import { filterDatasets, filterRuns, parseTags, type ListSort, type SortOrder } from './listing'

/** The part of window.composer the Library view uses. */
export type LibraryClient = {
  datasets: Pick<ComposerApi['datasets'], 'list' | 'get' | 'rename' | 'remove'> &
    Partial<Pick<ComposerApi['datasets'], 'marks' | 'mark' | 'resumeImport'>>
  runs: Pick<ComposerApi['runs'], 'list' | 'rename' | 'remove'> &
    Partial<Pick<ComposerApi['runs'], 'marks' | 'mark'>>
  pieces: Pick<ComposerApi['pieces'], 'list' | 'update' | 'remove'>
}

/** What a delete confirmation is about. */
export interface PendingDelete {
  kind: 'dataset' | 'run' | 'piece'
  id: string
  label: string
  /** For a dataset: the runs trained on it (they stay, but lose their data), and whether one trains now. */
  usedBy?: { names: string[]; training: string[] }
}

/** Rows of the pieces list per page. */
export const PIECES_PAGE = 50

/** State of the Library view: datasets (with reports), runs and pieces; search, filter, sort, rename, tag, favourite, delete. */
export class LibraryState {
  tab = $state<'datasets' | 'runs' | 'pieces'>('pieces')
  datasets = $state<DatasetSummary[]>([])
  report = $state<DatasetDetail | null>(null)
  runs = $state<RunSummary[]>([])
  pieces = $state<PieceSummary[]>([])
  piecesTotal = $state(0)
  query = $state('')
  runStatus = $state<RunSummary['status'] | 'all'>('all')
  sort = $state<ListSort>('updated')
  order = $state<SortOrder>('desc')
  tag = $state<string | null>(null)
  favouritesOnly = $state(false)
  page = $state(0)
  /** Favourite flags and tags of runs and datasets, by id (absent: unmarked). */
  marks = $state<{ run: Record<string, Marks>; dataset: Record<string, Marks> }>({
    run: {},
    dataset: {}
  })
  confirming = $state<PendingDelete | null>(null)
  error = $state<string | null>(null)

  readonly shownRuns = $derived(
    filterRuns(this.runs, this.query, this.runStatus, this.sort, this.order).filter(
      (r) => !this.favouritesOnly || this.marksOf('run', r.id).favourite
    )
  )
  readonly shownDatasets = $derived(
    filterDatasets(this.datasets, this.query, this.sort, this.order).filter(
      (d) => !this.favouritesOnly || this.marksOf('dataset', d.id).favourite
    )
  )

  constructor(private readonly api: LibraryClient) {}

  /** Load all three lists; each on its own, so one unavailable service leaves the others usable. */
  async load(): Promise<void> {
    const errors: string[] = []
    const each = (fn: () => Promise<void>) =>
      fn().catch((err) => void errors.push(describeError(err)))
    await Promise.all([
      each(async () => void (this.datasets = await this.api.datasets.list())),
      each(async () => void (this.runs = await this.api.runs.list())),
      each(() => this.loadPieces()),
      each(() => this.loadMarks())
    ])
    this.error = errors.length ? errors.filter((e, i) => errors.indexOf(e) === i).join('; ') : null
  }

  /** Search pieces on the server with the query, tag, favourite filter, sort and page. */
  async loadPieces(): Promise<void> {
    const sort = this.sort === 'name' ? 'title' : this.sort
    const res = await this.api.pieces.list({
      query: this.query.trim() || undefined,
      tag: this.tag ?? undefined,
      favourite: this.favouritesOnly ? true : undefined,
      sort,
      order: this.order,
      offset: this.page * PIECES_PAGE,
      limit: PIECES_PAGE
    })
    this.pieces = res.items
    this.piecesTotal = res.total
  }

  /** Load run and dataset marks where the server offers them. */
  async loadMarks(): Promise<void> {
    const byId = (ms: Marks[]) => Object.fromEntries(ms.map((m) => [m.id, m]))
    const [run, dataset] = await Promise.all([
      this.api.runs.marks?.() ?? [],
      this.api.datasets.marks?.() ?? []
    ])
    this.marks = { run: byId(run), dataset: byId(dataset) }
  }

  /** A run's or dataset's marks (unmarked when unknown). */
  marksOf(kind: 'run' | 'dataset', id: string): Marks {
    return this.marks[kind][id] ?? { id, favourite: false, tags: [] }
  }

  /** Change a run's or dataset's tags (comma-separated text) or toggle its favourite flag. */
  async mark(kind: 'run' | 'dataset', id: string, change: { tags?: string; favourite?: true }) {
    const args = {
      id,
      tags: change.tags === undefined ? undefined : parseTags(change.tags),
      favourite: change.favourite ? !this.marksOf(kind, id).favourite : undefined
    }
    await this.guard(async () => {
      const m = await (kind === 'run' ? this.api.runs : this.api.datasets).mark?.(args)
      if (m) this.marks[kind][id] = m
    })
  }

  /** Apply a change of query, filter or sort (pieces are asked again; runs and datasets filter locally). */
  async search(): Promise<void> {
    this.page = 0
    if (this.tab === 'pieces') await this.guard(() => this.loadPieces())
  }

  /** Open a dataset's per-file import report. */
  async openReport(id: string): Promise<void> {
    await this.guard(async () => {
      this.report = await this.api.datasets.get({ id })
    })
  }

  /** After an import ends: list the datasets again and select the new one with its report; a cancelled one is removed. */
  async afterImport(datasetId: string, outcome: 'done' | 'failed' | 'cancelled'): Promise<void> {
    this.tab = 'datasets'
    await this.guard(async () => {
      this.datasets = await this.api.datasets.list()
      if (outcome !== 'cancelled') {
        this.report = await this.api.datasets.get({ id: datasetId })
        return
      }
      if (this.report?.id === datasetId) this.report = null
      // main keeps a cancelled import's row (status 'cancelled'); the composer asked for nothing to be kept
      if (this.datasets.some((d) => d.id === datasetId && d.status === 'cancelled')) {
        await this.api.datasets.remove({ id: datasetId })
        this.datasets = this.datasets.filter((d) => d.id !== datasetId)
      }
    })
  }

  /** Run an interrupted, failed or cancelled import again from its recorded source (issue 11.5). */
  async resumeImport(id: string): Promise<void> {
    const resume = this.api.datasets.resumeImport
    if (!resume) return
    await this.guard(async () => {
      await resume({ id })
      this.replace(this.datasets, {
        ...this.datasets.find((d) => d.id === id)!,
        status: 'importing'
      })
    })
  }

  /** Rename a dataset, run or piece. */
  async rename(kind: PendingDelete['kind'], id: string, name: string): Promise<void> {
    await this.guard(async () => {
      if (kind === 'dataset')
        this.replace(this.datasets, await this.api.datasets.rename({ id, name }))
      else if (kind === 'run') this.replace(this.runs, await this.api.runs.rename({ id, name }))
      else this.replace(this.pieces, await this.api.pieces.update({ id, title: name }))
    })
  }

  /** Set a piece's tags from comma-separated text. */
  async setTags(id: string, text: string): Promise<void> {
    await this.guard(async () => {
      this.replace(this.pieces, await this.api.pieces.update({ id, tags: parseTags(text) }))
    })
  }

  /** Toggle a piece's favourite flag. */
  async toggleFavourite(id: string): Promise<void> {
    const p = this.pieces.find((x) => x.id === id)
    if (!p) return
    await this.guard(async () => {
      this.replace(this.pieces, await this.api.pieces.update({ id, favourite: !p.favourite }))
    })
  }

  /** Ask for confirmation before deleting (nothing is removed yet); a dataset says which runs use it. */
  askDelete(kind: PendingDelete['kind'], id: string, label: string): void {
    const users = kind === 'dataset' ? this.runs.filter((r) => r.datasetId === id) : []
    this.confirming = {
      kind,
      id,
      label,
      ...(kind === 'dataset' && {
        usedBy: {
          names: users.map((r) => r.name),
          training: users.filter((r) => r.status === 'running').map((r) => r.name)
        }
      })
    }
  }

  /** Dismiss the confirmation. */
  cancelDelete(): void {
    this.confirming = null
  }

  /** Delete what the confirmation is about (main removes its files too) and drop it from the list. */
  async confirmDelete(): Promise<void> {
    const c = this.confirming
    if (!c) return
    this.confirming = null
    await this.guard(async () => {
      if (c.kind === 'dataset') {
        if (c.usedBy?.training.length) return
        await this.api.datasets.remove({ id: c.id })
        this.datasets = this.datasets.filter((d) => d.id !== c.id)
        if (this.report?.id === c.id) this.report = null
        // its runs stay, without a dataset now
        if (c.usedBy?.names.length) this.runs = await this.api.runs.list()
      } else if (c.kind === 'run') {
        await this.api.runs.remove({ id: c.id })
        this.runs = this.runs.filter((r) => r.id !== c.id)
      } else {
        await this.api.pieces.remove({ id: c.id })
        this.pieces = this.pieces.filter((p) => p.id !== c.id)
        this.piecesTotal = Math.max(0, this.piecesTotal - 1)
      }
    })
  }

  private replace<T extends { id: string }>(list: T[], item: T): void {
    const i = list.findIndex((x) => x.id === item.id)
    if (i >= 0) list[i] = { ...list[i], ...item }
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    await guarded(this, fn)
  }
}

import type { DatasetSummary, GeneratedFromSummary, RunSummary } from '@shared/api'

/** A generated piece's provenance in a line: model, seed, threshold, and the key move and variety when not 0 and 1. */
export function generatedFromText(g: GeneratedFromSummary): string {
  const parts = [
    g.model ?? 'a model no longer in the library',
    `seed ${g.seed}`,
    `threshold ${g.threshold}`
  ]
  if (g.transpose) parts.push(`key ${g.transpose > 0 ? '+' : '−'}${Math.abs(g.transpose)}`)
  if (g.variety !== 1) parts.push(`variety ${g.variety}`)
  return parts.join(' · ')
}

/** Sort keys of the runs and datasets lists. */
export type ListSort = 'name' | 'created' | 'updated'

/** Ascending or descending. */
export type SortOrder = 'asc' | 'desc'

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))
}

/** Runs matching a free-text query (name, preset, backend) and a status, sorted. */
export function filterRuns(
  runs: readonly RunSummary[],
  query: string,
  status: RunSummary['status'] | 'all',
  sort: ListSort,
  order: SortOrder
): RunSummary[] {
  const q = query.trim().toLowerCase()
  const out = runs.filter(
    (r) =>
      (status === 'all' || r.status === status) &&
      (!q || [r.name, r.preset, r.backend ?? ''].some((s) => s.toLowerCase().includes(q)))
  )
  const key = (r: RunSummary) =>
    sort === 'name' ? r.name : sort === 'created' ? r.createdAt : r.updatedAt
  out.sort((a, b) => compare(key(a), key(b)) * (order === 'asc' ? 1 : -1))
  return out
}

/** Datasets matching a query (name or label), sorted by name or creation. */
export function filterDatasets(
  list: readonly DatasetSummary[],
  query: string,
  sort: ListSort,
  order: SortOrder
): DatasetSummary[] {
  const q = query.trim().toLowerCase()
  const out = list.filter(
    (d) =>
      !q || d.name.toLowerCase().includes(q) || d.labels.some((l) => l.toLowerCase().includes(q))
  )
  const key = (d: DatasetSummary) => (sort === 'name' ? d.name : d.createdAt)
  out.sort((a, b) => compare(key(a), key(b)) * (order === 'asc' ? 1 : -1))
  return out
}

/** Tags typed as "a, b,  c" -> ['a', 'b', 'c']: trimmed, no empties, no duplicates, at most 50 characters each. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>()
  for (const t of text.split(',')) {
    const tag = t.trim().slice(0, 50)
    if (tag) seen.add(tag)
  }
  return [...seen]
}

import { basename, extname } from 'node:path'

/** File key -> its labels, read from a label CSV. */
export type LabelMap = Map<string, string[]>

/** Which labelled files go into a dataset. */
export interface LabelFilter {
  labels: LabelMap
  /** Keep files carrying any of these labels (case-insensitive); absent = any labelled file. */
  include?: readonly string[]
}

/** The key a file is matched by: its base name without extension, lower-cased (LPD ids, paths, names). */
export function labelKey(file: string): string {
  const base = basename(file.replace(/\\/g, '/'))
  return base.slice(0, base.length - extname(base).length).toLowerCase()
}

/** Split one CSV line, honouring double quotes ("" inside quotes is a quote). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"'
      i++
    } else if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) {
      cells.push(cur)
      cur = ''
    } else cur += ch
  }
  cells.push(cur)
  return cells.map((c) => c.trim())
}

const HEADER = /^(file|filename|file_name|name|id|path)$/i

/**
 * Parse a label CSV: first column a file name (or path, or id), every further column one or more
 * labels separated by ';' or '|'. A header row whose first cell is file/filename/name/id/path is
 * skipped; blank lines and lines starting with '#' too. Rows for one file accumulate.
 */
export function parseLabelCsv(text: string): LabelMap {
  const map: LabelMap = new Map()
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return
    const [file, ...rest] = splitCsvLine(line)
    if (i === 0 && HEADER.test(file)) return
    if (!file) return
    const labels = rest
      .flatMap((c) => c.split(/[;|]/))
      .map((l) => l.trim())
      .filter(Boolean)
    const key = labelKey(file)
    map.set(key, [...new Set([...(map.get(key) ?? []), ...labels])])
  })
  return map
}

/**
 * Keys a file may be listed under: its base name, then each parent folder (LPD stores
 * <msd id>/<hash>.npz, and label lists name the MSD id), all without extension, lower-cased.
 */
export function candidateKeys(file: string): string[] {
  const parts = file.replace(/\\/g, '/').split('/').filter(Boolean).reverse()
  return parts.map(labelKey)
}

/**
 * Whether a file passes the label filter: it must be listed (under any candidate key) and, when
 * `include` is given, carry one of those labels. A plain id list (one name per line, no labels)
 * works as a whitelist without `include`.
 */
export function passesLabels(file: string, filter: LabelFilter): boolean {
  const key = candidateKeys(file).find((k) => filter.labels.has(k))
  const labels = key === undefined ? undefined : filter.labels.get(key)
  if (!labels) return false
  if (!filter.include || filter.include.length === 0) return true
  const want = new Set(filter.include.map((l) => l.toLowerCase()))
  return labels.some((l) => want.has(l.toLowerCase()))
}

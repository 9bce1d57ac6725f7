import type { StartupReport } from '@shared/api'
import { plural } from '../plural'

/** The start-up report in a composer's words: one line per finding; none when there is nothing to say. */
export function startupLines(r: StartupReport): string[] {
  if (r.state === 'failed') return [`The library’s start-up check could not run: ${r.error}.`]
  const lines: string[] = []
  const { runs, imports } = r.interrupted
  if (runs.length)
    lines.push(
      `Training was interrupted: ${runs.map((x) => x.name).join(', ')}. Resume or remove it in Train.`
    )
  if (imports.length)
    lines.push(
      `An import was interrupted: ${imports.map((x) => x.name).join(', ')}. Remove it in the Library and import again.`
    )
  if (r.quarantined.length) {
    const where = r.quarantined[0].to.split('/').slice(0, 2).join('/')
    lines.push(
      `${plural(r.quarantined.length, 'folder or file', 'folders or files')} the library did not know (${r.quarantined.map((q) => q.from).join(', ')}) moved aside to “${where}” in the data folder. Nothing was deleted.`
    )
  }
  const damaged = r.missing.length + r.corrupt.length
  if (damaged)
    lines.push(
      `${plural(damaged, 'file')} of the library ${damaged === 1 ? 'is' : 'are'} missing or damaged (${[...r.missing, ...r.corrupt].join(', ')}); the rows are kept.`
    )
  if (r.unknownFiles.length)
    lines.push(
      `${plural(r.unknownFiles.length, 'file')} in the library’s folders that it does not list ${r.unknownFiles.length === 1 ? 'was' : 'were'} left where ${r.unknownFiles.length === 1 ? 'it is' : 'they are'}.`
    )
  return lines
}

import { ApiError } from '../../shared/api/errors'
import type { DomainHandlers } from '../../shared/api/table'
import { need, type HandlerDeps } from './deps'

const NO_DIALOG =
  'Choosing files needs the desktop app. In serve mode, import with the command line: bytes-to-beats import <folder>.'

/** datasets: list and read datasets; choose a source in a native dialog (an id, never a path); start an import. */
export function createDatasetsHandlers(
  deps: Pick<HandlerDeps, 'datasets' | 'dialogs' | 'grants' | 'nearest'>
): DomainHandlers<'datasets'> {
  return {
    list: async (args) => deps.datasets.list(args),
    get: async (args) => deps.datasets.get(args),
    segments: async (args) => deps.datasets.segments(args),
    chooseSource: async ({ kind }) => {
      const paths = await need(deps.dialogs, NO_DIALOG).chooseSource(kind)
      return paths && paths.length > 0 ? deps.grants.register(kind, paths) : null
    },
    import: async ({ name, sourceId, labelsSourceId, labelFilter, segments }) => {
      const source = await deps.grants.resolve(sourceId)
      if (source.kind === 'labels-csv') {
        throw new ApiError('invalid_args', 'choose music files, not a label file', 'sourceId')
      }
      const labels = labelsSourceId
        ? await deps.grants.resolve(labelsSourceId, 'labels-csv')
        : undefined
      return deps.datasets.startImport({
        name,
        kind: source.kind,
        paths: source.paths,
        labelsPath: labels?.paths[0],
        labelFilter,
        segments
      })
    },
    cancelImport: async (args) => deps.datasets.cancelImport(args),
    resumeImport: async (args) => deps.datasets.resumeImport(args),
    rename: async (args) => deps.datasets.rename(args),
    marks: async (args) => deps.datasets.marks(args),
    mark: async (args) => deps.datasets.mark(args),
    remove: async (args) => deps.datasets.remove(args),
    nearest: async (args) => deps.nearest.nearest(args),
    segment: async (args) => deps.nearest.segment(args)
  }
}

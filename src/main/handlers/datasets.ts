import { ApiError } from '../../shared/api/errors'
import type { DomainHandlers } from '../../shared/api/table'
import { need, type HandlerDeps } from './deps'

const NO_IMPORT = 'Importing music is not part of this build yet.'
const NO_NEAREST = 'Comparing with training music needs the library.'
const NO_DIALOG =
  'Choosing files needs the desktop app. In serve mode, import with the command line: bytes-to-beats import <folder>.'

/** datasets: list and read datasets; choose a source in a native dialog (an id, never a path); start an import. */
export function createDatasetsHandlers(
  deps: Pick<HandlerDeps, 'datasets' | 'dialogs' | 'grants' | 'nearest'>
): DomainHandlers<'datasets'> {
  const port = () => need(deps.datasets, NO_IMPORT)
  return {
    list: async (args) => port().list(args),
    get: async (args) => port().get(args),
    segments: async (args) => port().segments(args),
    chooseSource: async ({ kind }) => {
      const paths = await need(deps.dialogs, NO_DIALOG).chooseSource(kind)
      return paths && paths.length > 0 ? deps.grants.register(kind, paths) : null
    },
    import: async ({ name, sourceId, labelsSourceId, labelFilter, segments }) => {
      const datasets = port()
      const source = await deps.grants.resolve(sourceId)
      if (source.kind === 'labels-csv') {
        throw new ApiError('invalid_args', 'choose music files, not a label file', 'sourceId')
      }
      const labels = labelsSourceId
        ? await deps.grants.resolve(labelsSourceId, 'labels-csv')
        : undefined
      return datasets.startImport({
        name,
        kind: source.kind,
        paths: source.paths,
        labelsPath: labels?.paths[0],
        labelFilter,
        segments
      })
    },
    cancelImport: async (args) => port().cancelImport(args),
    rename: async (args) => port().rename(args),
    marks: async (args) => port().marks(args),
    mark: async (args) => port().mark(args),
    remove: async (args) => port().remove(args),
    nearest: async (args) => need(deps.nearest, NO_NEAREST).nearest(args),
    segment: async (args) => need(deps.nearest, NO_NEAREST).segment(args)
  }
}

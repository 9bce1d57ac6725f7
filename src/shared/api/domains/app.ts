import { method } from '../method'
import { NoArgs } from '../common'
import type { AppInfo, JobStatus } from '../types'

/** app: what is running (versions, backend, data folder) and the jobs in progress. */
export const appMethods = {
  info: method<AppInfo>()(NoArgs, 'Versions, mode, backend in use and data folder'),
  jobs: method<JobStatus[]>()(
    NoArgs,
    'The jobs running now (import, training) with their progress'
  ),
  showDataFolder: method<void>()(NoArgs, 'Open the data folder in the file manager (desktop only)')
}

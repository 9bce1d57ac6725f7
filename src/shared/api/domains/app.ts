import { method } from '../method'
import { NoArgs } from '../common'
import type { AppInfo, JobStatus, StartupReport } from '../types'

/** app: what is running (versions, backend, data folder) and the jobs in progress. */
export const appMethods = {
  info: method<AppInfo>()(NoArgs, 'Versions, mode, backend in use and data folder'),
  jobs: method<JobStatus[]>()(
    NoArgs,
    'The jobs running now (import, training) with their progress'
  ),
  startupReport: method<StartupReport>()(
    NoArgs,
    'What the start-up check of the library found and did (moved aside, missing, interrupted)'
  ),
  showDataFolder: method<void>()(NoArgs, 'Open the data folder in the file manager (desktop only)')
}

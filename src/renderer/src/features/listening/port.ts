import type { ComposerApi } from '@shared/api'

/** The calls the listening test and the real-data SSM need: listening answers stored per run, and real segments of a dataset. */
export type ListeningClient = {
  listening: Pick<ComposerApi['listening'], 'save' | 'results'>
  datasets: Pick<ComposerApi['datasets'], 'segments'>
}

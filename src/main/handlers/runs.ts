import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** runs: training runs, forwarded to the trainer and library once they are wired in. */
export function createRunsHandlers(deps: Pick<HandlerDeps, 'runs'>): DomainHandlers<'runs'> {
  return forwardTo('runs', deps.runs, 'Training is not part of this build yet.')
}

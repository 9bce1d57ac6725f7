import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** runs: training runs (src/main/services/training). */
export function createRunsHandlers(deps: Pick<HandlerDeps, 'runs'>): DomainHandlers<'runs'> {
  return forwardTo('runs', deps.runs)
}

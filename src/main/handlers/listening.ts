import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** listening: listening-test answers (src/main/services/listening.ts). */
export function createListeningHandlers(
  deps: Pick<HandlerDeps, 'listening'>
): DomainHandlers<'listening'> {
  return forwardTo('listening', deps.listening)
}

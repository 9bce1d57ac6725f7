import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** listening: listening-test answers, forwarded to the library once it is wired in. */
export function createListeningHandlers(
  deps: Pick<HandlerDeps, 'listening'>
): DomainHandlers<'listening'> {
  return forwardTo(
    'listening',
    deps.listening,
    'Storing listening tests is not part of this build yet.'
  )
}

import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** pieces: the stored pieces, forwarded to the library once it is wired in. */
export function createPiecesHandlers(deps: Pick<HandlerDeps, 'pieces'>): DomainHandlers<'pieces'> {
  return forwardTo('pieces', deps.pieces, 'The piece library is not part of this build yet.')
}

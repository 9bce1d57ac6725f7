import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** pieces: the stored pieces (src/main/services/pieces.ts). */
export function createPiecesHandlers(deps: Pick<HandlerDeps, 'pieces'>): DomainHandlers<'pieces'> {
  return forwardTo('pieces', deps.pieces)
}

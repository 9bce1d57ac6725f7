import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** generation: pieces from a model (src/main/services/generation). */
export function createGenerationHandlers(
  deps: Pick<HandlerDeps, 'generation'>
): DomainHandlers<'generation'> {
  return forwardTo('generation', deps.generation)
}

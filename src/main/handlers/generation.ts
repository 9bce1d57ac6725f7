import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'
import { forwardTo } from './forward'

/** generation: pieces from a model, forwarded to the engine once it is wired in. */
export function createGenerationHandlers(
  deps: Pick<HandlerDeps, 'generation'>
): DomainHandlers<'generation'> {
  return forwardTo('generation', deps.generation, 'Generating music is not part of this build yet.')
}

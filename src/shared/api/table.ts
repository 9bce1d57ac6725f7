import type { z } from 'zod'
import type { MethodSpec } from './method'
import { METHOD_NAMES, type Domain, type MethodName } from './channels'
import type { EventSubscriber } from './events'

export type { EventSubscriber }
import { appMethods } from './domains/app'
import { settingsMethods } from './domains/settings'
import { datasetsMethods } from './domains/datasets'
import { runsMethods } from './domains/runs'
import { generationMethods } from './domains/generation'
import { piecesMethods } from './domains/pieces'
import { exportMethods } from './domains/export'
import { listeningMethods } from './domains/listening'

/** The one API table: every domain's methods with their strict argument schemas and result types. */
export const API = {
  app: appMethods,
  settings: settingsMethods,
  datasets: datasetsMethods,
  runs: runsMethods,
  generation: generationMethods,
  pieces: piecesMethods,
  listening: listeningMethods,
  export: exportMethods
} satisfies { [D in Domain]: Record<MethodName<D>, MethodSpec> }

type Api = typeof API

// Compile-time check that the table has no method METHOD_NAMES lacks (satisfies checks the other direction).
type Extra = { [D in Domain]: Exclude<keyof Api[D], MethodName<D>> }[Domain]
const _noExtraMethods: [Extra] extends [never] ? true : never = true
void _noExtraMethods
void METHOD_NAMES

type Spec<D extends Domain, M extends MethodName<D>> = M extends keyof Api[D] ? Api[D][M] : never

/** The argument a caller passes to a method (zod input: defaults may be left out). */
export type ArgsOf<D extends Domain, M extends MethodName<D>> =
  Spec<D, M> extends MethodSpec<infer A, unknown> ? z.input<A> : never

/** The argument a handler receives (zod output: validated, defaults applied). */
export type ParsedArgsOf<D extends Domain, M extends MethodName<D>> =
  Spec<D, M> extends MethodSpec<infer A, unknown> ? z.output<A> : never

/** The result a method resolves to. */
export type ResultOf<D extends Domain, M extends MethodName<D>> =
  Spec<D, M> extends MethodSpec<z.ZodType, infer R> ? R : never

type ClientMethod<D extends Domain, M extends MethodName<D>> =
  Record<string, never> extends ArgsOf<D, M>
    ? (args?: ArgsOf<D, M>) => Promise<ResultOf<D, M>>
    : (args: ArgsOf<D, M>) => Promise<ResultOf<D, M>>

/** One domain as the renderer calls it. */
export type DomainClient<D extends Domain> = { [M in MethodName<D>]: ClientMethod<D, M> }

/** window.composer: every domain's methods plus typed event subscription. */
export type ComposerApi = { [D in Domain]: DomainClient<D> } & { events: EventSubscriber }

/** What a handler knows about the call beyond its arguments (the transport, and desktop-only abilities). */
export interface CallContext {
  transport: 'ipc' | 'ws' | 'direct'
  /** Start a native file drag from the calling window (desktop only). */
  startDrag?: (file: string) => void
}

/** A handler of one method: validated arguments in, result out. */
export type Handler<D extends Domain, M extends MethodName<D>> = (
  args: ParsedArgsOf<D, M>,
  ctx: CallContext
) => Promise<ResultOf<D, M>>

/** The handlers of one domain (what createXHandlers returns). */
export type DomainHandlers<D extends Domain> = { [M in MethodName<D>]: Handler<D, M> }

/** Handlers for the whole table. */
export type ApiHandlers = { [D in Domain]: DomainHandlers<D> }

/** The spec of a method looked up by domain and name at run time. */
export function specOf(domain: Domain, methodName: string): MethodSpec | undefined {
  const methods = API[domain] as Record<string, MethodSpec>
  return Object.hasOwn(methods, methodName) ? methods[methodName] : undefined
}

import type { z } from 'zod'

/** One API method: its strict argument schema, a one-line summary, and (as a type only) its result. */
export interface MethodSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  args: A
  summary: string
  /** Never set: carries the result type R for the derived client and handler types. */
  readonly result?: R
}

/** Declare a method whose result is R: `method<Piece>()(z.strictObject({ id: Id }), 'Read one piece')`. */
export function method<R>() {
  return <A extends z.ZodType>(args: A, summary: string): MethodSpec<A, R> => ({ args, summary })
}

/**
 * State a view keeps for as long as the frame lives: made on the view's first mount and handed back on every later
 * one, so switching views never throws away an open piece, its undo history or a half-filled form.
 */
export class ViewKeep {
  private readonly store = new Map<string, unknown>()

  /** The value kept under `key`, made by `make` the first time. */
  keep<T>(key: string, make: () => T): T {
    if (!this.store.has(key)) this.store.set(key, make())
    return this.store.get(key) as T
  }
}

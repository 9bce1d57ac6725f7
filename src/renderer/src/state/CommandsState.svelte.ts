import type { MenuCommand } from '@shared/api'

/** Commands the app menu (desktop) or the frame's keyboard shortcuts send; the visible view handles them. */
export type FrameCommand = Exclude<MenuCommand, `view:${string}` | 'about'>

type Handler = () => void

/**
 * The route from menu commands to views: a view registers handlers while it is mounted (undo/redo of the piano roll,
 * import, export). In the desktop app Ctrl/Cmd+Z reaches the page only as a menu command, so views must listen here.
 */
export class CommandsState {
  // Handlers are not state: nothing renders from them.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #handlers = new Map<FrameCommand, Handler[]>()
  #pending: FrameCommand | null = null

  /** Handle a command while mounted; returns the function that stops handling it (call it on destroy). */
  on(command: FrameCommand, handler: Handler): () => void {
    const list = this.#handlers.get(command) ?? []
    this.#handlers.set(command, [...list, handler])
    if (this.#pending === command) {
      this.#pending = null
      queueMicrotask(handler)
    }
    return () => {
      const now = this.#handlers.get(command) ?? []
      this.#handlers.set(
        command,
        now.filter((h) => h !== handler)
      )
    }
  }

  /** Keep a command for the next view that starts handling it (File > Import also switches to the Library). */
  defer(command: FrameCommand): void {
    this.#pending = command
  }

  /** Run a command: the most recent handler wins; false when no view handles it. */
  run(command: FrameCommand): boolean {
    const handler = this.#handlers.get(command)?.at(-1)
    handler?.()
    return handler !== undefined
  }
}

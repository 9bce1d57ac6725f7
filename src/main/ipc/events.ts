import type { ApiEvent } from '../../shared/api/events'

/** A listener of pushed events. */
export type EventListener = (event: ApiEvent) => void

/** The main process's event bus: services publish, transports (IPC window, WebSocket clients) subscribe. */
export class EventBus {
  #listeners = new Set<EventListener>()

  /** Deliver an event to every subscriber; a failing subscriber never stops the others. */
  publish(event: ApiEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event)
      } catch (err) {
        console.error('event listener failed:', err)
      }
    }
  }

  /** Subscribe; returns the function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** How many subscribers there are (tests, shutdown). */
  get size(): number {
    return this.#listeners.size
  }
}

import { describeError } from './describeError'

/** One message in the notification stack. */
export interface Notice {
  id: number
  kind: 'error' | 'info'
  text: string
}

/** Notifications for the whole frame: API errors in plain words, and short confirmations. */
export class NotificationsState {
  notices = $state<Notice[]>([])
  #next = 1
  readonly #timeoutMs: number

  /** timeoutMs: how long a notice stays (errors twice as long); 0 keeps them until dismissed. */
  constructor(timeoutMs = 8000) {
    this.#timeoutMs = timeoutMs
  }

  /** Show an error; `action` says what the composer was doing ("Saving the piece"). */
  error(err: unknown, action?: string): void {
    this.#push('error', describeError(err, action))
  }

  /** Show a short confirmation. */
  info(text: string): void {
    this.#push('info', text)
  }

  /** Remove one notice. */
  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id)
  }

  /** Run an API call and turn a failure into a notice; resolves to undefined on failure. */
  async guard<T>(action: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call()
    } catch (err) {
      this.error(err, action)
      return undefined
    }
  }

  #push(kind: Notice['kind'], text: string): void {
    const id = this.#next++
    // The same text twice in a row stays one notice.
    if (this.notices.at(-1)?.text === text) return
    this.notices = [...this.notices.slice(-4), { id, kind, text }]
    const ms = kind === 'error' ? this.#timeoutMs * 2 : this.#timeoutMs
    if (ms > 0) setTimeout(() => this.dismiss(id), ms)
  }
}

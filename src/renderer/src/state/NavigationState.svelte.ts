import { VIEW_NAMES } from '@shared/api/domains/settings'

/** One of the frame's views. */
export type ViewName = (typeof VIEW_NAMES)[number]

/** True when a string names a view. */
export function isViewName(v: unknown): v is ViewName {
  return typeof v === 'string' && (VIEW_NAMES as readonly string[]).includes(v)
}

/** Which view is showing; mirrored in the URL hash (#library) so a view can be linked, reloaded and tested. */
export class NavigationState {
  view = $state<ViewName>('compose')
  /** A library piece asked to open in Compose (Library's "Open"); Compose takes it when it mounts. */
  pieceToOpen = $state<string | null>(null)

  constructor(initial?: string) {
    const fromHash = initial?.replace(/^#\/?/, '')
    if (isViewName(fromHash)) this.view = fromHash
  }

  /** Show a view (no-op for an unknown name). */
  go(view: string): void {
    if (isViewName(view)) this.view = view
  }

  /** Show a library piece in Compose. */
  openPiece(id: string): void {
    this.pieceToOpen = id
    this.view = 'compose'
  }

  /** The piece asked to open, once (null when none was asked). */
  takePiece(): string | null {
    const id = this.pieceToOpen
    this.pieceToOpen = null
    return id
  }

  /** The view at a 1-based position (keyboard shortcuts 1..4). */
  goIndex(n: number): void {
    const view = VIEW_NAMES[n - 1]
    if (view) this.view = view
  }
}

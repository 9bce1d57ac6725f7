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

  constructor(initial?: string) {
    const fromHash = initial?.replace(/^#\/?/, '')
    if (isViewName(fromHash)) this.view = fromHash
  }

  /** Show a view (no-op for an unknown name). */
  go(view: string): void {
    if (isViewName(view)) this.view = view
  }

  /** The view at a 1-based position (keyboard shortcuts 1..4). */
  goIndex(n: number): void {
    const view = VIEW_NAMES[n - 1]
    if (view) this.view = view
  }
}

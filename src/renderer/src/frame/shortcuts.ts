/**
 * The view-switch shortcut a key press means (1..4), or null. In the desktop app the menu owns Ctrl/Cmd+1..4 (its
 * accelerators); in a browser Ctrl+digit switches tabs, so the frame uses Alt+1..4 there.
 */
export function shortcutOf(
  e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
  mode: 'desktop' | 'browser'
): number | null {
  if (mode === 'desktop' || e.shiftKey || e.ctrlKey || e.metaKey || !e.altKey) return null
  const n = Number(e.key)
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : null
}

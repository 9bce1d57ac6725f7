/** An editor action a key press can trigger. */
export type Action =
  | 'playStop'
  | 'delete'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'selectAll'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'octaveUp'
  | 'octaveDown'
  | 'home'
  | 'fit'
  | 'mute'
  | 'solo'
  | 'hide'

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey?: boolean
}

const PLAIN: Record<string, Action> = {
  ' ': 'playStop',
  Delete: 'delete',
  Backspace: 'delete',
  d: 'duplicate',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'home',
  f: 'fit',
  m: 'mute',
  s: 'solo',
  h: 'hide'
}

const WITH_MOD: Record<string, Action> = {
  z: 'undo',
  y: 'redo',
  c: 'copy',
  x: 'cut',
  v: 'paste',
  d: 'duplicate',
  a: 'selectAll'
}

/**
 * The editor's shortcuts (DAW and signal conventions): space play/stop, delete, ctrl/cmd+z undo,
 * shift+ctrl/cmd+z redo, ctrl/cmd + c/x/v/d/a, arrows move in time and pitch, shift+up/down by octave,
 * Home to the start, F fits the piece, M/S/H mute, solo or hide the edited track.
 */
export function actionOf(e: KeyPress): Action | null {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (e.ctrlKey || e.metaKey) {
    if (key === 'z' && e.shiftKey) return 'redo'
    return WITH_MOD[key] ?? null
  }
  if (e.shiftKey && key === 'ArrowUp') return 'octaveUp'
  if (e.shiftKey && key === 'ArrowDown') return 'octaveDown'
  if (key === 'a' && !e.altKey) return 'selectAll'
  return PLAIN[key] ?? null
}

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from './files'
import { MIN_SIZE } from './security'

/** The window-state file in the data folder. */
export const WINDOW_STATE_FILE = 'window-state.json'

const Bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(MIN_SIZE.width).max(20_000),
  height: z.number().int().min(MIN_SIZE.height).max(20_000)
})

/** A window's saved place and size. */
export interface WindowState {
  bounds: z.infer<typeof Bounds>
  maximized: boolean
}

/** A display's usable area. */
export interface WorkArea {
  x: number
  y: number
  width: number
  height: number
}

/** Read the saved window state; null when missing or damaged. */
export function loadWindowState(dataDir: string): WindowState | null {
  const file = join(dataDir, WINDOW_STATE_FILE)
  if (!existsSync(file)) return null
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8'))
    const bounds = Bounds.parse(raw.bounds)
    return { bounds, maximized: raw.maximized === true }
  } catch {
    return null
  }
}

/** Save the window state (atomic write); never throws: a full disk must not break closing the window. */
export function saveWindowState(dataDir: string, state: WindowState): void {
  try {
    writeFileAtomic(join(dataDir, WINDOW_STATE_FILE), JSON.stringify(state) + '\n')
  } catch (err) {
    console.error('could not save the window state', err)
  }
}

/** The saved bounds if their centre is on one of the displays now attached, else undefined (the OS places it). */
export function visibleBounds(state: WindowState | null, areas: WorkArea[]) {
  if (!state) return undefined
  const { x, y, width, height } = state.bounds
  const cx = x + width / 2
  const cy = y + height / 2
  const onScreen = areas.some(
    (a) => cx >= a.x && cx < a.x + a.width && cy >= a.y && cy < a.y + a.height
  )
  return onScreen ? state.bounds : { width, height }
}

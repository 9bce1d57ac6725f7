import { eraseTool } from './erase'
import { pencilTool } from './pencil'
import { selectTool } from './select'
import type { Tool } from './types'

/** The tools of the roll by name (the toolbar's choices). */
export const TOOLS = { select: selectTool, pencil: pencilTool, erase: eraseTool } satisfies Record<
  string,
  Tool
>

/** A tool's name. */
export type ToolName = keyof typeof TOOLS

export type { Drag, GestureHost, PointerInfo, TickBox, Tool } from './types'
export { velocityDrag, laneVelocity } from './velocity'

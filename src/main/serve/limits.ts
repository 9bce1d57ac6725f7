// Bounds of serve mode (issue 11 item 7): one message, its JSON nesting, and what may queue for a slow client.
import type { WebSocket } from 'ws'

/**
 * Largest message a client may send. The largest piece of the real set (Freedoom d_dm27, 10,013 notes) is a 0.57 MB
 * pieces:save; a piece at the 100,000-note cap is about 6.5 MB. ws refuses a bigger frame from its header (close 1009).
 */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024
/** Deepest JSON nesting a call may have (a piece is 5 deep); checked before JSON.parse. */
export const MAX_JSON_DEPTH = 32
/** Above this many bytes queued for one client, progress events to it are skipped (the next one carries the state). */
export const SOFT_QUEUE_BYTES = 1024 * 1024
/** Above this, the client is not reading: it is disconnected rather than let the server's memory grow. */
export const HARD_QUEUE_BYTES = 16 * 1024 * 1024

/** Events a slow client can miss without harm: each one supersedes the previous. */
const DROPPABLE = new Set(['run:progress', 'import:progress'])

/** The nesting depth of JSON text, in one pass without parsing; stops counting at `max + 1`. */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest && (deepest = depth) > max) return deepest
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return deepest
}

/** Counters of what the limits did (tests and the reliability figures read them). */
export interface SendStats {
  skippedEvents: number
  slowClientsClosed: number
  maxQueuedBytes: number
}

/** Send text to a client unless it has stopped reading: progress events are skipped, then the client is closed. */
export function sendBounded(ws: WebSocket, text: string, kind: string | null, stats: SendStats) {
  if (ws.readyState !== ws.OPEN) return
  const queued = ws.bufferedAmount
  stats.maxQueuedBytes = Math.max(stats.maxQueuedBytes, queued)
  if (queued > 0 && queued + text.length > HARD_QUEUE_BYTES) {
    stats.slowClientsClosed++
    ws.terminate()
    return
  }
  if (kind !== null && DROPPABLE.has(kind) && queued > SOFT_QUEUE_BYTES) {
    stats.skippedEvents++
    return
  }
  ws.send(text)
}

// Exposes window.composer, built from the API table's channel list, and nothing else. Runs sandboxed: it may import only
// 'electron' and code bundled into it (the zod-free channel list, never the zod schemas).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENT_CHANNEL } from '../shared/api/channels'
import { buildBridge } from '../shared/api/bridge'
import { EVENT_TYPES, type ApiEvent, type EventSubscriber } from '../shared/api/events'
import type { ApiResult } from '../shared/api/errors'

const events: EventSubscriber = {
  on(type, listener) {
    if (!EVENT_TYPES.includes(type)) throw new Error(`unknown event type ${String(type)}`)
    if (typeof listener !== 'function') throw new Error('listener must be a function')
    const wrapped = (_e: IpcRendererEvent, event: ApiEvent) => {
      if (event?.type === type) listener(event as never)
    }
    ipcRenderer.on(EVENT_CHANNEL, wrapped)
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, wrapped)
  }
}

contextBridge.exposeInMainWorld(
  'composer',
  buildBridge((channel, args) => ipcRenderer.invoke(channel, args) as Promise<ApiResult>, events)
)

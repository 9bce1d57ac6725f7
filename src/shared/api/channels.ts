// The method names of the API table, free of zod so the sandboxed preload can bundle them (table.ts checks they match).

/** Every domain's method names; the wire name of a method is `${domain}:${method}`. */
export const METHOD_NAMES = {
  app: ['info', 'jobs', 'startupReport', 'showDataFolder'],
  settings: ['get', 'set'],
  datasets: [
    'list',
    'get',
    'segments',
    'chooseSource',
    'import',
    'cancelImport',
    'resumeImport',
    'rename',
    'remove',
    'marks',
    'mark',
    'nearest',
    'segment'
  ],
  runs: [
    'list',
    'presets',
    'get',
    'start',
    'pause',
    'resume',
    'restart',
    'stop',
    'rename',
    'remove',
    'curves',
    'samples',
    'checkpoints',
    'metrics',
    'marks',
    'mark'
  ],
  generation: [
    'models',
    'generate',
    'rebinarize',
    'interpolate',
    'sample',
    'inpaint',
    'continuePiece',
    'cancelSearch'
  ],
  pieces: ['list', 'get', 'save', 'update', 'remove'],
  listening: ['save', 'results'],
  export: ['midi', 'midiBytes', 'saveAs', 'saveFile', 'drag', 'showInFolder']
} as const

/** A domain of the API. */
export type Domain = keyof typeof METHOD_NAMES

/** A method name of a domain. */
export type MethodName<D extends Domain> = (typeof METHOD_NAMES)[D][number]

/** A wire channel name, `${domain}:${method}`. */
export type Channel = { [D in Domain]: `${D}:${MethodName<D>}` }[Domain]

/** One channel with its domain and method. */
export interface ChannelEntry {
  channel: Channel
  domain: Domain
  method: string
}

/** Every channel of the API, derived from METHOD_NAMES (the preload and the WebSocket client loop over this). */
export const CHANNELS: readonly ChannelEntry[] = (Object.keys(METHOD_NAMES) as Domain[]).flatMap(
  (domain) =>
    METHOD_NAMES[domain].map((method) => ({
      channel: `${domain}:${method}` as Channel,
      domain,
      method
    }))
)

/** The one IPC channel main pushes events on (never a channel the renderer chooses). */
export const EVENT_CHANNEL = 'composer:event'

/** True when a string is one of the API's channels. */
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && CHANNELS.some((c) => c.channel === name)
}

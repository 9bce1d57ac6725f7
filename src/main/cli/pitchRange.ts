import type { PitchRange } from '../data/midi/toPiece'

/** Parse a `--pitch-range LOW-HIGH` flag (MIDI numbers, inclusive); undefined when absent; throws on nonsense. */
export function parsePitchRange(flag: string | true | undefined): PitchRange | undefined {
  if (flag === undefined) return undefined
  const m = typeof flag === 'string' ? /^(\d{1,3})-(\d{1,3})$/.exec(flag) : null
  const low = Number(m?.[1])
  const high = Number(m?.[2])
  if (!m || low > high || high > 127)
    throw new Error(`--pitch-range wants LOW-HIGH within 0-127, got ${String(flag)}`)
  return { low, high }
}

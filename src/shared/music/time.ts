import type { TimeSignatureEvent } from './piece'
import type { Ticks } from './units'

/**
 * Musical time for the roll and dataset code. A "beat" here is always a quarter note (ppq ticks), as
 * in LPD/pypianoroll's `resolution`; a bar's length comes from the time signature in force:
 * numerator * (4 / denominator) quarter notes.
 */

/** One bar of a piece: where it starts and how long it is, in ticks and quarter notes. */
export interface Bar {
  /** 0-based bar number from the start of the piece. */
  index: number
  start: Ticks
  /** Ticks until the next bar (shorter than the signature says when a new signature cuts it). */
  length: Ticks
  numerator: number
  denominator: number
}

/** The signature list to use: the piece's, sorted, defaulting to 4/4 from tick 0 when empty or late. */
export function normalizeSignatures(sigs: readonly TimeSignatureEvent[]): TimeSignatureEvent[] {
  const sorted = [...sigs]
    .filter((s) => s.numerator > 0 && s.denominator > 0 && s.tick >= 0)
    .sort((a, b) => a.tick - b.tick)
  const deduped: TimeSignatureEvent[] = []
  for (const s of sorted) {
    if (deduped.length > 0 && deduped[deduped.length - 1].tick === s.tick) deduped.pop()
    deduped.push(s)
  }
  if (deduped.length === 0 || deduped[0].tick > 0) {
    deduped.unshift({ tick: 0, numerator: 4, denominator: 4 })
  }
  return deduped
}

/** Ticks in one full bar of a signature at a resolution. */
export function barTicks(sig: { numerator: number; denominator: number }, ppq: number): Ticks {
  return (sig.numerator * 4 * ppq) / sig.denominator
}

/**
 * All bars that start before `endTick`, honouring every time-signature change. A signature change
 * always starts a new bar (as in a standard MIDI file); a bar it cuts short keeps its shorter length.
 */
export function barsUntil(sigs: readonly TimeSignatureEvent[], ppq: number, endTick: Ticks): Bar[] {
  const list = normalizeSignatures(sigs)
  const bars: Bar[] = []
  for (let i = 0; i < list.length; i++) {
    const sig = list[i]
    const sectionEnd = i + 1 < list.length ? list[i + 1].tick : Infinity
    const full = barTicks(sig, ppq)
    for (let t = sig.tick; t < sectionEnd && t < endTick; t += full) {
      const length = Math.min(full, sectionEnd - t)
      bars.push({ index: bars.length, start: t, length, ...pick(sig) })
    }
  }
  return bars
}

function pick(sig: TimeSignatureEvent): { numerator: number; denominator: number } {
  return { numerator: sig.numerator, denominator: sig.denominator }
}

/** Ticks of every downbeat (bar start) before `endTick`. */
export function downbeatTicks(
  sigs: readonly TimeSignatureEvent[],
  ppq: number,
  endTick: Ticks
): Ticks[] {
  return barsUntil(sigs, ppq, endTick).map((b) => b.start)
}

/** Ticks per roll step at a number of steps per quarter-note beat. */
export function ticksPerStep(ppq: number, stepsPerBeat: number): number {
  return ppq / stepsPerBeat
}

/** Tick -> (fractional) step index counted from `origin`. */
export function tickToStep(tick: Ticks, ppq: number, stepsPerBeat: number, origin = 0): number {
  return ((tick - origin) * stepsPerBeat) / ppq
}

/** Step index counted from `origin` -> tick. */
export function stepToTick(step: number, ppq: number, stepsPerBeat: number, origin = 0): Ticks {
  return origin + (step * ppq) / stepsPerBeat
}

/** Tick -> quarter-note beats. */
export function tickToBeats(tick: Ticks, ppq: number): number {
  return tick / ppq
}

/** Quarter-note beats -> ticks. */
export function beatsToTick(beats: number, ppq: number): Ticks {
  return beats * ppq
}

/** The bar a tick falls in, as bar index plus fraction of that bar (e.g. 2.5 = half way through bar 2). */
export function tickToBars(sigs: readonly TimeSignatureEvent[], ppq: number, tick: Ticks): number {
  const bars = barsUntil(sigs, ppq, tick + 1)
  const bar = bars[bars.length - 1]
  return bar.index + (tick - bar.start) / bar.length
}

/** Bar index (may be fractional) -> tick, honouring the signatures; bars past the end extend the last one. */
export function barsToTick(sigs: readonly TimeSignatureEvent[], ppq: number, bars: number): Ticks {
  if (!(bars >= 0)) return 0
  const whole = Math.floor(bars)
  const frac = bars - whole
  const list = normalizeSignatures(sigs)
  let index = 0
  for (let i = 0; i < list.length; i++) {
    const sig = list[i]
    const full = barTicks(sig, ppq)
    const next = i + 1 < list.length ? list[i + 1].tick : Infinity
    for (let t = sig.tick; t < next; t += full) {
      const length = Math.min(full, next - t)
      if (index === whole) return t + frac * length
      index++
    }
  }
  return 0
}

/** The time signature in force at a tick. */
export function signatureAt(sigs: readonly TimeSignatureEvent[], tick: Ticks): TimeSignatureEvent {
  const list = normalizeSignatures(sigs)
  let found = list[0]
  for (const s of list) if (s.tick <= tick) found = s
  return found
}

import { DRUMS } from '../families'
import { ALL_TRACKS, anyOn, hasNotes, nonDrumNotes, type MetricContext } from './context'

/** Share of units of `size` steps (beats or bars) with no cell on in any track, drums included. */
function emptyRate(ctx: MetricContext, size: number): number {
  const units = Math.floor(ctx.T / size)
  let empty = 0
  for (let u = 0; u < units; u++) if (!anyOn(ctx, u * size, (u + 1) * size, ALL_TRACKS)) empty++
  return units === 0 ? NaN : empty / units
}

/**
 * Empty beat rate: beats of the segment (T / stepsPerBeat of them) in which no track sounds, over
 * all beats. muspy's `empty_beat_rate` is the same on a piece, except that it counts beats up to
 * length // res + 1 and marks the beat where a note ends; on a fixed segment that is an artefact.
 */
export function emptyBeatRate(ctx: MetricContext): number {
  return emptyRate(ctx, ctx.res)
}

/** Empty bar rate (muspy `empty_measure_rate`, MuseGAN EB over the whole roll): silent bars / bars. */
export function emptyBarRate(ctx: MetricContext): number {
  return emptyRate(ctx, ctx.S)
}

/** MuseGAN QN: share of non-drum notes lasting >= minSteps steps; NaN when there is no note. */
export function qualifiedNoteRate(ctx: MetricContext, minSteps = 2): number {
  const notes = nonDrumNotes(ctx)
  if (notes.length === 0) return NaN
  return notes.filter((n) => n.end - n.start >= minSteps).length / notes.length
}

/** Positions within a beat of `res` steps that muspy's duple / triple drum pattern accepts. */
function beatPattern(res: number, meter: 'duple' | 'triple'): boolean[] {
  const on = new Array<boolean>(res).fill(false)
  on[0] = true
  const periods = meter === 'duple' ? [res / 4, res / 2] : [res / 3]
  for (const p of periods) if (Number.isInteger(p)) for (let i = 0; i < res; i += p) on[i] = true
  return on
}

/**
 * muspy `drum_pattern_consistency`: max over duple and triple meter of the share of drum onsets
 * whose position in the beat (onset % stepsPerBeat) is on the pattern. Duple accepts multiples of
 * res/4 and res/2, triple multiples of res/3, both the beat start. At 4 steps per beat every duple
 * position is accepted, so it is 1 whenever there are drums. NaN without drum notes.
 */
export function drumPatternConsistency(ctx: MetricContext): number {
  const onsets = ctx.notes[DRUMS].map((n) => n.start)
  if (onsets.length === 0) return NaN
  let best = 0
  for (const meter of ['duple', 'triple'] as const) {
    const pat = beatPattern(ctx.res, meter)
    best = Math.max(best, onsets.filter((s) => pat[s % ctx.res]).length / onsets.length)
  }
  return best
}

/**
 * Share of drum onsets on the 8th-note grid (step % (res / 2) === 0); the drum-pattern measure that
 * still discriminates at 16th-note resolution. NaN without drums or when res is odd.
 */
export function drumEighthRate(ctx: MetricContext): number {
  const onsets = ctx.notes[DRUMS].map((n) => n.start)
  if (onsets.length === 0 || ctx.res % 2 !== 0) return NaN
  return onsets.filter((s) => s % (ctx.res / 2) === 0).length / onsets.length
}

/** MuseGAN's drum filter over one bar of S steps: 1 on the 16th grid, 0.1 one step either side. */
function drumFilter(S: number): number[] {
  const g = Number.isInteger(S / 16) && S >= 16 ? S / 16 : 1
  return Array.from({ length: S }, (_, t) => {
    const r = t % g
    if (r === 0) return 1
    return r === 1 || r === g - 1 ? 0.1 : 0
  })
}

/**
 * MuseGAN DP: per bar, max over circular shifts (one 16th period) of Σ filter[t+shift]·onsets[t] /
 * Σ onsets, where onsets[t] counts drum notes starting at bar step t; averaged over bars with drum
 * onsets. With 1 step per 16th (the paper's grid) the filter is all ones and DP is 1. NaN without drums.
 */
export function drumPatternDP(ctx: MetricContext): number {
  const filter = drumFilter(ctx.S)
  const g = Number.isInteger(ctx.S / 16) && ctx.S >= 16 ? ctx.S / 16 : 1
  const scores: number[] = []
  for (let b = 0; b * ctx.S < ctx.T; b++) {
    const onsets = ctx.notes[DRUMS].filter((n) => Math.floor(n.start / ctx.S) === b)
    if (onsets.length === 0) continue
    let best = 0
    for (let shift = 0; shift < g; shift++) {
      let s = 0
      for (const n of onsets) s += filter[(n.start - b * ctx.S + shift) % ctx.S]
      best = Math.max(best, s / onsets.length)
    }
    scores.push(best)
  }
  return scores.length === 0 ? NaN : scores.reduce((a, b) => a + b, 0) / scores.length
}

/**
 * muspy `groove_consistency`: 1 − Σ_i hamming(G_i, G_{i+1}) / (S · (bars − 1)), where G_i marks the
 * bar steps at which any note of any track starts. NaN with fewer than 2 bars, and NaN without notes:
 * muspy's 1 for silence would read as a perfect groove.
 */
export function grooveConsistency(ctx: MetricContext): number {
  const bars = Math.floor(ctx.T / ctx.S)
  if (bars < 2 || !hasNotes(ctx)) return NaN
  const grooves = Array.from({ length: bars }, () => new Uint8Array(ctx.S))
  for (const n of ctx.notes.flat()) grooves[Math.floor(n.start / ctx.S)][n.start % ctx.S] = 1
  let dist = 0
  for (let i = 0; i + 1 < bars; i++) {
    for (let s = 0; s < ctx.S; s++) if (grooves[i][s] !== grooves[i + 1][s]) dist++
  }
  return 1 - dist / (ctx.S * (bars - 1))
}

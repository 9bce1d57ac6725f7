/** Pure scoring of a listening test: identification rate, an exact binomial test against chance, and ratings. */

import type { ListeningAnswer } from '@shared/api'

/** One answered pair (the API's shape: which clip was AI, which was picked, both ratings). */
export type { ListeningAnswer }

/** Summary of one or more tests of a run. */
export interface ListeningSummary {
  pairs: number
  identified: number
  /** Fraction of pairs where the listener picked the generated clip. */
  rate: number
  /** Two-sided exact binomial p-value of `identified` out of `pairs` against chance (p = 0.5). */
  pValue: number
  meanRatingReal: number
  meanRatingGenerated: number
  /** Fraction of generated clips rated 3 or more (the paper's "found it pleasing"). */
  pleasingGenerated: number
}

function logChoose(n: number, k: number): number {
  let s = 0
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i)
  return s
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0
  if (p === 0) return k === 0 ? 1 : 0
  if (p === 1) return k === n ? 1 : 0
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p))
}

/**
 * Two-sided exact binomial test (the "minlike" method R's binom.test uses): the probability of every
 * outcome no more likely than the one observed.
 */
export function binomialTwoSided(k: number, n: number, p = 0.5): number {
  if (n === 0) return 1
  const observed = binomialPmf(k, n, p)
  let total = 0
  for (let i = 0; i <= n; i++) {
    const q = binomialPmf(i, n, p)
    if (q <= observed * (1 + 1e-7)) total += q
  }
  return Math.min(1, total)
}

/** One-sided P(X >= k): evidence that listeners spot the AI piece more often than chance. */
export function binomialUpper(k: number, n: number, p = 0.5): number {
  let total = 0
  for (let i = Math.max(0, k); i <= n; i++) total += binomialPmf(i, n, p)
  return Math.min(1, total)
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN)

/** Score answers: identification rate, p-value against chance, mean ratings and the pleasing share. */
export function summarize(answers: readonly ListeningAnswer[]): ListeningSummary {
  const pairs = answers.length
  const identified = answers.filter((a) => a.picked === a.aiIs).length
  const gen = answers.map((a) => a.ratingGenerated)
  return {
    pairs,
    identified,
    rate: pairs ? identified / pairs : NaN,
    pValue: binomialTwoSided(identified, pairs),
    meanRatingReal: mean(answers.map((a) => a.ratingReal)),
    meanRatingGenerated: mean(gen),
    pleasingGenerated: pairs ? gen.filter((r) => r >= 3).length / pairs : NaN
  }
}

// The classifier two-sample test: can a small model tell real segments from generated pieces on held-out folds?
// Accuracy near 0.5 = indistinguishable; near 1 = every piece gives itself away. Plain L2 logistic regression.
import { permutation } from '../../shared/random'

/** Cross-validated accuracy of real-vs-generated, and the features the model leans on. */
export interface TwoSampleResult {
  /** Mean held-out accuracy over the folds and its sample sd. */
  accuracy: number
  sd: number
  folds: number[]
  /** Samples per class (the larger class is subsampled to the smaller one). */
  perClass: number
  /** Features by |weight| on standardised inputs (a model fitted to all data). */
  top: { name: string; weight: number }[]
  /** Best single feature: its name and held-out accuracy as a one-feature classifier. */
  single: { name: string; accuracy: number }
  /** Features by |generated mean − real mean| in pooled sd (Cohen's d), largest first: what to fix next. */
  gaps: { name: string; gap: number }[]
}

/** A fitted logistic regression: inputs standardised by mean and sd, then w·x + b. */
export interface LogisticModel {
  mean: number[]
  sd: number[]
  w: number[]
  b: number
}

/** L2 logistic regression of ys (0 or 1) on xs, by full-batch gradient descent on standardised inputs. */
export function fit(
  xs: number[][],
  ys: number[],
  epochs = 300,
  lr = 0.5,
  l2 = 1e-3
): LogisticModel {
  const d = xs[0].length
  const mean = new Array<number>(d).fill(0)
  const sd = new Array<number>(d).fill(0)
  const cnt = new Array<number>(d).fill(0)
  for (const x of xs)
    x.forEach((v, j) => {
      if (!Number.isFinite(v)) return
      mean[j] += v
      cnt[j]++
    })
  mean.forEach((_, j) => (mean[j] = cnt[j] ? mean[j] / cnt[j] : 0))
  for (const x of xs)
    x.forEach((v, j) => {
      if (Number.isFinite(v)) sd[j] += (v - mean[j]) ** 2
    })
  sd.forEach((_, j) => (sd[j] = Math.sqrt(sd[j] / Math.max(1, cnt[j] - 1)) || 1))
  const z = xs.map((x) => standardise(x, mean, sd))
  const w = new Array<number>(d).fill(0)
  let b = 0
  const n = z.length
  for (let e = 0; e < epochs; e++) {
    const gw = w.map((wj) => l2 * wj)
    let gb = 0
    for (let i = 0; i < n; i++) {
      const err = sigmoid(dot(w, z[i]) + b) - ys[i]
      for (let j = 0; j < d; j++) gw[j] += (err * z[i][j]) / n
      gb += err / n
    }
    for (let j = 0; j < d; j++) w[j] -= lr * gw[j]
    b -= lr * gb
  }
  return { mean, sd, w, b }
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))
const dot = (a: number[], b: number[]) => a.reduce((s, v, j) => s + v * b[j], 0)
const standardise = (x: number[], mean: number[], sd: number[]) =>
  x.map((v, j) => (Number.isFinite(v) ? (v - mean[j]) / sd[j] : 0))

/** The model's decision value for x (log-odds of label 1; NaN features count as the mean). */
export const decision = (m: LogisticModel, x: number[]): number =>
  dot(m.w, standardise(x, m.mean, m.sd)) + m.b

function accuracy(m: LogisticModel, xs: number[][], ys: number[]): number {
  let ok = 0
  xs.forEach((x, i) => (ok += (sigmoid(decision(m, x)) >= 0.5 ? 1 : 0) === ys[i] ? 1 : 0))
  return ok / xs.length
}

/** k-fold cross-validated accuracy of a logistic regression on (xs, ys), folds interleaved over a seeded shuffle. */
export function crossValidate(xs: number[][], ys: number[], k: number, seed: number): number[] {
  const order = permutation(xs.length, seed)
  return Array.from({ length: k }, (_, f) => {
    const test = order.filter((_, i) => i % k === f)
    const train = order.filter((_, i) => i % k !== f)
    const m = fit(
      train.map((i) => xs[i]),
      train.map((i) => ys[i])
    )
    return accuracy(
      m,
      test.map((i) => xs[i]),
      test.map((i) => ys[i])
    )
  })
}

/** Real (label 0) against generated (label 1) feature vectors, balanced by subsampling, k-fold cross-validated. */
export function twoSampleTest(
  real: number[][],
  generated: number[][],
  names: readonly string[],
  k = 5,
  seed = 0
): TwoSampleResult {
  const n = Math.min(real.length, generated.length)
  const pick = (xs: number[][], s: number) =>
    permutation(xs.length, s)
      .slice(0, n)
      .map((i) => xs[i])
  const xs = [...pick(real, seed + 1), ...pick(generated, seed + 2)]
  const ys = xs.map((_, i) => (i < n ? 0 : 1))
  const folds = crossValidate(xs, ys, k, seed)
  const mean = folds.reduce((a, b) => a + b, 0) / k
  const sd = Math.sqrt(folds.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, k - 1))
  const all = fit(xs, ys)
  const top = all.w
    .map((weight, j) => ({ name: names[j] ?? `feature ${j}`, weight }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 8)
  const single = bestSingle(xs, ys, names, k, seed)
  return {
    accuracy: mean,
    sd,
    folds,
    perClass: n,
    top,
    single,
    gaps: meanGaps(real, generated, names)
  }
}

/** (generated mean − real mean) / pooled sd per feature (finite values only), the 8 largest by size. */
function meanGaps(real: number[][], generated: number[][], names: readonly string[]) {
  const stats = (xs: number[][], j: number) => {
    const v = xs.map((x) => x[j]).filter(Number.isFinite)
    const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length)
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1))
    return { mean, sd }
  }
  return real[0]
    .map((_, j) => {
      const [r, g] = [stats(real, j), stats(generated, j)]
      return {
        name: names[j] ?? `feature ${j}`,
        gap: (g.mean - r.mean) / Math.sqrt((r.sd ** 2 + g.sd ** 2) / 2)
      }
    })
    .filter((x) => Number.isFinite(x.gap))
    .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap))
    .slice(0, 8)
}

function bestSingle(
  xs: number[][],
  ys: number[],
  names: readonly string[],
  k: number,
  seed: number
) {
  let best = { name: '', accuracy: 0 }
  for (let j = 0; j < xs[0].length; j++) {
    const folds = crossValidate(
      xs.map((x) => [x[j]]),
      ys,
      k,
      seed
    )
    const acc = folds.reduce((a, b) => a + b, 0) / k
    if (acc > best.accuracy) best = { name: names[j] ?? `feature ${j}`, accuracy: acc }
  }
  return best
}

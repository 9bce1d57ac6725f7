import { viridisLut } from './colorScale'

/** A square matrix in row-major order, e.g. a self-similarity matrix (cosine similarity of time steps). */
export interface SquareMatrix {
  n: number
  values: ArrayLike<number>
}

let lut: Uint8ClampedArray | null = null

/**
 * RGBA pixels of a matrix, one pixel per cell, row i = time step i from the top. Values are mapped
 * linearly from [lo, hi] onto viridis (cosine SSMs of binary rolls lie in [0, 1]).
 */
export function matrixPixels(m: SquareMatrix, lo = 0, hi = 1): Uint8ClampedArray<ArrayBuffer> {
  lut ??= viridisLut()
  const n = m.n
  const out = new Uint8ClampedArray(n * n * 4)
  const span = hi - lo || 1
  for (let k = 0; k < n * n; k++) {
    const v = m.values[k]
    const t = Number.isFinite(v) ? (v - lo) / span : 0
    const li = Math.min(255, Math.max(0, Math.round(t * 255))) * 3
    out[k * 4] = lut[li]
    out[k * 4 + 1] = lut[li + 1]
    out[k * 4 + 2] = lut[li + 2]
    out[k * 4 + 3] = 255
  }
  return out
}

/** Tick positions (in cells) and labels for a heatmap axis in bars, with beats as minor ticks. */
export function barTicks(
  size: number,
  cellsPerBeat: number,
  beatsPerBar: number
): { at: number; label: string; major: boolean }[] {
  const ticks: { at: number; label: string; major: boolean }[] = []
  const perBar = cellsPerBeat * beatsPerBar
  for (let at = 0; at <= size; at += cellsPerBeat) {
    const major = perBar > 0 && at % perBar === 0
    ticks.push({ at, label: major ? String(at / perBar + 1) : '', major })
  }
  return ticks
}

/** Paint the matrix into a canvas context at (x, y) scaled to side px, without smoothing (cells stay crisp). */
export function drawMatrix(
  ctx: CanvasRenderingContext2D,
  m: SquareMatrix,
  x: number,
  y: number,
  side: number,
  range: [number, number] = [0, 1]
): void {
  if (m.n === 0) return
  const img = new ImageData(matrixPixels(m, range[0], range[1]), m.n, m.n)
  const tmp = new OffscreenCanvas(m.n, m.n)
  tmp.getContext('2d')!.putImageData(img, 0, 0)
  ctx.imageSmoothingEnabled = false
  ctx.drawImage(tmp, x, y, side, side)
}

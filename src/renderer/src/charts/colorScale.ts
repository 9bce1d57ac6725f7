/** Colour scale of the heatmaps: viridis (perceptually uniform, readable in grey), sampled at 9 stops and interpolated. */
const STOPS: readonly [number, number, number][] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37]
]

/** RGB of t in [0, 1] (clamped; NaN draws as the lowest colour). */
export function viridis(t: number): [number, number, number] {
  const c = Number.isFinite(t) ? Math.min(Math.max(t, 0), 1) : 0
  const pos = c * (STOPS.length - 1)
  const i = Math.min(Math.floor(pos), STOPS.length - 2)
  const f = pos - i
  const a = STOPS[i]
  const b = STOPS[i + 1]
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f)
  ]
}

/** A 256-entry lookup table of viridis, so painting a big matrix costs one index per cell. */
export function viridisLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3)
  for (let i = 0; i < 256; i++) lut.set(viridis(i / 255), i * 3)
  return lut
}

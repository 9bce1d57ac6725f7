// The benchmark's image sheet: a row of real segments above a row of generated pieces (time right, pitch up).
import { encodePng, trackColor } from '../ml/png'

/** Draw `count` rolls from each of two batches ([n, steps, pitches, tracks] flattened) into one PNG. */
export function rollSheet(
  real: Float32Array,
  gen: Float32Array,
  shape: [number, number, number],
  thresholds: { real: number; generated: number },
  count = 8,
  scale = 2
): Buffer {
  const [steps, pitches, tracks] = shape
  const size = steps * pitches * tracks
  const pad = 6
  const cw = steps * scale
  const ch = pitches * scale
  const w = count * (cw + pad) + pad
  const h = 2 * (ch + pad) + pad
  const rgb = new Uint8Array(w * h * 3).fill(48)
  const rowsOf = [
    { rolls: real, th: thresholds.real },
    { rolls: gen, th: thresholds.generated }
  ]
  rowsOf.forEach(({ rolls, th }, row) => {
    const n = Math.min(count, Math.floor(rolls.length / size))
    for (let k = 0; k < n; k++) {
      const x0 = pad + k * (cw + pad)
      const y0 = pad + row * (ch + pad)
      for (let y = 0; y < ch; y++)
        rgb.fill(12, ((y0 + y) * w + x0) * 3, ((y0 + y) * w + x0 + cw) * 3)
      for (let t = 0; t < steps; t++)
        for (let p = 0; p < pitches; p++)
          for (let f = 0; f < tracks; f++) {
            if (rolls[k * size + (t * pitches + p) * tracks + f] < th) continue
            const c = trackColor(f, tracks)
            for (let dy = 0; dy < scale; dy++)
              for (let dx = 0; dx < scale; dx++)
                rgb.set(c, ((y0 + (pitches - 1 - p) * scale + dy) * w + x0 + t * scale + dx) * 3)
            break
          }
    }
  })
  return encodePng(w, h, rgb)
}

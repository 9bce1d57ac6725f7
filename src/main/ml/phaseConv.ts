// Sub-pixel (phase) form of a strided conv's input gradient / transposed conv on wasm: one stride-1 conv per output
// phase with that phase's taps, so no work is spent on the zeros a zero-inserted dy would hold (4x less at stride 2x2).
import { derivedFilters } from './filterCache'

type Info = { dataId: object; shape: number[]; dtype: string }
type Pad4 = [[number, number], [number, number], [number, number], [number, number]]
/** A stride-1 conv of the wasm backend (x [B,H,W,Cin], filter [KH,KW,Cin,Cout], explicit pads). */
export type Conv1 = (b: any, x: Info, filter: Info, pad: Pad4) => Info

/** Geometry of one phase along one axis: first tap, tap count, and the pads of the stride-1 conv over dy. */
interface Phase {
  k0: number
  taps: number
  padLo: number
  padHi: number
}

function phases(k: number, s: number, pad: number, inLen: number, outLen: number): Phase[] | null {
  if (inLen % s !== 0) return null
  const n = inLen / s
  const out: Phase[] = []
  for (let r = 0; r < s; r++) {
    const k0 = (r + pad) % s
    const taps = Math.ceil((k - k0) / s)
    const q = Math.floor((r + pad) / s)
    const padLo = taps - 1 - q
    const padHi = n - outLen - padLo + taps - 1
    if (taps < 1 || padLo < 0 || padHi < 0) return null
    out.push({ k0, taps, padLo, padHi })
  }
  return out
}

/** Phase filter [taps_h, taps_w, Co, Ci] from W [KH, KW, Ci, Co]: taps k0 + s·(taps−1−j), reversed and transposed. */
function phaseFilter(b: any, w: Info, ph: Phase, pw: Phase, sh: number, sw: number): Info {
  const [, kw, ci, co] = w.shape
  const out = b.makeOutput([ph.taps, pw.taps, co, ci], 'float32')
  const src = b.typedArrayFromHeap(w) as Float32Array
  const dst = b.typedArrayFromHeap(out) as Float32Array
  let o = 0
  for (let j = 0; j < ph.taps; j++) {
    const r = ph.k0 + sh * (ph.taps - 1 - j)
    for (let l = 0; l < pw.taps; l++) {
      const c = pw.k0 + sw * (pw.taps - 1 - l)
      const base = (r * kw + c) * ci * co
      for (let m = 0; m < co; m++) for (let i = 0; i < ci; i++) dst[o++] = src[base + i * co + m]
    }
  }
  return out
}

/**
 * dx of a conv with strides (sh, sw) and top/left pads, by phases; null when the geometry does not split evenly
 * (the caller then uses the zero-insertion form). With `cache`, the phase filters are kept while w lives.
 */
export function phaseBackpropInput(
  b: any,
  conv: Conv1,
  dy: Info,
  w: Info,
  inShape: [number, number, number, number],
  strides: [number, number],
  pads: [number, number],
  cache = true
): Info | null {
  const [sh, sw] = strides
  const [kh, kw, ci] = w.shape
  const [bs, h, wd] = inShape
  const hp = phases(kh, sh, pads[0], h, dy.shape[1])
  const wp = phases(kw, sw, pads[1], wd, dy.shape[2])
  if (!hp || !wp) return null
  const out = b.makeOutput([bs, h, wd, ci], 'float32')
  const nh = h / sh
  const nw = wd / sw
  const make = () => hp.flatMap((ph) => wp.map((pw) => phaseFilter(b, w, ph, pw, sh, sw)))
  const filters = cache ? derivedFilters(b, w, `phases ${strides} ${pads}`, make) : make()
  for (let rh = 0; rh < sh; rh++)
    for (let rw = 0; rw < sw; rw++) {
      const f = filters[rh * sw + rw]
      const pad: Pad4 = [
        [0, 0],
        [hp[rh].padLo, hp[rh].padHi],
        [wp[rw].padLo, wp[rw].padHi],
        [0, 0]
      ]
      const p = conv(b, dy, f, pad)
      const src = b.typedArrayFromHeap(p) as Float32Array
      const dst = b.typedArrayFromHeap(out) as Float32Array
      for (let n = 0; n < bs; n++)
        for (let i = 0; i < nh; i++) {
          const row = ((n * h + i * sh + rh) * wd + rw) * ci
          const srow = (n * nh + i) * nw * ci
          if (sw === 1) dst.set(src.subarray(srow, srow + nw * ci), row)
          else
            for (let j = 0; j < nw; j++)
              dst.set(src.subarray(srow + j * ci, srow + (j + 1) * ci), row + j * sw * ci)
        }
      if (!cache) b.disposeData(f.dataId)
      b.disposeData(p.dataId)
    }
  return out
}

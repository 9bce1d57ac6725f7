// BatchMatMul as XNNPACK convolutions and leading-axis Sum/Mean without a transpose (docs/engine.md §1.3, issue 12): the
// wasm backend runs BatchMatMul through XNNPACK only without transposes or batch, and without its thread pool; its Sum
// and Mean transpose the whole input first when the reduced axes are not the last ones. A 1x1 convolution is the same
// GEMM and runs on the pool; a leading-axis reduction is one XNNPACK average pooling over the rows.
import { tf } from './tf'

export type Info = { dataId: object; shape: number[]; dtype: string }
export type KernelFn = (args: { inputs: Record<string, Info>; backend: any; attrs?: any }) => Info

/** Original wasm kernels these replacements call. */
export interface MatMulBase {
  conv2d: KernelFn
  transpose: KernelFn
  reshape: KernelFn
  sum: KernelFn
  mean: KernelFn
  avgPool: KernelFn
}

const prod = (xs: number[]) => xs.reduce((p, q) => p * q, 1)

export function matMulKernels(base: MatMulBase) {
  const free = (b: any, ...xs: Info[]) => xs.forEach((x) => b.disposeData(x.dataId))
  const reshape = (b: any, x: Info, shape: number[]) =>
    base.reshape({ inputs: { x }, backend: b, attrs: { shape } })
  const transpose = (b: any, x: Info, perm: number[]) =>
    base.transpose({ inputs: { x }, backend: b, attrs: { perm } })

  /** [M, K] x [K, N] as a 1x1 convolution: input [1, M, 1, K], filter [1, 1, K, N]. */
  function gemm(b: any, a: Info, w: Info, m: number, k: number, n: number): Info {
    const x = reshape(b, a, [1, m, 1, k])
    const f = reshape(b, w, [1, 1, k, n])
    const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] }
    const r = base.conv2d({ inputs: { x, filter: f }, backend: b, attrs })
    const out = reshape(b, r, [m, n])
    free(b, x, f, r)
    return out
  }

  /** Copy `len` floats from src at `from` into a fresh buffer of the given shape (heap views, never readSync). */
  function copyRows(b: any, src: Info, from: number, shape: number[]): Info {
    const out = b.makeOutput(shape, 'float32')
    const view = b.typedArrayFromHeap(src) as Float32Array
    ;(b.typedArrayFromHeap(out) as Float32Array).set(view.subarray(from, from + prod(shape)))
    return out
  }

  /** Contiguous [batch, rows, cols] a x b (batch 1 on either side broadcasts). */
  function product3(b: any, a3: Info, b3: Info): Info {
    const [ba, m, k] = a3.shape
    const [bb, , n] = b3.shape
    if (bb === 1) {
      const r = gemm(b, a3, b3, ba * m, k, n)
      const out = reshape(b, r, [ba, m, n])
      free(b, r)
      return out
    }
    const batch = Math.max(ba, bb)
    const out = b.makeOutput([batch, m, n], 'float32')
    for (let i = 0; i < batch; i++) {
      const ai = ba === 1 ? a3 : copyRows(b, a3, i * m * k, [m, k])
      const bi = copyRows(b, b3, i * k * n, [k, n])
      const r = gemm(b, ai, bi, m, k, n)
      ;(b.typedArrayFromHeap(out) as Float32Array).set(b.typedArrayFromHeap(r), i * m * n)
      free(b, bi, r)
      if (ai !== a3) free(b, ai)
    }
    return out
  }

  /** x as [batch, r, c], transposed to [batch, c, r] when asked (temporaries go to temps). */
  function as3d(b: any, x: Info, t: boolean, temps: Info[]): Info {
    const r = x.shape.length
    const x3 = reshape(b, x, [prod(x.shape.slice(0, r - 2)), x.shape[r - 2], x.shape[r - 1]])
    temps.push(x3)
    if (!t) return x3
    const xt = transpose(b, x3, [0, 2, 1])
    temps.push(xt)
    return xt
  }

  /**
   * op(a)·op(b), or (op(b)ᵀ·op(a)ᵀ)ᵀ when that moves fewer floats. Counted: the explicit transposes, the result's
   * transpose in the swapped form, and XNNPACK packing the right-hand operand as weights on every call (a full copy):
   * so a large [N, N] operand is transposed once as the left side rather than packed as weights (measured: packing
   * A [672, 672] per batch element made Aᵀ·q 4x slower than transposing it).
   */
  function batchMatMul({ inputs, backend: b, attrs }: Parameters<KernelFn>[0]): Info {
    const { a, b: bIn } = inputs
    const tA = Boolean(attrs.transposeA)
    const tB = Boolean(attrs.transposeB)
    const [ra, ca] = a.shape.slice(-2)
    const [rb, cb] = bIn.shape.slice(-2)
    const m = tA ? ca : ra
    const n = tB ? rb : cb
    const outShape = [
      ...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), bIn.shape.slice(0, -2)),
      m,
      n
    ]
    const [sa, sb] = [prod(a.shape), prod(bIn.shape)]
    const direct = (tA ? sa : 0) + (tB ? sb : 0) + sb
    const swapped = (tA ? 0 : sa) + (tB ? 0 : sb) + prod(outShape) + sa
    const temps: Info[] = []
    let out3: Info
    if (direct <= swapped) {
      out3 = product3(b, as3d(b, a, tA, temps), as3d(b, bIn, tB, temps))
    } else {
      const t = product3(b, as3d(b, bIn, !tB, temps), as3d(b, a, !tA, temps))
      temps.push(t)
      out3 = transpose(b, t, [0, 2, 1])
    }
    const out = reshape(b, out3, outShape)
    free(b, out3, ...temps)
    return out
  }

  /**
   * Sum or Mean over leading axes: x viewed as [1, R, 1, C] and averaged by one XNNPACK pooling window of R x 1 (SIMD,
   * 10-18x faster than a JavaScript pass over the rows here; float32 accumulation, as wasm's own Sum), scaled by R for
   * Sum. Other axis sets go to the original kernel. Not a ones-vector GEMM: XNNPACK would keep a packed copy of x as
   * "weights" for as long as x lives (the paper critic step's heap grew by ~1.3 GiB that way).
   */
  function leadingReduce(orig: KernelFn, mean: boolean): KernelFn {
    return (args) => {
      const { inputs, backend: b, attrs } = args
      const x = inputs.x
      const rank = x.shape.length
      const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((p, q) => p - q)
      const leading = axes.length > 0 && axes.length < rank && axes.every((ax, i) => ax === i)
      if (!leading || x.dtype !== 'float32') return orig(args)
      const rows = prod(x.shape.slice(0, axes.length))
      const cols = prod(x.shape.slice(axes.length))
      const x4 = reshape(b, x, [1, rows, 1, cols])
      const poolAttrs = { filterSize: [rows, 1], strides: [1, 1], pad: 'valid' }
      const avg = base.avgPool({ inputs: { x: x4 }, backend: b, attrs: poolAttrs })
      const kept = x.shape.map((d, i) => (i < axes.length ? 1 : d))
      const out = b.makeOutput(attrs.keepDims ? kept : x.shape.slice(axes.length), 'float32')
      const src = b.typedArrayFromHeap(avg) as Float32Array
      const dst = b.typedArrayFromHeap(out) as Float32Array
      const scale = mean ? 1 : rows
      for (let c = 0; c < cols; c++) dst[c] = src[c] * scale
      free(b, x4, avg)
      return out
    }
  }

  return {
    BatchMatMul: batchMatMul,
    Sum: leadingReduce(base.sum, false),
    Mean: leadingReduce(base.mean, true)
  }
}

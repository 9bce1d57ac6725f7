// Kernels the wasm backend lacks or runs as scalar loops, rebuilt from wasm's own XNNPACK kernels (docs/engine.md §1.3).
// Pinned to tfjs-backend-wasm 4.22.0: they rely on its kernel attribute names and BackendWasm internals.
import { tf } from './tf'
import { derivedFilters } from './filterCache'
import { phaseBackpropInput } from './phaseConv'
import { matMulKernels } from './wasmMatMul'

type Info = { dataId: object; shape: number[]; dtype: string }
type KernelFn = (args: { inputs: Record<string, Info>; backend: any; attrs?: any }) => Info
type Pad4 = [[number, number], [number, number], [number, number], [number, number]]

/** XNNPACK threads of the wasm backend (1 for the single-threaded build). */
const threads = (): number =>
  (
    require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
  ).getThreadsCount()

const kernel = (name: string): KernelFn => {
  const k = tf.getKernel(name, 'wasm')
  if (!k) throw new Error(`wasm kernel ${name} is not registered`)
  return k.kernelFunc as unknown as KernelFn
}

/** Original wasm kernels the replacements call; captured once after setBackend('wasm'). */
interface Base {
  conv2d: KernelFn
  transpose: KernelFn
  reshape: KernelFn
  pad: KernelFn
  reverse: KernelFn
  slice: KernelFn
  batchMatMul: KernelFn
  sum: KernelFn
  mean: KernelFn
  avgPool: KernelFn
  cast: KernelFn
}

let base: Base | null = null

function transpose(b: any, x: Info, perm: number[]): Info {
  return base!.transpose({ inputs: { x }, backend: b, attrs: { perm } })
}
function reshape(b: any, x: Info, shape: number[]): Info {
  return base!.reshape({ inputs: { x }, backend: b, attrs: { shape } })
}
function conv(b: any, x: Info, filter: Info, pad: Pad4, dilations: [number, number]): Info {
  const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined }
  return base!.conv2d({ inputs: { x, filter }, backend: b, attrs })
}
function slice(b: any, x: Info, begin: number[], size: number[]): Info {
  return base!.slice({ inputs: { x }, backend: b, attrs: { begin, size } })
}
const free = (b: any, ...xs: Info[]) => xs.forEach((x) => b.disposeData(x.dataId))

/** dW = correlation of x with dy as one stride-1 conv dilated by the forward stride. */
function conv2dBackpropFilter({ inputs, backend: b, attrs }: Parameters<KernelFn>[0]): Info {
  const { x, dy } = inputs
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode
  )
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info
  const { filterHeight: kh, filterWidth: kw, padInfo } = info
  const [, h, w] = x.shape
  let bottom = (oh - 1) * sh + kh - h - padInfo.top
  let right = (ow - 1) * sw + kw - w - padInfo.left
  let xs = x
  if (bottom < 0 || right < 0) {
    const hh = h + Math.min(0, bottom)
    const ww = w + Math.min(0, right)
    xs = slice(b, x, [0, 0, 0, 0], [x.shape[0], hh, ww, x.shape[3]])
    bottom = Math.max(0, bottom)
    right = Math.max(0, right)
  }
  const xt = transpose(b, xs, [3, 1, 2, 0])
  const dyt = transpose(b, dy, [1, 2, 0, 3])
  const pad: Pad4 = [
    [0, 0],
    [padInfo.top, bottom],
    [padInfo.left, right],
    [0, 0]
  ]
  const r = conv(b, xt, dyt, pad, [sh, sw])
  const out = transpose(b, r, [1, 2, 0, 3])
  free(b, xt, dyt, r)
  if (xs !== x) free(b, xs)
  return out
}

/** dx = stride-1 conv of the zero-inserted dy with the spatially reversed, transposed filter. */
function conv2dBackpropInput({ inputs, backend: b, attrs }: Parameters<KernelFn>[0]): Info {
  const { dy, filter } = inputs
  const inShape = attrs.inputShape as [number, number, number, number]
  const fShape = filter.shape as [number, number, number, number]
  const info = tf.backend_util.computeConv2DInfo(
    inShape,
    fShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode
  )
  const { strideHeight: sh, strideWidth: sw, padInfo } = info
  const [kh, kw] = fShape
  const [bs, oh, ow, co] = dy.shape
  if (sh > 1 || sw > 1) {
    const split = phaseBackpropInput(
      b,
      (bk, x, f, pad) => conv(bk, x, f, pad, [1, 1]),
      dy,
      filter,
      inShape,
      [sh, sw],
      [padInfo.top, padInfo.left],
      process.env[BASELINE_KERNELS_ENV] !== '1'
    )
    if (split) return split
  }
  const temps: Info[] = []
  let z = dy
  if (sh > 1 || sw > 1) {
    const r5 = reshape(b, dy, [bs * oh, 1, ow, 1, co])
    const paddings = [
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0]
    ]
    const p = base!.pad({ inputs: { x: r5 }, backend: b, attrs: { paddings, constantValue: 0 } })
    z = reshape(b, p, [bs, oh * sh, ow * sw, co])
    temps.push(r5, p, z)
  }
  const top = kh - 1 - padInfo.top
  const left = kw - 1 - padInfo.left
  const bottom = inShape[1] + kh - 1 - z.shape[1] - top
  const right = inShape[2] + kw - 1 - z.shape[2] - left
  if (bottom < 0 || right < 0) {
    const c = slice(
      b,
      z,
      [0, 0, 0, 0],
      [bs, z.shape[1] + Math.min(0, bottom), z.shape[2] + Math.min(0, right), co]
    )
    temps.push(c)
    z = c
  }
  const flipped = () => {
    const rev = base!.reverse({ inputs: { x: filter }, backend: b, attrs: { dims: [0, 1] } })
    const ft = transpose(b, rev, [0, 1, 3, 2])
    free(b, rev)
    return ft
  }
  const cached = process.env[BASELINE_KERNELS_ENV] !== '1'
  const ft = cached ? derivedFilters(b, filter, 'flipped', () => [flipped()])[0] : flipped()
  const pad: Pad4 = [
    [0, 0],
    [top, Math.max(0, bottom)],
    [left, Math.max(0, right)],
    [0, 0]
  ]
  const out = conv(b, z, ft, pad, [1, 1])
  free(b, ...temps)
  if (!cached) free(b, ft)
  return out
}

/** Copy rows [from, from+len) of a float32 tensor into a fresh wasm buffer of the given shape. */
function copyRows(b: any, src: Info, from: number, shape: number[]): Info {
  const out = b.makeOutput(shape, 'float32')
  const len = shape.reduce((p, q) => p * q, 1)
  const view = b.typedArrayFromHeap(src) as Float32Array
  ;(b.typedArrayFromHeap(out) as Float32Array).set(view.subarray(from, from + len))
  return out
}

/** Bring an operand to a contiguous [batch, rows, cols] buffer (transposed explicitly when asked). */
function to3d(b: any, x: Info, transposed: boolean, temps: Info[]): Info {
  const r = x.shape.length
  const batch = x.shape.slice(0, r - 2).reduce((p, q) => p * q, 1)
  let t = reshape(b, x, [batch, x.shape[r - 2], x.shape[r - 1]])
  temps.push(t)
  if (transposed) {
    t = transpose(b, t, [0, 2, 1])
    temps.push(t)
  }
  return t
}

const isVariable = (id: object) =>
  Object.values(tf.engine().state.registeredVariables).some((v) => v.dataId === id)

/**
 * A weight used transposed (b of x·Wᵀ, a rank-2 variable): its transpose is derived once and kept while the weight
 * lives, so XNNPACK also keeps its packed copy (G's first layer, z·Wᵀ, reads 5.5M weights per piece). Null otherwise.
 */
function keptTranspose(b: any, w: Info, transposed: boolean): Info | null {
  if (!transposed || w.shape.length !== 2 || process.env[BASELINE_KERNELS_ENV] === '1') return null
  if (!isVariable(w.dataId)) return null
  const make = () => {
    const w3 = reshape(b, w, [1, ...w.shape])
    const t = transpose(b, w3, [0, 2, 1])
    free(b, w3)
    return [t]
  }
  return derivedFilters(b, w, 'transposed', make)[0]
}

/**
 * BatchMatMul as before issue 12 (explicit transposes, one unthreaded XNNPACK fully-connected call per batch element):
 * used on one thread, and as the baseline `npm run bench:engine` measures the new kernels against (the kept transpose
 * of a weight aside).
 */
function baselineBatchMatMul({ inputs, backend: b, attrs }: Parameters<KernelFn>[0]): Info {
  const temps: Info[] = []
  const a3 = to3d(b, inputs.a, attrs.transposeA, temps)
  const b3 =
    keptTranspose(b, inputs.b, attrs.transposeB) ?? to3d(b, inputs.b, attrs.transposeB, temps)
  const [ba, m, k] = a3.shape
  const [bb, , n] = b3.shape
  const batch = Math.max(ba, bb)
  const outShape = [
    ...tf.broadcast_util.assertAndGetBroadcastShape(
      inputs.a.shape.slice(0, -2),
      inputs.b.shape.slice(0, -2)
    ),
    m,
    n
  ]
  const noT = { transposeA: false, transposeB: false }
  let out: Info
  if (bb === 1) {
    const af = reshape(b, a3, [1, ba * m, k])
    const r = base!.batchMatMul({ inputs: { a: af, b: b3 }, backend: b, attrs: noT })
    temps.push(af, r)
    out = reshape(b, r, outShape)
  } else {
    const full = b.makeOutput([batch, m, n], 'float32')
    for (let i = 0; i < batch; i++) {
      const ai = copyRows(b, a3, (ba === 1 ? 0 : i) * m * k, [1, m, k])
      const bi = copyRows(b, b3, i * k * n, [1, k, n])
      const r = base!.batchMatMul({ inputs: { a: ai, b: bi }, backend: b, attrs: noT })
      const rv = b.typedArrayFromHeap(r) as Float32Array
      ;(b.typedArrayFromHeap(full) as Float32Array).set(rv, i * m * n)
      free(b, ai, bi, r)
    }
    temps.push(full)
    out = reshape(b, full, outShape)
  }
  free(b, ...temps)
  return out
}

/** Identity that shares the data (as the cpu backend does) instead of copying every tensor a gradient saves. */
function identity({ inputs, backend: b }: Parameters<KernelFn>[0]): Info {
  const { x } = inputs
  b.incRef(x.dataId)
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
}

/** Cast to the dtype x already has (relu's gradient casts its float mask on every call) shares x's data too. */
function castKernel(orig: KernelFn): KernelFn {
  return (args) => (args.inputs.x.dtype === args.attrs.dtype ? identity(args) : orig(args))
}

const REPLACED = ['Conv2DBackpropInput', 'BatchMatMul', 'Identity', 'Sum', 'Mean', 'Cast'] as const

/** Kernel names this module registers or replaces on wasm (for the run record and tests). */
export const WASM_KERNELS = ['Conv2DBackpropFilter', ...REPLACED] as const

/** Environment variable: '1' registers the engine's kernels as they were before issue 12 (benchmark baseline). */
export const BASELINE_KERNELS_ENV = 'BYTES_TO_BEATS_BASELINE_KERNELS'

/** The kernels registerWasmKernels installs: all of them, or the pre-issue-12 set when the baseline is asked for. */
export function wasmKernelNames(): string[] {
  return process.env[BASELINE_KERNELS_ENV] === '1'
    ? ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', 'Identity']
    : [...WASM_KERNELS]
}

/**
 * Register the missing Conv2DBackpropFilter and replace the slow Conv2DBackpropInput, BatchMatMul, Identity, Sum, Mean
 * and same-dtype Cast on wasm. Must run after `setBackend('wasm')` so the originals' setup functions have run. Idempotent.
 */
export function registerWasmKernels(): void {
  if (base) return
  base = {
    conv2d: kernel('Conv2D'),
    transpose: kernel('Transpose'),
    reshape: kernel('Reshape'),
    pad: kernel('PadV2'),
    reverse: kernel('Reverse'),
    slice: kernel('Slice'),
    batchMatMul: kernel('BatchMatMul'),
    sum: kernel('Sum'),
    mean: kernel('Mean'),
    avgPool: kernel('AvgPool'),
    cast: kernel('Cast')
  }
  const baseline = process.env[BASELINE_KERNELS_ENV] === '1'
  const gemm = matMulKernels(base)
  const impl: Record<(typeof WASM_KERNELS)[number], KernelFn> = {
    Conv2DBackpropFilter: conv2dBackpropFilter,
    Conv2DBackpropInput: conv2dBackpropInput,
    // The convolution form exists for the thread pool; on one thread the fully-connected form is kept (no faster
    // there in a microbenchmark, and it packs no per-call weight copies).
    BatchMatMul: baseline || threads() < 2 ? baselineBatchMatMul : gemm.BatchMatMul,
    Identity: identity,
    Sum: gemm.Sum,
    Mean: gemm.Mean,
    Cast: castKernel(base.cast)
  }
  for (const name of wasmKernelNames() as (typeof WASM_KERNELS)[number][]) {
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm')
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: impl[name] as unknown as tf.KernelFunc
    })
  }
}

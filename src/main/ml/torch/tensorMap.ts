// Engine tensor names and layouts (NHWC, tfjs filters) <-> PyTorch state_dict names and layouts (NCHW), explicitly.
import type { StoredTensor } from '../checkpoint'
import type { ModelConfig } from '../config'

/** How a tensor's layout changes from the engine to PyTorch. */
export type Transform = 'conv' | 'proj' | 'scalar' | 'fc' | 'linear' | 'same'

/** One row of the name map (run.json lists them all). */
export interface TensorMapping {
  engine: string
  torch: string
  transform: Transform
}

// Conv filters: tfjs conv2d [kh, kw, in, out] and conv2dTranspose [kh, kw, out, in] both go to PyTorch's
// [out, in, kh, kw] (Conv2d) / [in, out, kh, kw] (ConvTranspose2d) by the same axis order [3, 2, 0, 1].
const PERM: Record<'conv' | 'proj', number[]> = { conv: [3, 2, 0, 1], proj: [1, 0] }

const LAYER_PARTS: Record<string, string> = {
  w: 'conv.weight',
  b: 'conv.bias',
  gamma: 'norm.weight',
  beta: 'norm.bias',
  a: 'act.weight',
  mean: 'norm.running_mean',
  var: 'norm.running_var'
}
const ATTN_PARTS: Record<string, [string, Transform]> = {
  wq: ['query.weight', 'proj'],
  bq: ['query.bias', 'same'],
  wk: ['key.weight', 'proj'],
  bk: ['key.bias', 'same'],
  wv: ['value.weight', 'proj'],
  bv: ['value.bias', 'same'],
  gamma: ['gamma', 'scalar']
}

// The critic's feature branches (model.criticTrackStats 'stats', model.criticShares 'shares'): nn.Linear keeps its
// weight as [out, in].
const STATS_PARTS: Record<string, [string, Transform]> = {
  w1: ['l1.weight', 'linear'],
  b1: ['l1.bias', 'same'],
  a: ['act', 'same'],
  w2: ['l2.weight', 'linear'],
  b2: ['l2.bias', 'same']
}

/** The PyTorch name and transform of one engine parameter key under a model prefix ('g', 'gs' or 'd'). */
function mapParam(prefix: 'g' | 'gs' | 'd', key: string): [string, Transform] {
  const model = prefix === 'd' ? 'D' : 'G'
  const [layer, part] = key.split('/')
  if (layer === 'attn' && ATTN_PARTS[part]) {
    const [name, t] = ATTN_PARTS[part]
    return [`${model}.attn.${name}`, t]
  }
  if (layer === 'fc' && (part === 'w' || part === 'b'))
    return [`D.fc.${part === 'w' ? 'weight' : 'bias'}`, part === 'w' ? 'fc' : 'same']
  if ((layer === 'stats' || layer === 'shares') && STATS_PARTS[part])
    return [`D.${layer}.${STATS_PARTS[part][0]}`, STATS_PARTS[part][1]]
  if (layer === 'gate' && (part === 'w' || part === 'b'))
    return [`G.gate.${part === 'w' ? 'weight' : 'bias'}`, part === 'w' ? 'linear' : 'same']
  const m = /^([lc])(\d)$/.exec(layer)
  if (m && LAYER_PARTS[part])
    return [
      `${model}.${m[1]}${Number(m[2]) + 1}.${LAYER_PARTS[part]}`,
      part === 'w' ? 'conv' : 'same'
    ]
  throw new Error(`no PyTorch name for ${prefix}/${key}`)
}

/** The mapping of one engine checkpoint tensor name (weights, G's running stats, Adam's iter/m/v). */
export function mapName(engine: string): TensorMapping {
  const parts = engine.split('/')
  const head = parts[0]
  if (head === 'g' || head === 'gs' || head === 'd') {
    const [torch, transform] = mapParam(head, parts.slice(1).join('/'))
    return { engine, torch, transform }
  }
  if (head === 'optG' || head === 'optD') {
    if (parts[1] === 'iter') return { engine, torch: `${head}.step`, transform: 'same' }
    const slot = parts[1] === 'm' ? 'exp_avg' : parts[1] === 'v' ? 'exp_avg_sq' : null
    if (slot) {
      const [p, t] = mapParam(head === 'optG' ? 'g' : 'd', parts.slice(2).join('/'))
      return { engine, torch: `${head}.${slot}.${p}`, transform: t }
    }
  }
  throw new Error(`no PyTorch name for ${engine}`)
}

/** Reorder the axes of a row-major array. */
export function permute<T extends Float32Array | Int32Array>(
  data: T,
  shape: number[],
  perm: number[]
) {
  const outShape = perm.map((p) => shape[p])
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1))
  const outStrides = perm.map((p) => strides[p])
  const out = new (data.constructor as new (n: number) => T)(data.length)
  const idx = new Array<number>(shape.length).fill(0)
  for (let o = 0; o < out.length; o++) {
    let src = 0
    for (let k = 0; k < idx.length; k++) src += idx[k] * outStrides[k]
    out[o] = data[src]
    for (let k = idx.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break
      idx[k] = 0
    }
  }
  return { data: out, shape: outShape }
}

/** The critic's last feature map [H, W, C] (what fc flattens: NHWC order in the engine, CHW in PyTorch). */
function fcGrid(m: ModelConfig): [number, number, number] {
  return [m.steps / 16, m.pitches / 4, m.dChannels[4]]
}

/** An engine tensor in PyTorch's name and layout. */
export function toTorch(t: StoredTensor, m: ModelConfig): StoredTensor {
  const { torch, transform } = mapName(t.name)
  const out = (data: StoredTensor['data'], shape: number[]) => ({ name: torch, shape, data })
  switch (transform) {
    case 'conv':
      return { name: torch, ...permute(t.data, t.shape, PERM.conv) }
    case 'proj': {
      const p = permute(t.data, t.shape, PERM.proj)
      return out(p.data, [...p.shape, 1, 1])
    }
    case 'scalar':
      return out(t.data, [1])
    case 'linear':
      return out(permute(t.data, t.shape, PERM.proj).data, [t.shape[1], t.shape[0]])
    case 'fc': {
      const [h, w, c] = fcGrid(m)
      return out(permute(t.data, [h, w, c], [2, 0, 1]).data, [1, c * h * w])
    }
    default:
      return out(t.data, t.shape)
  }
}

/** A PyTorch tensor back in the engine's name and layout (`engineShape` is the shape the engine expects). */
export function fromTorch(
  t: StoredTensor,
  map: TensorMapping,
  engineShape: number[],
  m: ModelConfig
): StoredTensor {
  const out = (data: StoredTensor['data']) => ({ name: map.engine, shape: engineShape, data })
  switch (map.transform) {
    case 'conv': {
      const [kh, kw, a, b] = engineShape
      return out(permute(t.data, [b, a, kh, kw], [2, 3, 1, 0]).data)
    }
    case 'proj':
    case 'linear':
      return out(permute(t.data, [engineShape[1], engineShape[0]], [1, 0]).data)
    case 'fc': {
      const [h, w, c] = fcGrid(m)
      return out(permute(t.data, [c, h, w], [1, 2, 0]).data)
    }
    default:
      return out(t.data)
  }
}

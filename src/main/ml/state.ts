// Weights and optimizer state <-> StoredTensor lists, every field with its dtype (Adam's iteration count is int32).
import { tf } from './tf'
import type { ExactAdam } from './adam'
import type { ParamSet } from './layers'
import type { Gan } from './models'
import type { StoredTensor } from './checkpoint'

async function read(name: string, t: tf.Tensor): Promise<StoredTensor> {
  const data = (await t.data()) as Float32Array | Int32Array
  return {
    name,
    shape: t.shape,
    data: t.dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data)
  }
}

async function paramsOut(prefix: string, p: ParamSet): Promise<StoredTensor[]> {
  const out: StoredTensor[] = []
  for (const [k, v] of p.vars) out.push(await read(`${prefix}/${k}`, v))
  return out
}

/** Adam state as [iter (int32), m per variable, v per variable], named by the variables' stable keys. */
async function optimizerOut(prefix: string, opt: ExactAdam, p: ParamSet): Promise<StoredTensor[]> {
  const w = await opt.getWeights()
  const keys = [...p.vars.keys()]
  const n = (w.length - 1) / 2
  const out: StoredTensor[] = [await read(`${prefix}/iter`, w[0].tensor)]
  for (let i = 0; i < n; i++) out.push(await read(`${prefix}/m/${keys[i]}`, w[1 + i].tensor))
  for (let i = 0; i < n; i++) out.push(await read(`${prefix}/v/${keys[i]}`, w[1 + n + i].tensor))
  w[0].tensor.dispose() // saveIterations() creates a fresh scalar; the moments are the live variables
  return out
}

/** Everything a resume needs from the tensors: G, G's running stats, D, and both Adams. */
export async function snapshotState(
  gan: Gan,
  optG: ExactAdam,
  optD: ExactAdam
): Promise<StoredTensor[]> {
  return [
    ...(await paramsOut('g', gan.g)),
    ...(await paramsOut('gs', gan.gStats)),
    ...(await paramsOut('d', gan.d)),
    ...(await optimizerOut('optG', optG, gan.g)),
    ...(await optimizerOut('optD', optD, gan.d))
  ]
}

const toTensor = (t: StoredTensor) =>
  tf.tensor(t.data, t.shape, t.data instanceof Int32Array ? 'int32' : 'float32')

function byName(tensors: StoredTensor[]): Map<string, StoredTensor> {
  return new Map(tensors.map((t) => [t.name, t]))
}

/** Assign stored values to a ParamSet's variables; throws on a missing or misshaped entry. */
export function restoreParams(prefix: string, p: ParamSet, tensors: StoredTensor[]): void {
  const map = byName(tensors)
  for (const [k, v] of p.vars) {
    const t = map.get(`${prefix}/${k}`)
    if (!t) throw new Error(`checkpoint lacks ${prefix}/${k}`)
    if (t.shape.join() !== v.shape.join()) throw new Error(`shape mismatch for ${prefix}/${k}`)
    tf.tidy(() => v.assign(toTensor(t)))
  }
}

async function restoreOptimizer(
  prefix: string,
  opt: ExactAdam,
  p: ParamSet,
  tensors: StoredTensor[]
) {
  const map = byName(tensors)
  const iter = map.get(`${prefix}/iter`)
  if (!iter || !(iter.data instanceof Int32Array))
    throw new Error(`checkpoint lacks int32 ${prefix}/iter`)
  const keys = [...p.vars.keys()].filter((k) => map.has(`${prefix}/m/${k}`))
  const named = [
    { name: 'iter', tensor: toTensor(iter) },
    ...keys.map((k) => ({ name: `${k}/m`, tensor: toTensor(map.get(`${prefix}/m/${k}`)!) })),
    ...keys.map((k) => ({ name: `${k}/v`, tensor: toTensor(map.get(`${prefix}/v/${k}`)!) }))
  ]
  await opt.setWeights(named)
  tf.dispose(named.map((n) => n.tensor))
}

/** Load a snapshot into existing models and optimizers (shapes must match the config the checkpoint was made with). */
export async function restoreState(
  gan: Gan,
  optG: ExactAdam,
  optD: ExactAdam,
  tensors: StoredTensor[]
): Promise<void> {
  restoreParams('g', gan.g, tensors)
  restoreParams('gs', gan.gStats, tensors)
  restoreParams('d', gan.d, tensors)
  await restoreOptimizer('optG', optG, gan.g, tensors)
  await restoreOptimizer('optD', optD, gan.d, tensors)
}

// What made each generation the engine worker still keeps: its seeds and titles (for re-binarising) and its model and
// settings (recorded with a piece saved from it). Evicted as the worker evicts (KEEP_GENERATIONS, oldest first).
import { KEEP_GENERATIONS } from '../../ml/engineProtocol'

/** A saved piece's provenance: the checkpoint, the seed and how its output became notes. */
export interface GeneratedFrom {
  runId: number
  checkpointId: number
  seed: number
  threshold: number
  /** Semitones the pitched tracks were moved (Compose's Key). */
  transpose: number
  /** The noise's scale (1 = as trained). */
  variety: number
}

interface KeptGeneration {
  seeds: number[]
  titles: string[]
  runId: number
  checkpointId: number
  threshold: number
  transpose: number
  variety: number
}

export class KeptGenerations {
  private readonly byId = new Map<string, KeptGeneration>()

  add(id: string, g: KeptGeneration): void {
    this.byId.set(id, g)
    for (const k of [...this.byId.keys()].slice(0, Math.max(0, this.byId.size - KEEP_GENERATIONS)))
      this.byId.delete(k)
  }

  get(id: string): KeptGeneration | undefined {
    return this.byId.get(id)
  }

  /** Re-binarised at another threshold or key: a piece saved from it now records those. */
  rebinarized(id: string, how: { threshold: number; transpose?: number }): void {
    const g = this.byId.get(id)
    if (g) Object.assign(g, { threshold: how.threshold, transpose: how.transpose ?? 0 })
  }

  /** Where piece `index` of a kept generation came from; null once the generation is no longer kept. */
  provenance(id: string, index: number): GeneratedFrom | null {
    const g = this.byId.get(id)
    if (!g || index < 0 || index >= g.seeds.length) return null
    const { runId, checkpointId, threshold, transpose, variety } = g
    return { runId, checkpointId, seed: g.seeds[index], threshold, transpose, variety }
  }
}

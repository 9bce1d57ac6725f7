// Turning a training run into the shipped default model: a generator-only engine checkpoint and the loss log.
import { readFileSync } from 'node:fs'
import { encodeCheckpoint, loadCheckpoint, writeAtomic } from '../ml/checkpoint'
import type { CheckpointMeta } from '../ml/trainer'
import type { LossLog } from './registerModel'

/** Write G and its running statistics (no critic, no optimizer state) as an engine checkpoint the engine's loadGenerator reads. */
export function writeGeneratorOnly(
  checkpointFile: string,
  outFile: string
): { sha256: string; bytes: number; meta: CheckpointMeta } {
  const { meta, tensors } = loadCheckpoint<CheckpointMeta>(checkpointFile)
  const keep = tensors.filter((t) => t.name.startsWith('g/') || t.name.startsWith('gs/'))
  if (!keep.length) throw new Error(`${checkpointFile} holds no generator weights`)
  const chunks = encodeCheckpoint({ meta, tensors: keep })
  const sha256 = writeAtomic(outFile, chunks)
  return { sha256, bytes: chunks.reduce((n, c) => n + c.byteLength, 0), meta }
}

/** Parse the `train` command's progress lines (stderr) into a columnar log; later lines win for a repeated step. */
export function parseTrainLog(text: string, stepsPerEpoch: number, lastStep = Infinity): LossLog {
  const rows = new Map<number, { g: number | null; d: number; gp: number; w: number }>()
  const re = /^step (\d+)\/\d+ epoch \d+ D (\S+) GP (\S+) W (\S+)(?: G (\S+))?/
  for (const line of text.split('\n')) {
    const m = re.exec(line)
    if (!m || Number(m[1]) > lastStep) continue
    const g = m[5] === undefined ? null : Number(m[5])
    rows.set(Number(m[1]), { g, d: Number(m[2]), gp: Number(m[3]), w: Number(m[4]) })
  }
  const steps = [...rows.keys()].sort((a, b) => a - b)
  const r = (s: number) => rows.get(s)!
  return {
    step: steps,
    epoch: steps.map((s) => Math.floor((s - 1) / stepsPerEpoch)),
    gLoss: steps.map((s) => r(s).g),
    dLoss: steps.map((s) => r(s).d),
    gp: steps.map((s) => r(s).gp),
    wDist: steps.map((s) => r(s).w)
  }
}

/**
 * train_ddp.py's losses.jsonl (one JSON object per step: step, epoch, gLoss, dLoss, gp, wDist) as the `train`
 * command's progress lines, so a run trained with PyTorch DDP ships and plots like one trained by the engine.
 */
export function jsonlToTrainLog(text: string, totalSteps: number): string {
  const out: string[] = []
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    let r: {
      step: number
      epoch: number
      gLoss: number | null
      dLoss: number
      gp: number
      wDist: number
    }
    try {
      r = JSON.parse(line)
    } catch {
      continue // a torn last line
    }
    const g = r.gLoss === null ? '' : ` G ${r.gLoss.toFixed(4)}`
    out.push(
      `step ${r.step}/${totalSteps} epoch ${r.epoch} D ${r.dLoss.toFixed(4)} GP ${r.gp.toFixed(4)} W ${r.wDist.toFixed(4)}${g}`
    )
  }
  return out.join('\n') + '\n'
}

/** parseTrainLog over a file. */
export function readTrainLog(file: string, stepsPerEpoch: number, lastStep = Infinity): LossLog {
  return parseTrainLog(readFileSync(file, 'utf8'), stepsPerEpoch, lastStep)
}

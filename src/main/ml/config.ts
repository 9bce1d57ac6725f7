// Model and training configuration: the 'paper' preset of docs/model.md (GPU), 'small' (channels / 4, layer-norm critic:
// the CPU preset), 'improved' and a tiny test config.
import type { z } from 'zod'
import type { ComposerPreset, PresetName } from '../../shared/api/common'
import type {
  CriticNorm as CriticNormEnum,
  LossKind as LossKindEnum
} from '../../shared/api/domains/runs'
import type { PresetInfo, TrainingSettings } from '../../shared/api/domains/runs'
import { barSteps, type RollConfig } from '../../shared/music/pianoroll'

export type { PresetName } from '../../shared/api/common'
/** How the critic normalises activations (the API's enum). */
export type CriticNorm = z.infer<typeof CriticNormEnum>
/** Adversarial loss (the API's enum). */
export type LossKind = z.infer<typeof LossKindEnum>

/** Shapes and widths of G and D. The roll is [steps, pitches, tracks]; steps % 16 == 0, pitches % 4 == 0. */
export interface ModelConfig {
  steps: number
  pitches: number
  tracks: number
  /** MIDI note of pitch row 0 (24 = C1 for the paper's 84 rows). */
  lowestPitch: number
  zDim: number
  /** Output channels of G's first five transposed convs (the sixth gives `tracks`). */
  gChannels: [number, number, number, number, number]
  /** Output channels of D's five convs. */
  dChannels: [number, number, number, number, number]
  criticNorm: CriticNorm
  dropout: number
  /** z sets a bias per track before G's sigmoid, so a piece can leave tracks out (models.ts; starts at zero). */
  generatorTrackGate?: boolean
  /** The critic also sees each track's note count and its counts per pitch class, whole (models.ts trackStats). */
  criticTrackStats?: boolean
  /** The critic also sees each piece's shares (onsets in the bar, note lengths, density ...), whole (models.ts). */
  criticShares?: boolean
  /**
   * The roll layout of the data the run trains on (the dataset's RollConfig: steps per beat, bars, lowest pitch,
   * pitches), stored with the run and in every checkpoint so generation decodes as the data was encoded. Absent in
   * runs made before it was stored: rollConfigOf then assumes 4 steps per beat and 4/4.
   */
  roll?: RollConfig
}

/** Optimisation and schedule of one training run. */
export interface TrainConfig {
  loss: LossKind
  /** Gradient-penalty weight (wgan-gp only). */
  lambda: number
  /** Critic updates per generator update. */
  nCritic: number
  lrG: number
  lrD: number
  beta1: number
  beta2: number
  /** Learning rates are multiplied by decayRate every decayEvery epochs. */
  decayRate: number
  decayEvery: number
  epochs: number
  batchSize: number
  seed: number
  /** Save samples every N epochs (0 = never). */
  sampleEvery: number
  sampleCount: number
  /** Save a checkpoint every N epochs (0 = only on pause/stop/end). */
  checkpointEvery: number
  /** Augmentation: shift each real segment's pitched tracks by a random -N..N semitones (0 or absent = off). */
  transpose?: number
  /** Key alignment: move each real segment's pitched tracks to C major / A minor (augment.ts keyShift); wins over transpose. */
  alignKey?: boolean
  /** Straight-through outputs (BinaryMuseGAN): the critic sees G's roll binarised at 0.5, the gradient passes through. */
  straightThrough?: boolean
  /** Feature matching (rollStats.ts statsGap): weight of the gap between generated and real track stats in G's loss (0 = off). */
  statsMatching?: number
  /** Stats matching also compares which tracks play and in which octaves (rollStats.ts instrumentationStats). */
  matchInstrumentation?: boolean
  /**
   * Stats matching reads G's soft output, not the binarised roll the critic sees: its gradient then reaches every
   * cell (through the threshold a step and the one before it that are both off pass none), and stray quiet parts cost.
   */
  statsOnSoftOutput?: boolean
  /**
   * With statsOnSoftOutput: the soft output's logits are scaled by this before the stats read it (0 = off), so they
   * are close to the binary roll's stats. Unsharpened, faint cells add onsets no composer hears: a run matched the
   * real groove on the soft output while its binary pieces stayed far from it (0.478 vs 1.128, real 0.455).
   */
  statsSharpness?: number
  /**
   * Weight of the gap between generated and real bar-to-bar groove in G's loss (rollStats.ts grooveGap; 0 = off), on
   * the roll stats matching reads. On the binary roll it made groove worse (its onsets can only move or vanish); on the
   * sharpened soft output it raised it.
   */
  grooveMatching?: number
  /**
   * Weight of the gap between the generated and real share of steps where two or more non-drum notes sound in G's loss
   * (rollStats.ts polyphonyGap; 0 = off), on the roll stats matching reads: groove matching alone left thin steps and
   * empty beats (polyphony rate 0.69, real 0.94).
   */
  polyphonyMatching?: number
  /**
   * Stats matching measures each feature's gap in the real batch's sd of it (rollStats.ts statsGap inSd), as the
   * classifier reads it: unscaled, the loud features (note counts) drowned the rare ones the real pieces all share
   * (drum hits on the off 16ths: generated 0.01-0.07 a bar position, real 0.16-0.35).
   */
  statsInSd?: boolean
  /**
   * Weight of the gap between the shares of G's binary notes and the real batch's in G's loss (shareStats.ts shareGap;
   * 0 = off): where in the bar notes start and drums hit, notes of 1, 2 and 3+ steps, pitch rows mod 4, log density.
   * The stats above left drums off the off 16ths (generated 0.2-0.6 % of hits a position, real 3-4 %) and two-step
   * notes at 8 % (real 25 %): on the sharpened output a silent cell's gradient vanishes, on the binary roll a relu
   * onset passes none where both steps are off.
   */
  shareMatching?: number
  /**
   * Share matching compares the two batches' feature vectors as distributions (a maximum mean discrepancy) instead of
   * their means: the classifier reads the features together (no one group of them alone gave the pieces away; about
   * 15 of 32 had to be real together to reach 0.90). Its gradient is about 1/18 of the means' gap: weight ~20.
   */
  shareDistribution?: boolean
  /**
   * Share matching also counts the pitches (not drums) and the tracks that play (1 − exp(−cells) each). The piano
   * model trained with them; on the band data, with stats in sds, they thinned the pieces (docs/experiments.md,
   * sessions 8-9), and the band model trained without.
   */
  shareCounts?: boolean
  /**
   * DiffAugment (Zhao et al. 2020; diffAugment.ts): the critic sees real and generated pieces alike rotated by a random
   * number of whole bars and their pitched tracks shifted by a random -N..N rows (N = this; 0 = off), each piece its own
   * way, and G learns through the move. A critic trained on a few hundred pieces (a composer's own collection, the
   * band data's 1,528 segments) otherwise learns them by heart, and the generator's pieces drift towards them.
   */
  diffAugment?: number
}

/** A complete, serialisable run configuration (stored in every checkpoint). */
export interface RunConfig {
  preset: PresetName
  model: ModelConfig
  train: TrainConfig
}

const PAPER_MODEL: ModelConfig = {
  steps: 64,
  pitches: 84,
  tracks: 17,
  lowestPitch: 24,
  zDim: 128,
  gChannels: [512, 256, 128, 64, 32],
  dChannels: [32, 64, 128, 256, 512],
  criticNorm: 'batch',
  dropout: 0.3
}

const PAPER_TRAIN: TrainConfig = {
  loss: 'wgan-gp',
  lambda: 10,
  nCritic: 5,
  lrG: 3e-4,
  lrD: 6e-4,
  beta1: 0.5,
  beta2: 0.9,
  decayRate: 0.75,
  decayEvery: 25,
  epochs: 100,
  batchSize: 16,
  seed: 1234,
  sampleEvery: 10,
  sampleCount: 4,
  checkpointEvery: 20
}

const div = <T extends number[]>(c: T, d: number) => c.map((x) => Math.max(1, x / d)) as T

/** Build a preset's configuration; `overrides` replace fields of the train config. */
export function presetConfig(name: PresetName, overrides: Partial<TrainConfig> = {}): RunConfig {
  const model: ModelConfig = { ...PAPER_MODEL }
  const train: TrainConfig = { ...PAPER_TRAIN }
  if (name === 'small' || name === 'improved') {
    model.gChannels = div(model.gChannels, 4)
    model.dChannels = div(model.dChannels, 4)
    // Layer norm keeps the per-sample gradient penalty per sample (Gulrajani et al.): with the paper's batch norm the
    // CPU-sized critic diverged (README, bench/engine/README.md). 'paper' keeps batch norm, as published (a GPU preset).
    model.criticNorm = 'layer'
  }
  if (name === 'improved') {
    // The default model's recipe (docs/experiments.md, session 5): keys aligned, the critic scores binary notes and
    // sees track stats, the generator gates its tracks and matches the real track and rhythm statistics.
    model.criticTrackStats = true
    model.generatorTrackGate = true
    Object.assign(train, { alignKey: true, straightThrough: true, statsMatching: 0.04 })
  }
  if (name === 'test') {
    Object.assign(model, { steps: 16, pitches: 12, lowestPitch: 60, zDim: 8 })
    model.gChannels = [16, 8, 8, 8, 4]
    model.dChannels = [4, 8, 8, 8, 8]
    Object.assign(train, {
      batchSize: 4,
      epochs: 2,
      sampleEvery: 1,
      checkpointEvery: 1,
      sampleCount: 2
    })
  }
  return { preset: name, model, train: { ...train, ...overrides } }
}

/** What each composer preset is for (runs.presets, Train's form, the CLI's usage). */
export const PRESET_USES: Readonly<Record<ComposerPreset, string>> = {
  paper: 'GPU: full width, batch-norm critic as published',
  improved:
    "CPU: small widths, layer-norm critic, the default model's base recipe (keys aligned, binary notes and track stats for the critic, track gate, stats matching; the pulls it was finished with are under Advanced)",
  small: 'CPU: small widths, layer-norm critic'
}

/** A preset's training settings as the API names them (its train config plus the model's critic norm and switches). */
export function presetSettings(name: PresetName): TrainingSettings {
  const { model, train } = presetConfig(name)
  const {
    sampleCount: _count,
    transpose = 0,
    alignKey = false,
    straightThrough = false,
    statsMatching = 0,
    matchInstrumentation = false,
    statsOnSoftOutput = false,
    statsSharpness = 0,
    grooveMatching = 0,
    polyphonyMatching = 0,
    statsInSd = false,
    shareMatching = 0,
    shareDistribution = false,
    shareCounts = false,
    diffAugment = 0,
    ...rest
  } = train
  return {
    ...rest,
    transpose,
    alignKey,
    straightThrough,
    statsMatching,
    matchInstrumentation,
    statsOnSoftOutput,
    statsSharpness,
    grooveMatching,
    polyphonyMatching,
    statsInSd,
    shareMatching,
    shareDistribution,
    shareCounts,
    diffAugment,
    criticNorm: model.criticNorm,
    criticTrackStats: model.criticTrackStats ?? false,
    criticShares: model.criticShares ?? false,
    generatorTrackGate: model.generatorTrackGate ?? false
  }
}

/** A preset's run config with a composer's changes (the API's training fields: the train config and model switches). */
export function runConfigFor(name: PresetName, changes: Partial<TrainingSettings> = {}): RunConfig {
  const { criticNorm, criticTrackStats, criticShares, generatorTrackGate, ...train } = changes
  const config = presetConfig(name, train)
  if (criticNorm) config.model.criticNorm = criticNorm
  if (criticTrackStats !== undefined) config.model.criticTrackStats = criticTrackStats
  if (criticShares !== undefined) config.model.criticShares = criticShares
  if (generatorTrackGate !== undefined) config.model.generatorTrackGate = generatorTrackGate
  return config
}

/**
 * A training switch set without the one it refines (it would do nothing): its field and why, or null. Sharpening
 * acts on the soft output stats matching reads; measuring in sds acts on stats matching; comparing distributions acts
 * on share matching.
 */
export function idleSwitch(t: TrainConfig): { field: keyof TrainConfig; message: string } | null {
  if ((t.statsSharpness ?? 0) > 0 && !t.statsOnSoftOutput)
    return {
      field: 'statsSharpness',
      message:
        "sharpening needs 'Stats matching reads the soft output' on (--stats-on-soft-output): it sharpens what that reads"
    }
  if (t.statsInSd && !((t.statsMatching ?? 0) > 0))
    return {
      field: 'statsInSd',
      message:
        'measuring in standard deviations needs stats matching on (a weight above 0, --stats-matching W)'
    }
  if (t.shareDistribution && !((t.shareMatching ?? 0) > 0))
    return {
      field: 'shareDistribution',
      message:
        'comparing share distributions needs share matching on (a weight above 0, --share-matching W)'
    }
  if (t.shareCounts && !((t.shareMatching ?? 0) > 0))
    return {
      field: 'shareCounts',
      message:
        'counting pitches and tracks needs share matching on (a weight above 0, --share-matching W)'
    }
  return null
}

/** The presets a composer starts a run from, in the API's order, with their settings. */
export function presetInfos(): PresetInfo[] {
  return (Object.keys(PRESET_USES) as ComposerPreset[]).map((name) => ({
    name,
    use: PRESET_USES[name],
    settings: presetSettings(name)
  }))
}

/** Throws when a model config cannot build (shape constraints of the fixed layer stack). */
export function validateModel(m: ModelConfig): void {
  if (m.steps % 16 !== 0) throw new Error(`steps must be a multiple of 16 (got ${m.steps})`)
  if (m.pitches % 4 !== 0) throw new Error(`pitches must be a multiple of 4 (got ${m.pitches})`)
  if (m.tracks < 1 || m.zDim < 1) throw new Error('tracks and zDim must be positive')
  const bar = barSteps(rollConfigOf(m))
  if (m.criticShares && m.steps % bar !== 0)
    throw new Error(`share stats need whole bars: ${m.steps} steps, ${bar} to a bar`)
  if (m.criticTrackStats && m.pitches % 12 !== 0)
    throw new Error(
      `track stats fold pitches by octave: pitches must be a multiple of 12 (got ${m.pitches})`
    )
}

/** The roll layout a model's output decodes with: the data's, stored with the run (legacy runs: 4/4 at 4 steps a beat). */
export function rollConfigOf(m: ModelConfig): RollConfig {
  if (m.roll) return m.roll
  return {
    stepsPerBeat: 4,
    bars: m.steps / 16,
    beatsPerBar: 4,
    lowestPitch: m.lowestPitch,
    pitchCount: m.pitches,
    drums: 'onset'
  }
}

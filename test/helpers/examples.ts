import type { Channel } from '../../src/shared/api/channels'
import type { Piece } from '../../src/shared/music/piece'

/** A small valid piece: two notes of piano. */
export const SMALL_PIECE: Piece = {
  title: 'Study in C',
  ppq: 480,
  tempos: [{ tick: 0, bpm: 120 }],
  timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
  tracks: [
    {
      name: 'Piano',
      family: 1,
      program: 0,
      isDrum: false,
      notes: [
        { pitch: 60, start: 0, duration: 480, velocity: 100 },
        { pitch: 64, start: 480, duration: 480, velocity: 90 }
      ]
    }
  ]
}

/** For every channel: valid arguments, and bad arguments with the field the validation error must name. */
export const EXAMPLES: Record<Channel, { valid: unknown; bad: unknown; field: string }> = {
  'app:info': { valid: {}, bad: { verbose: true }, field: 'verbose' },
  'app:jobs': { valid: {}, bad: 5, field: '' },
  'app:startupReport': { valid: {}, bad: { all: true }, field: 'all' },
  'app:showDataFolder': { valid: {}, bad: { path: '/etc' }, field: 'path' },
  'settings:get': { valid: {}, bad: [], field: '' },
  'settings:set': {
    valid: { patch: { threshold: 0.5 } },
    bad: { patch: { threshold: 2 } },
    field: 'patch.threshold'
  },
  'datasets:list': { valid: {}, bad: { all: 1 }, field: 'all' },
  'datasets:get': { valid: { id: 'd1' }, bad: { id: '../d1' }, field: 'id' },
  'datasets:segments': {
    valid: { id: 'd1', count: 3, seed: 7 },
    bad: { id: 'd1', count: 0, seed: 7 },
    field: 'count'
  },
  'listening:save': {
    valid: {
      runId: 'r1',
      answers: [
        {
          pairIndex: 0,
          realId: 'd1:3',
          generatedId: 'g1:0',
          aiIs: 'a',
          picked: 'b',
          ratingReal: 4,
          ratingGenerated: 3
        }
      ]
    },
    bad: { runId: 'r1', answers: [{ pairIndex: 0 }] },
    field: 'answers.0.realId'
  },
  'listening:results': { valid: { ids: ['r1'] }, bad: { ids: 'r1' }, field: 'ids' },
  'datasets:chooseSource': {
    valid: { kind: 'midi-folder' },
    bad: { kind: '/home' },
    field: 'kind'
  },
  'datasets:import': {
    valid: { name: 'Pop', sourceId: 'src1' },
    bad: { name: 'Pop', sourceId: 'src1', path: '/tmp/x' },
    field: 'path'
  },
  'datasets:resumeImport': { valid: { id: 'd1' }, bad: { id: '' }, field: 'id' },
  'datasets:cancelImport': { valid: { jobId: 'j1' }, bad: { jobId: 7 }, field: 'jobId' },
  'datasets:nearest': {
    valid: { datasetId: 'd1', piece: SMALL_PIECE, k: 3 },
    bad: { datasetId: 'd1', piece: SMALL_PIECE, k: 99 },
    field: 'k'
  },
  'datasets:segment': {
    valid: { datasetId: 'd1', index: 0 },
    bad: { datasetId: 'd1', index: -1 },
    field: 'index'
  },
  'datasets:marks': { valid: {}, bad: { id: 'd1' }, field: 'id' },
  'datasets:mark': {
    valid: { id: 'd1', tags: ['rock'], favourite: false },
    bad: { id: 'd1', tags: 'rock' },
    field: 'tags'
  },
  'datasets:rename': {
    valid: { id: 'd1', name: 'Jazz' },
    bad: { id: 'd1', name: '  ' },
    field: 'name'
  },
  'datasets:remove': { valid: { id: 'd1' }, bad: {}, field: 'id' },
  'runs:list': { valid: {}, bad: 'all', field: '' },
  'runs:presets': { valid: {}, bad: { preset: 'paper' }, field: 'preset' },
  'runs:get': { valid: { id: 'r1' }, bad: { id: 'C:\\runs' }, field: 'id' },
  'runs:start': {
    valid: { datasetId: 'd1', name: 'Tiny', preset: 'small', config: { epochs: 1 } },
    bad: { datasetId: 'd1', name: 'Tiny', preset: 'huge' },
    field: 'preset'
  },
  'runs:pause': { valid: { id: 'r1' }, bad: { id: '' }, field: 'id' },
  'runs:resume': { valid: { id: 'r1' }, bad: { id: null }, field: 'id' },
  'runs:restart': { valid: { id: 'r1', confirm: true }, bad: { id: 'r1' }, field: 'confirm' },
  'runs:stop': { valid: { id: 'r1' }, bad: { id: 'r1', force: true }, field: 'force' },
  'runs:marks': { valid: {}, bad: { id: 'r1' }, field: 'id' },
  'runs:mark': {
    valid: { id: 'r1', tags: ['keep'], favourite: true },
    bad: { id: 'r1', favourite: 'yes' },
    field: 'favourite'
  },
  'runs:rename': {
    valid: { id: 'r1', name: 'B' },
    bad: { id: 'r1', name: 'a\u0000b' },
    field: 'name'
  },
  'runs:remove': { valid: { id: 'r1' }, bad: { id: 'r/1' }, field: 'id' },
  'runs:curves': {
    valid: { ids: ['r1', 'r2'], metrics: ['g', 'd'], x: 'step', points: 200 },
    bad: { ids: ['r1'], metrics: ['g'], x: 'step', points: 1 },
    field: 'points'
  },
  'runs:samples': { valid: { id: 'r1' }, bad: { id: 1 }, field: 'id' },
  'runs:checkpoints': { valid: { id: 'r1' }, bad: { id: '%2e%2e' }, field: 'id' },
  'runs:metrics': { valid: { ids: ['r1'] }, bad: { ids: [] }, field: 'ids' },
  'generation:models': { valid: {}, bad: { dir: '.' }, field: 'dir' },
  'generation:generate': {
    valid: { modelId: 'default', seed: 1, count: 2, threshold: 0.9 },
    bad: { modelId: 'default', seed: -1, count: 2, threshold: 0.9 },
    field: 'seed'
  },
  'generation:rebinarize': {
    valid: { generationId: 'g1', threshold: 0.5 },
    bad: { generationId: 'g1', threshold: 0.5, tracks: [true] },
    field: 'tracks'
  },
  'generation:interpolate': {
    valid: { modelId: 'default', seedA: 1, seedB: 2, steps: 4, threshold: 0.9 },
    bad: { modelId: 'default', seedA: 1, seedB: 2, steps: 400, threshold: 0.9 },
    field: 'steps'
  },
  'generation:sample': {
    valid: { sampleId: 's1', threshold: 0.9 },
    bad: { sampleId: 's1', threshold: 'high' },
    field: 'threshold'
  },
  'generation:inpaint': {
    valid: {
      modelId: 'm1',
      piece: SMALL_PIECE,
      threshold: 0.5,
      seed: 1,
      keep: { bars: [0, 1], tracks: [0, 5] }
    },
    bad: {
      modelId: 'm1',
      piece: SMALL_PIECE,
      threshold: 0.5,
      seed: 1,
      keep: { bars: [0], tracks: [17] }
    },
    field: 'keep.tracks.0'
  },
  'generation:continuePiece': {
    valid: { modelId: 'm1', piece: SMALL_PIECE, threshold: 0.5, seed: 1, bars: 4, context: 2 },
    bad: { modelId: 'm1', piece: SMALL_PIECE, threshold: 0.5, seed: 1, bars: 4, context: 3 },
    field: 'context'
  },
  'generation:cancelSearch': { valid: { jobId: 'j1' }, bad: { jobId: '../j' }, field: 'jobId' },
  'pieces:list': { valid: { query: 'study', limit: 20 }, bad: { limit: 100000 }, field: 'limit' },
  'pieces:get': { valid: { id: 'p1' }, bad: { id: 'p1\u0000' }, field: 'id' },
  'pieces:save': {
    valid: { title: 'Study', piece: SMALL_PIECE },
    bad: {
      title: 'Study',
      piece: {
        ...SMALL_PIECE,
        tracks: [
          { ...SMALL_PIECE.tracks[0], notes: [{ pitch: 200, start: 0, duration: 1, velocity: 1 }] }
        ]
      }
    },
    field: 'piece.tracks.0.notes.0.pitch'
  },
  'pieces:update': {
    valid: { id: 'p1', favourite: true },
    bad: { id: 'p1', tags: ['a,b'] },
    field: 'tags.0'
  },
  'pieces:remove': { valid: { id: 'p1' }, bad: { id: ['p1'] }, field: 'id' },
  'export:midi': {
    valid: { pieceId: 'p1' },
    bad: { pieceId: 'p1', trackIndex: -1 },
    field: 'trackIndex'
  },
  'export:midiBytes': {
    valid: { pieceId: 'p1', trackIndex: 0 },
    bad: { pieceId: '/etc/passwd' },
    field: 'pieceId'
  },
  'export:saveAs': {
    valid: { pieceId: 'p1' },
    bad: { pieceId: 'p1', file: 'a.mid' },
    field: 'file'
  },
  'export:saveFile': {
    valid: { suggestedName: 'Study', format: 'wav', base64: 'UklGRg==' },
    bad: { suggestedName: 'Study', format: 'exe', base64: 'UklGRg==' },
    field: 'format'
  },
  'export:drag': {
    valid: { pieceId: 'p1' },
    bad: { pieceId: 'p1', trackIndex: 1.5 },
    field: 'trackIndex'
  },
  'export:showInFolder': {
    valid: { exportId: 'e1' },
    bad: { exportId: '..\\..' },
    field: 'exportId'
  }
}

// The CLI's datasets are the app's: `import` goes through the datasets port into the SQLite library (worker, reports,
// cache under datasets/<id>), the API handlers list it, and stats / export / train find it by name.
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { resolveDataset } from '../../../src/main/cli/datasetRef'
import { importIntoLibrary } from '../../../src/main/cli/libraryImport'
import { createServices } from '../../../src/main/app/services'
import { LibraryStore, listDatasets } from '../../../src/main/library/index'
import { tempDataDir } from '../../helpers/api'
import { FIXTURE_MIDI } from '../../helpers/fixtures'
import { runCli, TINY_SEGMENTS } from '../../helpers/cli'

const ROOT = resolve(__dirname, '../../..')
const MIDI = FIXTURE_MIDI
const data = tempDataDir('cli-lib-')
const music = tempDataDir('cli-music-')
afterAll(() => {
  data.cleanup()
  music.cleanup()
})
afterEach(() => vi.restoreAllMocks())

const cli = runCli

/** A folder of two short Freedoom tunes and one broken file. */
function source(): string {
  const dir = join(music.dir, 'doom')
  mkdirSync(dir, { recursive: true })
  for (const f of ['d_intro.mid', 'd_dm2ttl.mid'])
    copyFileSync(join(MIDI, 'freedoom', f), join(dir, f))
  writeFileSync(join(dir, 'broken.mid'), 'MThd not really')
  return dir
}

const TINY = TINY_SEGMENTS

describe('CLI datasets live in the library', () => {
  it('import creates a library dataset with reports that the API handlers list; stats and train find it by name', async () => {
    const imp = await cli('import', source(), '--dataset', 'Doom tiny', '--data', data.dir, ...TINY)
    expect(imp.code, imp.err).toBe(0)
    expect(imp.out).toMatch(/2 of 3 files imported, 1 failed, \d+ segments/)
    expect(summarySegments(imp.out)).toBeGreaterThanOrEqual(2)
    expect(imp.err).toMatch(/error: broken\.mid: .+ \(/)
    expect(imp.err).toMatch(/\[3\/3\] 1 failed/)
    const ref = resolveDataset(data.dir, 'Doom tiny')
    expect(existsSync(join(ref.dir, 'manifest.json'))).toBe(true)
    expect(readdirSync(join(data.dir, 'datasets'))).toEqual([String(ref.id)])

    const store = LibraryStore.open(data.dir)
    const rows = listDatasets(store.db)
    store.close()
    expect(rows).toEqual([
      expect.objectContaining({ id: ref.id, name: 'Doom tiny', status: 'ready', fileCount: 3 })
    ])
    const services = createServices({ dataDir: data.dir, mode: 'serve', version: '0.0.0-test' })
    try {
      const ctx = { transport: 'direct' as const }
      const [summary] = await services.handlers.datasets.list({}, ctx)
      expect(summary).toMatchObject({ id: String(ref.id), name: 'Doom tiny', errorCount: 1 })
      const detail = await services.handlers.datasets.get({ id: summary.id }, ctx)
      expect(detail.files.filter((f) => f.status === 'ok')).toHaveLength(2)
      const [seg] = await services.handlers.datasets.segments(
        { id: summary.id, count: 1, seed: 0 },
        ctx
      )
      expect(seg.piece.tracks.length).toBeGreaterThan(0)
    } finally {
      await services.close()
    }

    const stats = await cli('dataset', 'stats', 'Doom tiny', '--data', data.dir, '--json')
    expect(stats.code, stats.err).toBe(0)
    const s = JSON.parse(stats.out)
    expect(s.segments).toBe(summarySegments(imp.out))
    // One epoch of two steps: the batch is half the segments.
    const batch = String(Math.floor(s.segments / 2))
    const train = await cli(
      'train',
      '--dataset',
      'Doom tiny',
      '--preset',
      'test',
      '--epochs',
      '1',
      '--batch-size',
      batch,
      '--backend',
      'cpu',
      '--run',
      'tiny',
      '--data',
      data.dir
    )
    expect(train.code, train.err).toBe(0)
    expect(train.err).toMatch(/step 2\/2/)
    expect(train.out).toMatch(/end at step 2/)
  }, 120_000)

  it('train makes a run of the library that the Train and Compare views read, and --resume continues it', async () => {
    const again = await cli(
      'train',
      '--dataset',
      'Doom tiny',
      '--preset',
      'test',
      '--run',
      'tiny',
      '--data',
      data.dir
    )
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/a run named "tiny" exists already \(--resume continues it\)/)
    const bad = await cli(
      'train',
      '--dataset',
      'Doom tiny',
      '--preset',
      'test',
      '--batch-size',
      '0',
      '--data',
      data.dir
    )
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/--batch-size: /)
    // Without --preset the library settings' preset is used (the Train view's default), refused here by its shape.
    const byDefault = await cli('train', '--dataset', 'Doom tiny', '--data', data.dir)
    expect(byDefault.err).toMatch(/the small preset needs 64 x 84/)
    writeFileSync(join(data.dir, 'settings.json'), JSON.stringify({ defaultPreset: 'paper' }))
    const paper = await cli('train', '--dataset', 'Doom tiny', '--data', data.dir)
    expect(paper.err).toMatch(/the paper preset needs 64 x 84/)
    rmSync(join(data.dir, 'settings.json'))
    const resume = ['--run', 'tiny', '--resume', '--backend', 'cpu', '--data', data.dir]
    const withConfig = await cli('train', ...resume, '--epochs', '2')
    expect(withConfig.err).toMatch(/--resume continues a run with its stored config/)
    const resumed = await cli('train', ...resume)
    expect(resumed.code, resumed.err).toBe(0)
    expect(resumed.err).toMatch(/starting at 2/)

    const services = createServices({ dataDir: data.dir, mode: 'serve', version: '0.0.0-test' })
    try {
      const ctx = { transport: 'direct' as const }
      const [run] = await services.handlers.runs.list({}, ctx)
      expect(run).toMatchObject({
        name: 'tiny',
        preset: 'test',
        backend: 'cpu',
        status: 'finished',
        step: 2
      })
      const detail = await services.handlers.runs.get({ id: run.id }, ctx)
      expect(detail.config).toMatchObject({ train: { epochs: 1 } })
      const checkpoints = await services.handlers.runs.checkpoints({ id: run.id }, ctx)
      expect(checkpoints.map((c) => c.step)).toContain(2)
      const [curve] = await services.handlers.runs.curves(
        { ids: [run.id], metrics: ['d'], x: 'step', points: 100 },
        ctx
      )
      expect(curve.x.length).toBeGreaterThan(0)
    } finally {
      await services.close()
    }
  }, 120_000)

  it('refuses a second dataset of the same name unless --replace, which rebuilds it', async () => {
    const again = await cli(
      'import',
      source(),
      '--dataset',
      'Doom tiny',
      '--data',
      data.dir,
      ...TINY
    )
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/exists already \(--replace rebuilds it\)/)
    const re = await cli(
      'import',
      source(),
      '--dataset',
      'Doom tiny',
      '--replace',
      '--data',
      data.dir
    )
    expect(re.code, re.err).toBe(0)
    const store = LibraryStore.open(data.dir)
    const rows = listDatasets(store.db)
    store.close()
    // One row, rebuilt with the default (docs/model.md) segments instead of the tiny ones.
    expect(rows).toHaveLength(1)
    expect(rows[0].config).not.toHaveProperty('bars')
    expect(readdirSync(join(data.dir, 'datasets'))).toEqual([String(rows[0].id)])
  }, 60_000)

  it('cancelling an import leaves no dataset row or folder behind', async () => {
    const abort = new AbortController()
    const r = await importIntoLibrary(
      data.dir,
      { name: 'Cancelled', kind: 'midi-folder', paths: [MIDI] },
      { signal: abort.signal, onProgress: () => abort.abort() }
    )
    expect(r.state).toBe('cancelled')
    expect(() => resolveDataset(data.dir, 'Cancelled')).toThrow(/no dataset named "Cancelled"/)
    expect(readdirSync(join(data.dir, 'datasets'))).toHaveLength(1)
  }, 60_000)

  it('Ctrl+C in a real CLI process cancels the import and exits 130', async () => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        join(ROOT, 'src/main/cli.ts'),
        'import',
        MIDI,
        '--dataset',
        'Interrupted',
        '--data',
        data.dir
      ],
      { cwd: ROOT }
    )
    let err = ''
    let sent = false
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString()
      // One Ctrl+C once the import is under way (a second one would kill the process, as in a shell).
      if (!sent && /\[\d+\/\d+\]/.test(err)) sent = child.kill('SIGINT')
    })
    const code = await new Promise<number | null>((done) => child.on('exit', done))
    expect(code, err).toBe(130)
    expect(err).toMatch(/import of Interrupted cancelled; nothing was kept/)
    expect(() => resolveDataset(data.dir, 'Interrupted')).toThrow(/no dataset named/)
  }, 60_000)
})

function summarySegments(out: string): number {
  return Number(/(\d+) segments/.exec(out)![1])
}

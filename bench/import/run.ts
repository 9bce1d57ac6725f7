// bench/import: files/s and notes/s importing a MIDI folder (median of N runs), in-process and through the worker
// pipeline, next to python3-mido reading the same files (the anchor), in one run.
// Usage: npm run bench:import -- [runs] [--midi DIR (default ../shared/data/midi)]
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { collectFiles, importFiles } from '../../src/main/data/import/importFiles'
import { readMidi } from '../../src/main/data/midi/read'
import { benchArgs, benchMidiFolder, runBench } from '../dataFolder'

const RUNS = Number(benchArgs.positional[0] ?? 5)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function inProcess(files: string[]): { seconds: number; notes: number } {
  const t0 = performance.now()
  let notes = 0
  for (const f of files) notes += readMidi(f, readFileSync(f)).report.notesKept
  return { seconds: (performance.now() - t0) / 1000, notes }
}

async function pipeline(
  files: string[],
  lanes: number
): Promise<{ seconds: number; notes: number }> {
  const t0 = performance.now()
  let notes = 0
  for await (const r of importFiles(files, { lanes })) {
    if (!r.piece) throw new Error(`${r.file}: ${r.error?.message}`)
    notes += r.report?.notesKept ?? 0
  }
  return { seconds: (performance.now() - t0) / 1000, notes }
}

function mido(files: string[]): { seconds: number; notes: number; version: string } | null {
  const run = spawnSync(
    '/usr/bin/python3',
    [join(__dirname, 'mido_read.py'), String(RUNS), ...files],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20
    }
  )
  if (run.status !== 0) {
    console.error(`python3-mido anchor unavailable: ${run.stderr.trim().split('\n').pop()}`)
    return null
  }
  const out = JSON.parse(run.stdout) as { times: number[]; notes: number; mido: string }
  return { seconds: median(out.times), notes: out.notes, version: out.mido }
}

function row(
  name: string,
  files: number,
  r: { seconds: number; notes: number },
  anchor?: number
): string {
  const ratio = anchor ? `${(anchor / r.seconds).toFixed(1)}x` : '1.0x'
  const fps = (files / r.seconds).toFixed(0)
  const nps = (r.notes / r.seconds / 1e6).toFixed(2)
  return `${name.padEnd(34)} ${r.seconds.toFixed(3).padStart(8)} s ${fps.padStart(8)} files/s ${nps.padStart(7)} M notes/s ${ratio.padStart(7)}`
}

async function main(): Promise<void> {
  const files = (await collectFiles([benchMidiFolder()])).filter((f) => /\.midi?$/i.test(f))
  const lanes = Math.max(1, Math.min(4, availableParallelism()))
  console.log(
    `bench/import: ${files.length} files, median of ${RUNS} runs, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}`
  )
  inProcess(files) // warm-up: JIT and file cache
  const inProc = {
    seconds: median(Array.from({ length: RUNS }, () => inProcess(files).seconds)),
    notes: inProcess(files).notes
  }
  const pipeTimes: number[] = []
  let pipeNotes = 0
  for (let i = 0; i < RUNS; i++) {
    const r = await pipeline(files, lanes)
    pipeTimes.push(r.seconds)
    pipeNotes = r.notes
  }
  const anchor = mido(files)
  console.log('')
  if (anchor) console.log(row(`python3-mido ${anchor.version} (anchor)`, files.length, anchor))
  console.log(row('readMidi, in-process', files.length, inProc, anchor?.seconds))
  console.log(
    row(
      `importFiles, ${lanes} workers (+sha256)`,
      files.length,
      { seconds: median(pipeTimes), notes: pipeNotes },
      anchor?.seconds
    )
  )
  if (anchor)
    console.log(
      `\nratio (mido time / ours): in-process ${(anchor.seconds / inProc.seconds).toFixed(1)}x, pipeline ${(anchor.seconds / median(pipeTimes)).toFixed(1)}x (goal >= 5x)`
    )
  console.log(
    'notes: ours = kept notes after pairing; mido = note-on events read (same files, same count minus drops)'
  )
}

runBench(main)

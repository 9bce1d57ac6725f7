import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import type { DataFiles } from './dataFiles'
import type { Db } from './db'
import { hashFile, TMP_SUFFIX } from './files'
import type { FileStatus } from './types'

/** Options of the start-up file check. */
export interface CheckOptions {
  /** Fix what is found: delete .tmp files and folders of deleted runs/datasets, mark rows missing/corrupt. */
  repair?: boolean
  /**
   * Also move unreferenced files of live runs/datasets to tmp/orphans/<time>/. Off by default: the engine and
   * the importer keep working files (manifests, logs) in those folders that no row names.
   */
  quarantineOrphans?: boolean
  /** 'sha' re-hashes every referenced file (slow for big checkpoints); 'size' compares sizes only. */
  verify?: 'size' | 'sha'
}

/** What the start-up check found (relative paths); rows are never deleted by it. */
export interface CheckReport {
  tmpFiles: string[]
  missing: { table: string; id: number; file: string }[]
  corrupt: { table: string; id: number; file: string }[]
  /** Files under a live run's or dataset's folder that no row points at (reported; moved only on request). */
  orphans: string[]
  /** Folders of runs or datasets whose row is gone (an interrupted delete). */
  orphanDirs: string[]
  repaired: boolean
}

interface FileRef {
  table: 'checkpoints' | 'samples' | 'datasets'
  id: number
  file: string
  sha256: string | null
  size: number | null
}

const REFS_SQL = `SELECT 'checkpoints' AS "table", id, file, sha256, size FROM checkpoints
  UNION ALL SELECT 'samples', id, raw_file, raw_sha256, raw_size FROM samples WHERE raw_file IS NOT NULL
  UNION ALL SELECT 'datasets', id, cache_path, cache_sha256, cache_size FROM datasets
    WHERE cache_path IS NOT NULL`

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}

async function fileState(files: DataFiles, ref: FileRef, verify: string): Promise<FileStatus> {
  const abs = files.toAbs(ref.file)
  if (!existsSync(abs)) return 'missing'
  if (ref.size !== null && statSync(abs).size !== ref.size) return 'corrupt'
  if (verify === 'sha' && ref.sha256 && (await hashFile(abs)).sha256 !== ref.sha256)
    return 'corrupt'
  return 'ok'
}

/** Owner folders (runs/<id>, datasets/<id>) whose row no longer exists: safe to delete on repair. */
function deadOwnerDirs(db: Db, files: DataFiles): string[] {
  const dead: string[] = []
  for (const [table, root] of [
    ['runs', files.paths.runs],
    ['datasets', files.paths.datasets]
  ] as const) {
    if (!existsSync(root)) continue
    const has = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).pluck()
    for (const e of readdirSync(root, { withFileTypes: true }))
      // Only <id> folders are ours to judge; anything else is reported as orphans, never deleted.
      if (e.isDirectory() && /^\d+$/.test(e.name) && !has.get(Number(e.name)))
        dead.push(join(root, e.name))
  }
  return dead
}

/**
 * The start-up check of files beside the database: leftover .tmp files, rows whose file is missing or does
 * not match its size/sha256, files no row points at, and folders of deleted runs or datasets. With repair it
 * deletes .tmp files and dead folders and marks rows' file_status (rows are kept); with quarantineOrphans it
 * also moves unreferenced files to tmp/orphans/<time>/ (recoverable). Run it before any writer starts.
 */
export async function checkFiles(db: Db, files: DataFiles, opt: CheckOptions = {}) {
  const report: CheckReport = {
    tmpFiles: [],
    missing: [],
    corrupt: [],
    orphans: [],
    orphanDirs: [],
    repaired: !!opt.repair
  }
  const rel = (p: string) => relative(files.root, p).split(sep).join('/')
  const dead = deadOwnerDirs(db, files)
  report.orphanDirs = dead.map(rel)
  const all = [files.paths.runs, files.paths.datasets].flatMap((d) => walk(d))
  const refs = db.prepare(REFS_SQL).all() as FileRef[]
  const pieceFiles = db
    .prepare('SELECT raw_file FROM pieces WHERE raw_file IS NOT NULL')
    .pluck()
    .all() as string[]
  const referenced = new Set([...refs.map((r) => r.file), ...pieceFiles])
  for (const f of all) {
    const r = rel(f)
    if (f.endsWith(TMP_SUFFIX)) report.tmpFiles.push(r)
    else if (!referenced.has(r) && !dead.some((d) => f.startsWith(d + sep))) report.orphans.push(r)
  }
  for (const ref of refs) {
    const state = await fileState(files, ref, opt.verify ?? 'size')
    if (state !== 'ok') report[state].push({ table: ref.table, id: ref.id, file: ref.file })
    if (opt.repair)
      db.prepare(`UPDATE ${ref.table} SET file_status = ? WHERE id = ?`).run(state, ref.id)
  }
  if (opt.repair) repairFiles(files, report, dead, !!opt.quarantineOrphans)
  return report
}

function repairFiles(files: DataFiles, report: CheckReport, dead: string[], orphans: boolean) {
  for (const t of report.tmpFiles) rmSync(files.toAbs(t), { force: true })
  for (const d of dead) rmSync(d, { recursive: true, force: true })
  if (!orphans) return
  const quarantine = join(files.paths.temp, 'orphans', String(Date.now()))
  for (const o of report.orphans) {
    const to = join(quarantine, ...o.split('/'))
    mkdirSync(dirname(to), { recursive: true })
    renameSync(files.toAbs(o), to)
  }
}

import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { DataFiles } from './dataFiles'
import type { Db } from './db'
import { hashFile, TMP_SUFFIX } from './files'
import { moveAside, quarantineStamp, type Moved } from './ownership'
import type { FileStatus } from './types'

/** Options of the start-up file check. */
export interface CheckOptions {
  /**
   * Fix what is found: delete .tmp files in folders of live runs/datasets (the app's own interrupted writes),
   * move folders no row owns to quarantine/<time>/, mark rows missing/corrupt. Never deletes anything else.
   */
  repair?: boolean
  /**
   * Also move unreferenced files of live runs/datasets (and stray files beside their folders) to quarantine.
   * Off by default: the engine and the importer keep working files (manifests, logs) there that no row names.
   */
  quarantineOrphans?: boolean
  /** 'sha' re-hashes every referenced file (slow for big checkpoints); 'size' compares sizes only. */
  verify?: 'size' | 'sha'
}

/** What the start-up check found (relative paths); rows are never deleted by it. */
export interface CheckReport {
  /** Interrupted writes (*.tmp) in the folders of live runs and datasets; deleted on repair. */
  tmpFiles: string[]
  missing: { table: string; id: number; file: string }[]
  corrupt: { table: string; id: number; file: string }[]
  /** Files no row points at: in a live run's or dataset's folder, or stray beside those folders (reported). */
  orphans: string[]
  /** runs/<n> and datasets/<n> folders with no row: not the library's (an emptied or older database, CLI output). */
  orphanDirs: string[]
  /** What repair moved aside (never deleted), from and to, relative to the data folder. */
  quarantined: Moved[]
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

/** The runs/<id> and datasets/<id> folders, split into those a row owns and those no row owns. */
function ownerDirs(db: Db, files: DataFiles): { live: string[]; dead: string[] } {
  const live: string[] = []
  const dead: string[] = []
  for (const [table, root] of [
    ['runs', files.paths.runs],
    ['datasets', files.paths.datasets]
  ] as const) {
    if (!existsSync(root)) continue
    const has = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).pluck()
    for (const e of readdirSync(root, { withFileTypes: true }))
      if (e.isDirectory() && /^\d+$/.test(e.name))
        (has.get(Number(e.name)) ? live : dead).push(join(root, e.name))
  }
  return { live, dead }
}

/**
 * The start-up check of files beside the database: leftover .tmp files, rows whose file is missing or does
 * not match its size/sha256, files no row points at, and folders no row owns. With repair it deletes .tmp
 * files in live folders (only one process holds the data folder, so none is mid-write), moves folders no row
 * owns to quarantine/<time>/ (the id would otherwise be reused by a new run or dataset) and marks rows'
 * file_status (rows are kept); with quarantineOrphans it also moves unreferenced files there. Nothing else is
 * deleted: recorded deletes are finished by the store before this runs. Run it before any writer starts.
 */
export async function checkFiles(db: Db, files: DataFiles, opt: CheckOptions = {}) {
  const report: CheckReport = {
    tmpFiles: [],
    missing: [],
    corrupt: [],
    orphans: [],
    orphanDirs: [],
    quarantined: [],
    repaired: !!opt.repair
  }
  const rel = (p: string) => relative(files.root, p).split(sep).join('/')
  const { live, dead } = ownerDirs(db, files)
  report.orphanDirs = dead.map(rel)
  const inside = (f: string, dirs: string[]) => dirs.some((d) => f.startsWith(d + sep))
  const all = [files.paths.runs, files.paths.datasets].flatMap((d) => walk(d))
  const refs = db.prepare(REFS_SQL).all() as FileRef[]
  const pieceFiles = db
    .prepare('SELECT raw_file FROM pieces WHERE raw_file IS NOT NULL')
    .pluck()
    .all() as string[]
  const referenced = new Set([...refs.map((r) => r.file), ...pieceFiles])
  for (const f of all) {
    if (inside(f, dead)) continue
    const r = rel(f)
    if (f.endsWith(TMP_SUFFIX) && inside(f, live)) report.tmpFiles.push(r)
    else if (!referenced.has(r)) report.orphans.push(r)
  }
  for (const ref of refs) {
    const state = await fileState(files, ref, opt.verify ?? 'size')
    if (state !== 'ok') report[state].push({ table: ref.table, id: ref.id, file: ref.file })
    if (opt.repair)
      db.prepare(`UPDATE ${ref.table} SET file_status = ? WHERE id = ?`).run(state, ref.id)
  }
  if (opt.repair) {
    for (const t of report.tmpFiles) rmSync(files.toAbs(t), { force: true })
    const aside = [...report.orphanDirs, ...(opt.quarantineOrphans ? report.orphans : [])]
    if (aside.length) report.quarantined = moveAside(files, aside, quarantineStamp())
  }
  return report
}

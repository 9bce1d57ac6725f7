// E4: Electronegativity over the BUILT app (out/, not the TypeScript sources). Fails on any HIGH or MEDIUM finding that
// is not marked reviewed (an `eng-disable <CHECK_ID>` comment on the finding's line or the line above it: the bundler
// moves comments onto their own line), and on any "Error parsing" line (the tool itself exits 0 in both cases).
// Usage: npm run security (after npm run build). Report: test-results/electronegativity.csv.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const out = join(root, 'out')
const report = join(root, 'test-results', 'electronegativity.csv')

/** Split one CSV line into fields (double-quoted fields may hold commas and "" escapes). */
export function csvFields(line) {
  const fields = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"'
      i++
    } else if (ch === '"') {
      quoted = !quoted
    } else if (ch === ',' && !quoted) {
      fields.push(cur.trim())
      cur = ''
    } else {
      cur += ch
    }
  }
  fields.push(cur.trim())
  return fields
}

/** True when the finding's line, or the line above it, carries `eng-disable <id>`. */
export function reviewed(file, lineNo, id) {
  if (!existsSync(file)) return false
  const lines = readFileSync(file, 'utf8').split('\n')
  const near = [lines[lineNo - 1] ?? '', lines[lineNo - 2] ?? ''].join('\n')
  return new RegExp(`eng-disable[ \\t]+[\\w \\t,]*\\b${id}\\b`).test(near)
}

function main() {
  if (!existsSync(join(out, 'main', 'index.js'))) {
    console.error('out/ is not built: run `npm run build` first.')
    return 1
  }
  mkdirSync(join(root, 'test-results'), { recursive: true })
  const bin = join(root, 'node_modules', '.bin', 'electronegativity')
  const args = ['-i', out, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', report, '-v', 'false']
  const run = spawnSync(bin, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' }
  })
  const log = `${run.stdout ?? ''}${run.stderr ?? ''}`
  const parseErrors = log.split('\n').filter((l) => /error parsing/i.test(l))
  if (run.status !== 0 || !existsSync(report)) {
    console.error(`electronegativity did not run (exit ${run.status}):\n${log}`)
    return 1
  }
  const rows = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map(csvFields)
  const counts = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 }
  const open = []
  for (const [id, severity, , file, location, sample] of rows) {
    counts[severity] = (counts[severity] ?? 0) + 1
    if (severity !== 'HIGH' && severity !== 'MEDIUM') continue
    const line = Number(location.split(':')[0])
    if (!reviewed(file, line, id)) open.push(`${severity} ${id} ${file}:${location} ${sample}`)
  }
  const summary = Object.entries(counts).map(([k, v]) => `${v} ${k.toLowerCase()}`)
  console.log(
    `electronegativity: ${rows.length} findings (${summary.join(', ')}); report in ${report}`
  )
  for (const l of parseErrors) console.error(`parse error: ${l}`)
  for (const f of open) console.error(`unreviewed: ${f}`)
  return parseErrors.length === 0 && open.length === 0 ? 0 : 1
}

if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) process.exit(main())

// E4: Electronegativity over the BUILT app (out/, not the TypeScript sources). Fails on any HIGH or MEDIUM finding that
// is not marked reviewed (an `eng-disable <CHECK_ID>` comment on the finding's line or the line above it: the bundler
// moves comments onto their own line), and on any "Error parsing" line (the tool itself exits 0 in both cases).
// Usage: npm run security (after npm run build). Report: test-results/electronegativity.csv.
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const out = join(root, 'out')
const report = join(root, 'test-results', 'electronegativity.csv')

/** True when the finding's line, or the line above it, carries `eng-disable <id>`. */
export function reviewed(file, lineNo, id) {
  if (!existsSync(file)) return false
  const lines = readFileSync(file, 'utf8').split('\n')
  const near = [lines[lineNo - 1] ?? '', lines[lineNo - 2] ?? ''].join('\n')
  return new RegExp(`eng-disable[ \\t]+[\\w \\t,]*\\b${id}\\b`).test(near)
}

/**
 * Electronegativity 1.10.3's scope analysis (escope/estraverse) predates class private fields (ES2022), so a bundle
 * with `#field` fails with "Unknown node type ClassPrivateProperty" and goes unscanned. Teach every copy of estraverse
 * in its dependency tree the visitor keys of those nodes before it runs (an unscanned file is still a gate failure).
 */
function teachModernNodes(req) {
  const keys = {
    ClassPrivateProperty: ['key', 'value'],
    ClassPrivateMethod: ['key', 'params', 'body'],
    ClassProperty: ['key', 'value'],
    PrivateName: ['id'],
    PrivateIdentifier: [],
    PropertyDefinition: ['key', 'value'],
    StaticBlock: ['body']
  }
  const tool = dirname(req.resolve('@doyensec/electronegativity/package.json'))
  const copies = [
    req.resolve('estraverse'),
    ...['escope', 'esrecurse'].map((m) => createRequire(req.resolve(m)).resolve('estraverse')),
    createRequire(join(tool, 'node_modules', 'eslint-scope', 'package.json')).resolve('estraverse')
  ]
  for (const file of new Set(copies)) {
    const estraverse = req(file)
    for (const [type, children] of Object.entries(keys)) {
      estraverse.VisitorKeys[type] ??= children
      estraverse.Syntax[type] ??= type
    }
  }
}

const csv = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`

async function main() {
  if (!existsSync(join(out, 'main', 'index.js'))) {
    console.error('out/ is not built: run `npm run build` first.')
    return 1
  }
  mkdirSync(join(root, 'test-results'), { recursive: true })
  // The tool as a library: its CLI writes the CSV header and rows with two racing async writes (the header can
  // overwrite the first finding), so the report is written here from the returned issues.
  const req = createRequire(import.meta.url)
  teachModernNodes(req)
  const run = req('@doyensec/electronegativity')
  const { errors, issues } = await run({
    input: out,
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    customScan: [],
    parserPlugins: [],
    isVerbose: false
  })
  const lines = ['issue,severity,confidence,filename,location,sample,description']
  const counts = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 }
  const open = []
  for (const i of issues) {
    const severity = i.severity?.name ?? 'UNKNOWN'
    const where = `${i.location?.line ?? 0}:${i.location?.column ?? 0}`
    lines.push(
      [i.id, severity, i.confidence?.name, i.file, where, i.sample, i.description]
        .map(csv)
        .join(',')
    )
    counts[severity] = (counts[severity] ?? 0) + 1
    if (severity === 'LOW' || severity === 'INFORMATIONAL') continue
    if (!reviewed(i.file, i.location?.line ?? 0, i.id))
      open.push(`${severity} ${i.id} ${i.file}:${where}`)
  }
  writeFileSync(report, lines.join('\n') + '\n')
  const parseErrors = errors.filter((e) => !e.tolerable)
  const summary = Object.entries(counts).map(([k, v]) => `${v} ${k.toLowerCase()}`)
  console.log(
    `electronegativity: ${issues.length} findings (${summary.join(', ')}); report in ${report}`
  )
  for (const e of parseErrors) console.error(`Error parsing ${e.file}: ${e.message}`)
  for (const f of open) console.error(`unreviewed: ${f}`)
  return parseErrors.length === 0 && open.length === 0 ? 0 : 1
}

if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) process.exit(await main())

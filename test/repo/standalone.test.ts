// The repository stands on its own and keeps its shape: what comments cite resolves inside it (docs/), no file in
// src/ is over 350 lines, and src/ has no import cycle.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const CODE = /\.(ts|mts|mjs|svelte|py|sh)$/

function files(dir: string, pattern = CODE): string[] {
  const out: string[] = []
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name)
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue
    if (statSync(join(root, rel)).isDirectory()) out.push(...files(rel, pattern))
    else if (pattern.test(name)) out.push(rel)
  }
  return out
}

const read = (rel: string) => readFileSync(join(root, rel), 'utf8')
const sources = ['src', 'test', 'bench', 'scripts', 'python'].flatMap((d) => files(d))

/** The developer set's folder beside a developer's checkout (built here so this file names no path outside the repo). */
const SHARED_DEFAULT = ['..', 'shared'].join('/')

describe('the repository stands on its own', () => {
  it('cites no spec outside it (MODEL.md, CONVENTIONS.md, the developer set reference notes)', () => {
    const outside = /\b(MODEL|CONVENTIONS|DESIGN)\.md|shared\/reference|tfjs-engine\.md/
    const hits = sources.filter(
      (f) => f !== 'test/repo/standalone.test.ts' && outside.test(read(f))
    )
    expect(hits).toEqual([])
  })

  it('every docs/ file a source or README cites exists', () => {
    const cited = new Set<string>()
    for (const f of [...sources, 'README.md', ...files('src', /\.md$/), ...files('bench', /\.md$/)])
      for (const m of read(f).matchAll(/\bdocs\/[\w./-]+\.(md|png)/g)) cited.add(m[0])
    expect(cited.size).toBeGreaterThan(5)
    expect([...cited].filter((p) => !existsSync(join(root, p)))).toEqual([])
  })

  it('every requirement code cited (T4, M1, L3...) is defined in docs/requirements.md', () => {
    const defined = new Set(
      [...read('docs/requirements.md').matchAll(/^\| ([A-Z]\d+) \|/gm)].map((m) => m[1])
    )
    const cited = new Map<string, string>()
    for (const f of sources) {
      // A code stands alone: not inside a word, a quoted string of its own or a path (a safetensors dtype name on a Uint8Array line is none).
      for (const line of read(f).split('\n'))
        for (const m of line.matchAll(/(?<![\w'"$/.-])([ESTMNLU][1-9])(?![\w'"])/g))
          if (!(m[1] === 'U8' && line.includes('Uint8Array'))) cited.set(m[1], f)
    }
    expect(cited.size).toBeGreaterThan(20)
    // Each code names the tests (or scripts) that prove it, and they exist.
    const proofs = [
      ...read('docs/requirements.md').matchAll(/`((?:test|bench|scripts)\/[\w./-]+)`/g)
    ]
    expect(proofs.length).toBeGreaterThan(29)
    expect(proofs.map((m) => m[1]).filter((f) => !existsSync(join(root, f)))).toEqual([])
    const undefinedCodes = [...cited].filter(([code]) => !defined.has(code))
    expect(undefinedCodes).toEqual([])
  })
})

describe('the npm scripts', () => {
  it('bench:smoke runs every bench:* script at its smallest setting', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>)
    const benches = scripts.filter((s) => s.startsWith('bench:') && s !== 'bench:smoke')
    expect(benches.length).toBeGreaterThan(5)
    const smoke = read('scripts/bench-smoke.mjs')
    expect(benches.filter((b) => !new RegExp(`\\[\\s*'${b}[ ']`).test(smoke))).toEqual([])
  })

  it('read nothing beside the clone unless a developer has it (a clear message otherwise)', () => {
    for (const f of [...files('bench'), ...files('scripts')]) {
      const text = read(f)
      if (!text.includes(SHARED_DEFAULT)) continue
      // A default for developers only: the file must also say what to pass instead.
      expect([f, /--midi|--torch-ref|[A-Z_]*DIR\b|where it exists/.test(text)]).toEqual([f, true])
    }
  })
})

describe('the shape of src/', () => {
  const src = files('src', /\.(ts|svelte)$/)

  it('has no file over 350 lines', () => {
    const long = src
      .map((f) => [f, read(f).split('\n').length - 1] as const)
      .filter(([, n]) => n > 350)
    expect(long).toEqual([])
  })

  it('has no import cycle (static imports, type-only ones included)', () => {
    const alias: Record<string, string> = {
      '@shared': 'src/shared',
      '@renderer': 'src/renderer/src'
    }
    const resolveImport = (from: string, spec: string): string | null => {
      const head = Object.keys(alias).find((a) => spec === a || spec.startsWith(`${a}/`))
      const base = head
        ? join(alias[head], spec.slice(head.length))
        : spec.startsWith('.')
          ? join(dirname(from), spec)
          : null
      if (base === null) return null
      for (const c of [base, `${base}.ts`, `${base}.svelte.ts`, `${base}/index.ts`])
        if (existsSync(join(root, c)) && statSync(join(root, c)).isFile()) return c
      return null
    }
    const graph = new Map<string, string[]>()
    for (const f of src) {
      const specs = [...read(f).matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
      graph.set(
        f,
        specs.map((m) => resolveImport(f, m[1])).filter((x): x is string => x !== null)
      )
    }
    expect(graph.size).toBeGreaterThan(200)
    // Depth-first search for a back edge; report the cycle's files.
    const state = new Map<string, 'open' | 'done'>()
    const cycles: string[][] = []
    const stack: string[] = []
    const visit = (f: string) => {
      state.set(f, 'open')
      stack.push(f)
      for (const g of graph.get(f) ?? []) {
        if (state.get(g) === 'open')
          cycles.push(stack.slice(stack.indexOf(g)).map((x) => relative('src', x)))
        else if (!state.has(g)) visit(g)
      }
      stack.pop()
      state.set(f, 'done')
    }
    for (const f of graph.keys()) if (!state.has(f)) visit(f)
    expect(cycles).toEqual([])
  })
})

// Files under a folder, each real folder read once: a symlink loop (a -> ..) ends instead of hanging (issue 11 item 9).
import { readdir, realpath, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'

/** Every file under `root` whose extension (lower-cased) is in `extensions`, sorted; symlinks are followed once. */
export async function walkFiles(root: string, extensions: readonly string[]): Promise<string[]> {
  const out: string[] = []
  const seen = new Set<string>()
  const todo = [root]
  while (todo.length) {
    const dir = todo.pop()!
    let real: string
    try {
      real = await realpath(dir)
    } catch {
      continue // a dangling link, or gone meanwhile
    }
    if (seen.has(real)) continue
    seen.add(real)
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, e.name)
      let isDir = e.isDirectory()
      let isFile = e.isFile()
      if (e.isSymbolicLink()) {
        const target = await stat(full).catch(() => null)
        isDir = target?.isDirectory() ?? false
        isFile = target?.isFile() ?? false
      }
      if (isDir) todo.push(full)
      else if (isFile && extensions.includes(extname(e.name).toLowerCase())) out.push(full)
    }
  }
  return out.sort()
}

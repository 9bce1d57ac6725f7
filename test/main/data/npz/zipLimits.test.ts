// Zip limits for .npz (N1): a 200 MiB bomb and a size-lying zip are rejected fast and without inflating; names and counts checked.
import { describe, expect, it } from 'vitest'
import { readLpd } from '../../../../src/main/data/npz/lpd'
import { readZip } from '../../../../src/main/data/npz/zip'
import { zeroBomb, zip } from './npzWriter'

const MIB = 1024 * 1024
const info = { name: 'info.json', data: new TextEncoder().encode('{"resolution": 24}') }

async function timed(bytes: Buffer): Promise<{ error: any; ms: number; rss: number }> {
  const rss0 = process.memoryUsage().rss
  const t0 = performance.now()
  const error = await readLpd('bomb.npz', bytes).then(
    () => undefined,
    (e) => e
  )
  return { error, ms: performance.now() - t0, rss: process.memoryUsage().rss - rss0 }
}

describe('npz zip limits (N1)', () => {
  it('rejects a 200 MiB zip bomb and a size-lying copy in <= 100 ms with <= 16 MiB extra RSS', async () => {
    const bomb = await zeroBomb(200)
    expect(bomb.compressed.length).toBeLessThan(400_000)
    const honest = zip([{ name: 'pianoroll_0_csc_data.npy', raw: bomb }, info])
    const lying = zip([{ name: 'pianoroll_0_csc_data.npy', raw: bomb, declaredSize: 1000 }, info])
    for (const bytes of [honest, lying]) await readLpd('warm.npz', bytes).catch(() => undefined)
    const h = await timed(honest)
    expect(h.error).toMatchObject({ code: 'zip-limits', file: 'bomb.npz' })
    expect(h.error.message).toMatch(/inflate|declares/)
    const l = await timed(lying)
    expect(l.error).toMatchObject({ code: 'bad-zip', file: 'bomb.npz' })
    expect(l.error.message).toMatch(/too many bytes/)
    for (const r of [h, l]) {
      expect(r.ms).toBeLessThanOrEqual(100)
      expect(r.rss).toBeLessThanOrEqual(16 * MIB)
    }
  })

  it.each([
    ['a parent path', '../evil.npy'],
    ['a folder', 'a/b.npy'],
    ['a space', 'my file.npy'],
    ['another extension', 'x.exe']
  ])('rejects an entry name with %s', async (_what, name) => {
    // yauzl itself refuses some names (bad-zip); the rest fail the name rule (zip-limits).
    await expect(readZip('z.npz', zip([{ name, data: new Uint8Array(4) }]))).rejects.toMatchObject({
      file: 'z.npz',
      code: expect.stringMatching(/^(zip-limits|bad-zip)$/)
    })
  })

  it('rejects more than 64 entries, duplicates, and bytes that are not a zip', async () => {
    const many = Array.from({ length: 65 }, (_, i) => ({
      name: `a${i}.npy`,
      data: new Uint8Array(1)
    }))
    await expect(readZip('z.npz', zip(many))).rejects.toMatchObject({ code: 'zip-limits' })
    const dup = [info, info]
    await expect(readZip('z.npz', zip(dup))).rejects.toMatchObject({ code: 'zip-limits' })
    await expect(
      readZip('z.npz', Buffer.from('MThd not a zip at all, sorry'))
    ).rejects.toMatchObject({ code: 'bad-zip' })
  })

  it('accepts entries under the limits with a custom total cap', async () => {
    const files = zip([{ name: 'a.npy', data: new Uint8Array(1000), deflate: true }, info])
    expect([...(await readZip('z.npz', files)).keys()]).toEqual(['a.npy', 'info.json'])
    const limits = { maxEntries: 64, maxEntryBytes: MIB, maxTotalBytes: 1010, maxRatio: 200 }
    await expect(readZip('z.npz', files, limits)).rejects.toMatchObject({ code: 'zip-limits' })
  })
})

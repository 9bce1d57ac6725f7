import { describe, expect, it } from 'vitest'
import { labelKey, parseLabelCsv, passesLabels } from '../../../../src/main/data/dataset/labels'

describe('label CSV', () => {
  const csv = [
    'file,genre',
    'TRAAAGR128F425B14B.npz,rock',
    '"songs/My, Song.mid","pop;ballad"',
    '# comment',
    '',
    'other.mid,jazz|Rock',
    'TRAAAGR128F425B14B,metal'
  ].join('\r\n')

  it('parses quoted names, multi-label cells, comments and a header', () => {
    const m = parseLabelCsv(csv)
    expect(m.size).toBe(3)
    expect(m.get('traaagr128f425b14b')).toEqual(['rock', 'metal'])
    expect(m.get('my, song')).toEqual(['pop', 'ballad'])
    expect(labelKey('C:\\x\\Other.MID')).toBe('other')
  })

  it('filters files by included labels, case-insensitively', () => {
    const labels = parseLabelCsv(csv)
    const rock = { labels, include: ['ROCK'] }
    expect(passesLabels('/data/TRAAAGR128F425B14B.mid', rock)).toBe(true)
    expect(passesLabels('other.mid', rock)).toBe(true)
    expect(passesLabels('My, Song.mid', rock)).toBe(false)
    expect(passesLabels('unknown.mid', { labels })).toBe(false)
    expect(passesLabels('My, Song.mid', { labels })).toBe(true)
  })

  it('matches LPD paths by their MSD-id folder, and takes a bare id list as a whitelist', () => {
    const labels = parseLabelCsv('TRAAAGR128F425B14B\nTRBBB\n')
    const lpd = 'lpd_17/A/A/A/TRAAAGR128F425B14B/b97c529ab9ef783a849b896816001748.npz'
    expect(passesLabels(lpd, { labels })).toBe(true)
    expect(passesLabels('lpd_17/C/TRCCC/abc.npz', { labels })).toBe(false)
    expect(passesLabels(lpd, { labels, include: ['rock'] })).toBe(false)
  })
})

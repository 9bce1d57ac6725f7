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
})

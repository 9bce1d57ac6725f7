import { describe, expect, it } from 'vitest'
import { PNG_FRAME, rollPng } from '../../../src/renderer/src/views/Compose/exportFiles'
import { note, pieceWith } from '../piano-roll/fixtures'

describe('PNG export', () => {
  it('frames the roll with a keyboard on the left and the title and bar numbers on top', async () => {
    const piece = { ...pieceWith([note(60, 0, 960), note(67, 1920, 960)]), title: 'Picture' }
    const bitmap = await createImageBitmap(await rollPng(piece, 1))
    const { keys, title, ruler } = PNG_FRAME
    expect(bitmap.width).toBeGreaterThan(keys + 300)
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(bitmap, 0, 0)
    const light = (x: number, y0: number, y1: number) => {
      const d = ctx.getImageData(x, y0, 1, y1 - y0).data
      let n = 0
      for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] > 180) n++
      return n
    }
    // White keys down the keyboard, title text in the title band, bar lines in the ruler.
    expect(light(8, title + ruler, bitmap.height)).toBeGreaterThan(bitmap.height / 4)
    let titleInk = 0
    for (let x = 8; x < 80; x++) titleInk += light(x, 0, title)
    expect(titleInk).toBeGreaterThan(10)
    const rulerRow = ctx.getImageData(keys, title + 4, bitmap.width - keys, 1).data
    let marks = 0
    for (let i = 0; i < rulerRow.length; i += 4) if (rulerRow[i] > 120) marks++
    expect(marks).toBeGreaterThan(1)
  })
})

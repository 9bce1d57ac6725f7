/**
 * Bright pixels drawn left of a uPlot chart's plot area, leaving out the 12 px of tick marks next to it: the ink of
 * the y axis' numbers (and its title). `root` is the element holding the chart's canvas and its .u-over.
 */
export function yAxisInk(root: Element): number {
  const canvas = root.querySelector('canvas') as HTMLCanvasElement | null
  const over = root.querySelector('.u-over') as HTMLElement | null
  if (!canvas || !over) return -1
  const scale = canvas.width / canvas.getBoundingClientRect().width
  const strip = Math.floor((over.offsetLeft - 12) * scale)
  if (strip <= 0) return 0
  const ctx = canvas.getContext('2d')!
  const { data } = ctx.getImageData(0, 0, strip, canvas.height)
  let ink = 0
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && data[i] > 100) ink++
  return ink
}

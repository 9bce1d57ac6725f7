// Plot the loss curves of `train` logs (stderr progress lines) as a PNG, one panel per log: D (red), W (green),
// G (blue), each scaled to its panel. Usage: tsx bench/engine/plotLog.ts OUT.png LOG...
import { readFileSync, writeFileSync } from 'node:fs'
import { encodePng } from '../../src/main/ml/png'

type Series = { name: string; color: [number, number, number]; points: [number, number][] }

function parse(file: string): Series[] {
  const s: Series[] = [
    { name: 'D', color: [230, 80, 80], points: [] },
    { name: 'W', color: [80, 210, 80], points: [] },
    { name: 'G', color: [90, 140, 255], points: [] }
  ]
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const step = /^step (\d+)\//.exec(line)
    if (!step) continue
    for (const x of s) {
      const m = new RegExp(` ${x.name} (-?[\\d.]+(?:e-?\\d+)?)`).exec(line)
      if (m) x.points.push([Number(step[1]), Number(m[1])])
    }
  }
  return s
}

function line(rgb: Uint8Array, w: number, a: [number, number], b: [number, number], c: number[]) {
  const n = Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]), 1)
  for (let i = 0; i <= n; i++) {
    const x = Math.round(a[0] + ((b[0] - a[0]) * i) / n)
    const y = Math.round(a[1] + ((b[1] - a[1]) * i) / n)
    rgb.set(c, (y * w + x) * 3)
  }
}

function main(out: string, logs: string[]): void {
  const w = 800
  const ph = 240
  const h = ph * logs.length
  const rgb = new Uint8Array(w * h * 3).fill(250)
  logs.forEach((log, k) => {
    const top = k * ph
    for (let x = 0; x < w; x++) rgb.set([0, 0, 0], ((top + ph - 1) * w + x) * 3)
    const series = parse(log)
    const maxStep = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[0])))
    for (const s of series) {
      if (s.points.length < 2) continue
      const ys = s.points.map((p) => p[1])
      const [lo, hi] = [Math.min(...ys), Math.max(...ys)]
      const px = (p: [number, number]): [number, number] => [
        Math.round((p[0] / maxStep) * (w - 11)) + 5,
        top + 5 + Math.round((1 - (p[1] - lo) / (hi - lo || 1)) * (ph - 12))
      ]
      for (let i = 1; i < s.points.length; i++)
        line(rgb, w, px(s.points[i - 1]), px(s.points[i]), s.color)
      console.log(
        `${log}: ${s.name} ${s.points.length} points, range ${lo.toFixed(3)} .. ${hi.toFixed(3)}`
      )
    }
  })
  writeFileSync(out, encodePng(w, h, rgb))
}

main(process.argv[2], process.argv.slice(3))

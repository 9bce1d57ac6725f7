import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { menuTemplate } from '../../../src/main/app/menu'
import type { MenuCommand } from '../../../src/shared/api/events'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])])
}

describe('the app menu', () => {
  for (const isMac of [false, true]) {
    it(`has File, Edit, View, Help with DAW shortcuts (${isMac ? 'macOS' : 'Linux/Windows'})`, () => {
      const sent: MenuCommand[] = []
      const template = menuTemplate({
        send: (c) => sent.push(c),
        openDocs: () => undefined,
        isMac,
        isDev: false
      })
      const labels = template.map((i) => i.label).filter(Boolean)
      expect(labels).toEqual(expect.arrayContaining(['&File', '&Edit', '&View', '&Help']))
      const items = flatten(template)
      const byLabel = (l: string) => items.find((i) => i.label === l)!
      expect(byLabel('Undo').accelerator).toBe('CmdOrCtrl+Z')
      expect(byLabel('Redo').accelerator).toBe(isMac ? 'Shift+Cmd+Z' : 'Ctrl+Shift+Z')
      expect(byLabel('Import MIDI or LPD-17…').accelerator).toBe('CmdOrCtrl+I')
      for (const role of ['cut', 'copy', 'paste'])
        expect(items.some((i) => i.role === role)).toBe(true)
      for (const item of items) if (item.click) (item.click as () => void)()
      expect(sent).toEqual(
        expect.arrayContaining([
          'import',
          'export',
          'undo',
          'redo',
          'view:compose',
          'view:library',
          'about'
        ])
      )
      expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false)
    })
  }
})

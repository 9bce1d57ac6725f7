import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SettingsSchema, type Settings } from '../../shared/api/domains/settings'
import type { z } from 'zod'
import type { SettingsPatch } from '../../shared/api/domains/settings'
import { writeFileAtomic } from './files'

/** The settings file's name in the data folder. */
export const SETTINGS_FILE = 'settings.json'

/** The composer's settings, kept as JSON in the data folder (atomic writes; a damaged file falls back to defaults). */
export class SettingsStore {
  readonly file: string
  #current: Settings

  constructor(dataDir: string) {
    this.file = join(dataDir, SETTINGS_FILE)
    this.#current = SettingsStore.read(this.file)
  }

  /** Read a settings file; missing or invalid fields take their defaults. */
  static read(file: string): Settings {
    const defaults = SettingsSchema.parse({})
    if (!existsSync(file)) return defaults
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
      const out: Record<string, unknown> = { ...defaults }
      for (const [k, v] of Object.entries(raw)) {
        const merged = SettingsSchema.safeParse({ ...defaults, [k]: v })
        if (merged.success) out[k] = (merged.data as Record<string, unknown>)[k]
      }
      return SettingsSchema.parse(out)
    } catch {
      return defaults
    }
  }

  /** The current settings (a copy). */
  get(): Settings {
    return { ...this.#current }
  }

  /** Apply a validated patch, write the file, return the new settings. */
  set(patch: z.output<typeof SettingsPatch>): Settings {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
    const next = SettingsSchema.parse({ ...this.#current, ...defined })
    writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n')
    this.#current = next
    return this.get()
  }
}

import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { playwright } from '@vitest/browser-playwright'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs'

const root = resolve(import.meta.dirname, '../..')

// UI benchmarks in headless Chromium (scripts/chromium.mjs finds it): `npx vitest run --config bench/ui/vitest.config.mts`.
// They print figures (console) and assert nothing about speed.
export default defineConfig({
  root,
  resolve: { alias: { '@shared': resolve(root, 'src/shared') } },
  plugins: [svelte()],
  server: { fs: { allow: [root] } },
  optimizeDeps: { include: ['tone', '@tonejs/midi'] },
  test: {
    include: ['bench/ui/browser/**/*.bench.ts'],
    testTimeout: 300_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS }
      }),
      instances: [{ browser: 'chromium' }]
    }
  }
})

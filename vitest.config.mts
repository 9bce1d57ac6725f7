import { resolve } from 'node:path'
const __dirname = import.meta.dirname
import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { playwright } from '@vitest/browser-playwright'
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs'

const alias = {
  '@shared': resolve(__dirname, 'src/shared'),
  '@renderer': resolve(__dirname, 'src/renderer/src')
}

export { CHROMIUM_ARGS }

// Three layers: plain Node (main + shared), real Chromium (renderer units), and end to end (Chromium against serve mode).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/main/**/*.test.ts', 'test/shared/**/*.test.ts', 'test/repo/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks'
        }
      },
      {
        resolve: { alias },
        plugins: [svelte()],
        // Browser tests read the real MIDI fixtures under test/fixtures (vitest/browser commands.readFile).
        server: { fs: { allow: [__dirname] } },
        optimizeDeps: { include: ['tone', '@tonejs/midi'] },
        test: {
          name: 'browser',
          include: ['test/renderer/**/*.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS }
            }),
            instances: [{ browser: 'chromium' }]
          }
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false
        }
      }
    ]
  }
})

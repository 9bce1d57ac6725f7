import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const root = resolve(import.meta.dirname, '../..')

// UI benchmarks that drive the built app in Debian Chromium against serve mode (like test/e2e), from Node:
// `npx vitest run --config bench/ui/node.config.mts`. They print figures and assert nothing about speed.
export default defineConfig({
  root,
  resolve: { alias: { '@shared': resolve(root, 'src/shared') } },
  test: {
    include: ['bench/ui/node/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 180_000
  }
})

import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const shared = { '@shared': resolve(__dirname, 'src/shared') }

// Main has several entries: the Electron app, the CLI/serve entry and the worker entries (workers load built files by name).
export default defineConfig({
  main: {
    resolve: { alias: shared },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          importWorker: resolve(__dirname, 'src/main/data/import/importWorker.ts'),
          trainWorker: resolve(__dirname, 'src/main/ml/trainWorker.ts'),
          engineWorker: resolve(__dirname, 'src/main/ml/engineWorker.ts'),
          datasetImportWorker: resolve(
            __dirname,
            'src/main/services/import/datasetImportWorker.ts'
          ),
          nearestWorker: resolve(__dirname, 'src/main/data/dataset/nearestWorker.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: shared }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias: { ...shared, '@renderer': resolve(__dirname, 'src/renderer/src') } },
    plugins: [svelte()],
    build: { rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } }
  }
})

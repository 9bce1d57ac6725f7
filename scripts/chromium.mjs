// The Chromium the tests, benchmarks and setup drive: $CHROMIUM_PATH, else a system Chromium or Chrome, else the one
// Playwright downloads (`npx playwright install chromium`). A plain module so vitest configs, tsx scripts and setup
// can all load it (vitest.config.mts itself pulls in the Svelte plugin, which tsx cannot load).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/** Flags Chromium needs headless on a closed-network, GPU-less machine (and for audio without a user gesture). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'
]

const SYSTEM = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable'
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'
  ]
}

/** Playwright's own Chromium, where `npx playwright install chromium` put it. */
function playwrightChromium() {
  try {
    const path = createRequire(import.meta.url)('playwright-core').chromium.executablePath()
    return path && existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
}

/** The Chromium to drive, or undefined when there is none (CHROMIUM_PATH naming a missing file is an error). */
export function findChromium() {
  const env = process.env.CHROMIUM_PATH
  if (env) {
    if (!existsSync(env)) throw new Error(`CHROMIUM_PATH=${env} does not exist`)
    return env
  }
  return (SYSTEM[process.platform] ?? []).find((p) => existsSync(p)) ?? playwrightChromium()
}

/** How to get a Chromium, in words. */
export const CHROMIUM_HINT =
  'No Chromium found. Set CHROMIUM_PATH to a Chromium or Chrome binary, install one ' +
  '(Debian/Ubuntu: sudo apt-get install chromium), or run `npx playwright install chromium`.'

/** The Chromium to drive; throws with CHROMIUM_HINT when there is none. */
export function chromiumPath() {
  const path = findChromium()
  if (!path) throw new Error(CHROMIUM_HINT)
  return path
}

import { extname, join, normalize, sep } from 'node:path'

// The app:// scheme the renderer loads from (never file://), and the headers every page response carries. Pure Node.

/** The custom scheme of the renderer's pages. */
export const APP_SCHEME = 'app'
/** The one host of app:// URLs. */
export const APP_HOST = 'bytes-to-beats'
/** The origin the IPC wrapper accepts. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * The Content-Security-Policy of every page, served as a header (app:// and serve mode) and mirrored in index.html:
 * scripts only from the app, no eval, no inline scripts, no plugins, no <base>, no framing. connect-src 'self' lets the
 * serve-mode page reach its own WebSocket; style-src allows inline styles (Svelte style: directives), not scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'"
].join('; ')

/** Headers of every page response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // frame-ancestors only works as a header (a <meta> copy would log an error), so it is added here.
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin'
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.mid': 'audio/midi'
}

/** The content type of a file served to the renderer. */
export function mimeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** True when a URL is a page of the app itself (app://bytes-to-beats/...). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return (
      u.protocol === `${APP_SCHEME}:` &&
      u.host === APP_HOST &&
      u.username === '' &&
      u.password === ''
    )
  } catch {
    return false
  }
}

/**
 * Map a URL path ('/assets/x.js') to a file inside rendererDir, or null when it would leave it (.., encoded
 * separators, NUL). '/' serves index.html.
 */
export function resolveRendererFile(pathname: string, rendererDir: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const root = normalize(rendererDir + sep)
  const file = normalize(join(root, rel))
  return file.startsWith(root) ? file : null
}

/** Resolve an app:// request URL to a file in rendererDir, or null for another host or an escaping path. */
export function resolveAppRequest(url: string, rendererDir: string): string | null {
  if (!isAppUrl(url)) return null
  return resolveRendererFile(new URL(url).pathname, rendererDir)
}

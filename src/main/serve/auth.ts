import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The cookie that carries the token after the first page load (HttpOnly, SameSite=Strict). Browsers share cookies
 * between the ports of one host, so its name carries the port: two instances never overwrite each other's token.
 */
export function tokenCookieName(port: number): string {
  return `b2b_token_${port}`
}

/** A fresh random token (32 bytes, url-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Compare two tokens in constant time. */
export function sameToken(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The token a request carries: `?token=` in the URL, else this instance's cookie (see tokenCookieName). */
export function tokenOf(
  req: IncomingMessage,
  cookieName: string
): { token: string | null; fromQuery: boolean } {
  const url = new URL(req.url ?? '/', 'http://x')
  const q = url.searchParams.get('token')
  if (q !== null) return { token: q, fromQuery: true }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === cookieName) return { token: v.join('='), fromQuery: false }
  }
  return { token: null, fromQuery: false }
}

/** The Set-Cookie header that keeps the token for the page's own later requests. */
export function tokenCookie(cookieName: string, token: string): string {
  return `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

/**
 * True when a browser's Origin header (if any) is this server itself: blocks other web pages from opening the
 * WebSocket with the composer's cookie (cross-site WebSocket hijacking).
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

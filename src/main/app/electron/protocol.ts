import { protocol, type Session } from 'electron'
import { readFile } from 'node:fs/promises'
import { APP_SCHEME, mimeOf, resolveAppRequest, SECURITY_HEADERS } from '../protocol'

/** Declare app:// a standard, secure scheme; must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Serve the built renderer on app:// in a session, with the security headers (CSP) on every response. */
export function handleAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppRequest(request.url, rendererDir)
    const body = file ? await readFile(file).catch(() => null) : null
    if (!file || !body) return new Response('not found', { status: 404 })
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': mimeOf(file) }
    })
  })
}

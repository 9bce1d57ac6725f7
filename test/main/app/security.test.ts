import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import {
  allowExternal,
  allowNavigation,
  createWindowOptions,
  decidePermission,
  REQUEST_PERMISSIONS,
  windowOpenDecision
} from '../../../src/main/app/security'
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, isAppUrl } from '../../../src/main/app/protocol'
import { ROOT } from '../../helpers/api'
import { readFileSync } from 'node:fs'

// E1: the window-options factory, the permission/navigation policies and the CSP.

const appDir = join(ROOT, 'out')
const options = createWindowOptions({ preload: join(appDir, 'preload/index.js'), appDir })

describe('E1: window options', () => {
  const wp = options.webPreferences!
  it('isolates, sandboxes and keeps Node out of the page', () => {
    expect(wp.contextIsolation).toBe(true)
    expect(wp.sandbox).toBe(true)
    expect(wp.nodeIntegration).toBe(false)
    expect(wp.nodeIntegrationInWorker).toBe(false)
    expect(wp.nodeIntegrationInSubFrames).toBe(false)
    expect(wp.webSecurity).toBe(true)
    expect(wp.allowRunningInsecureContent).toBe(false)
    expect(wp.webviewTag).toBe(false)
    expect(wp.experimentalFeatures).toBe(false)
    expect('enableBlinkFeatures' in wp).toBe(false)
  })

  it('opens DevTools only in a development build', () => {
    expect(wp.devTools).toBe(false)
    const dev = createWindowOptions({
      preload: join(appDir, 'preload/index.js'),
      appDir,
      dev: true
    })
    expect(dev.webPreferences!.devTools).toBe(true)
  })

  it('takes the preload only from inside the app bundle', () => {
    expect(wp.preload).toBe(join(appDir, 'preload/index.js'))
    expect(() => createWindowOptions({ preload: '/tmp/evil.js', appDir })).toThrow(
      /inside the app bundle/
    )
    expect(() => createWindowOptions({ preload: join(appDir, '../x.js'), appDir })).toThrow()
  })

  it('denies every one of Electron’s permission names', () => {
    expect(REQUEST_PERMISSIONS.length).toBeGreaterThanOrEqual(20)
    for (const p of [...REQUEST_PERMISSIONS, 'anything-new'])
      expect(decidePermission(p)).toBe(false)
  })

  it('denies navigation and new windows', () => {
    for (const url of [
      APP_ENTRY_URL,
      'https://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)'
    ]) {
      expect(allowNavigation(url)).toBe(false)
    }
    expect(windowOpenDecision()).toEqual({ action: 'deny' })
  })

  it('opens only allowlisted https pages externally', () => {
    expect(allowExternal('https://github.com/x')).toBe(true)
    for (const url of [
      'http://github.com',
      'file:///x',
      'https://evil.example',
      'https://u@github.com',
      'smb://x'
    ]) {
      expect(allowExternal(url), url).toBe(false)
    }
  })

  it('loads pages from app://, never file://', () => {
    expect(APP_ENTRY_URL.startsWith('app://')).toBe(true)
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
    expect(isAppUrl('file:///index.html')).toBe(false)
  })

  it('has a strict CSP, mirrored in index.html', () => {
    const csp = CONTENT_SECURITY_POLICY
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'none'")
    const script = csp.split(';').find((d) => d.trim().startsWith('script-src'))!
    expect(script).not.toMatch(/unsafe-eval|unsafe-inline/)
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8')
    expect(html).toContain(csp)
  })
})

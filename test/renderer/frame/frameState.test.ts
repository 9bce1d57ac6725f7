import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api/errors'
import { describeError } from '../../../src/renderer/src/state/describeError'
import { NotificationsState } from '../../../src/renderer/src/state/NotificationsState.svelte'
import { NavigationState } from '../../../src/renderer/src/state/NavigationState.svelte'
import { CommandsState } from '../../../src/renderer/src/state/CommandsState.svelte'
import { shortcutOf } from '../../../src/renderer/src/frame/shortcuts'
import { socketUrl } from '../../../src/renderer/src/frame/composer'

describe('frame state', () => {
  it('puts API errors in plain words, never a class name or stack', () => {
    const codes = [
      'invalid_args',
      'not_available',
      'not_found',
      'forbidden',
      'cancelled',
      'conflict',
      'failed',
      'internal'
    ] as const
    for (const code of codes) {
      const text = describeError(new ApiError(code, 'the piece is gone', 'id'), 'Opening the piece')
      expect(text.startsWith('Opening the piece: ')).toBe(true)
      expect(text).not.toMatch(/ApiError|at .*\.ts|undefined/)
    }
    expect(describeError(new ApiError('invalid_args', 'x', 'patch.threshold'))).toContain(
      '“patch.threshold”'
    )
    expect(describeError(new TypeError('boom'))).toBe('something went wrong (boom).')
  })

  it('notifies, collapses repeats, and guards calls', async () => {
    const n = new NotificationsState(0)
    n.error(new ApiError('not_available', 'Training needs a dataset.'), 'Starting a run')
    n.error(new ApiError('not_available', 'Training needs a dataset.'), 'Starting a run')
    expect(n.notices).toHaveLength(1)
    expect(n.notices[0]).toMatchObject({
      kind: 'error',
      text: 'Starting a run: Training needs a dataset.'
    })
    expect(await n.guard('Saving', async () => 5)).toBe(5)
    expect(
      await n.guard('Saving', async () => Promise.reject(new ApiError('failed', 'disk full')))
    ).toBeUndefined()
    expect(n.notices.at(-1)!.text).toBe('Saving: disk full')
    n.dismiss(n.notices[0].id)
    expect(n.notices).toHaveLength(1)
  })

  it('navigates by name, hash and position', () => {
    expect(new NavigationState('#library').view).toBe('library')
    expect(new NavigationState('#nowhere').view).toBe('compose')
    const nav = new NavigationState()
    nav.goIndex(3)
    expect(nav.view).toBe('compare')
    nav.go('evil')
    expect(nav.view).toBe('compare')
  })

  it('routes menu commands to the latest handler and forgets unmounted ones', () => {
    const c = new CommandsState()
    const seen: string[] = []
    const offA = c.on('undo', () => seen.push('a'))
    const offB = c.on('undo', () => seen.push('b'))
    expect(c.run('undo')).toBe(true)
    offB()
    c.run('undo')
    offA()
    expect(c.run('undo')).toBe(false)
    expect(seen).toEqual(['b', 'a'])
  })

  it('maps Alt+1..4 in a browser and leaves the desktop shortcuts to the menu', () => {
    const key = (k: string, alt = true) => ({
      key: k,
      altKey: alt,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false
    })
    expect(shortcutOf(key('2'), 'browser')).toBe(2)
    expect(shortcutOf(key('5'), 'browser')).toBeNull()
    expect(shortcutOf(key('2', false), 'browser')).toBeNull()
    expect(shortcutOf(key('2'), 'desktop')).toBeNull()
  })

  it('builds the WebSocket address from the page address', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:5170', search: '?token=a+b' })).toBe(
      'ws://127.0.0.1:5170/api?token=a%20b'
    )
    expect(socketUrl({ protocol: 'https:', host: 'box:1', search: '' })).toBe('wss://box:1/api')
  })
})

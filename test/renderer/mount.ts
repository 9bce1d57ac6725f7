// Mounting Svelte components in the browser tests (Vitest browser mode): one way to show a view and let it settle.
import { flushSync, mount, tick, unmount, type Component } from 'svelte'

const mounted: Record<string, unknown>[] = []

/** Let Svelte's effects and pending promises run, then one animation frame (and `ms` more where a view waits). */
export async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 6; i++) await tick()
  await new Promise((r) => requestAnimationFrame(() => r(null)))
  if (ms > 0) await new Promise((r) => setTimeout(r, ms))
  flushSync()
}

/** Mount a component with its props into a new element of the page (or into `target`); returns that element. */
export function show(
  component: Component<any>,
  props: Record<string, unknown>,
  target?: HTMLElement
): HTMLElement {
  const into = target ?? document.body.appendChild(document.createElement('div'))
  mounted.push(mount(component, { target: into, props }))
  return into
}

/** Unmount everything show() mounted and empty the page: `afterEach(unmountAll)`. */
export function unmountAll(): void {
  for (const m of mounted.splice(0)) unmount(m)
  document.body.innerHTML = ''
}

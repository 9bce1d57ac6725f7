import type { Component } from 'svelte'
import type { ViewName } from '../state/NavigationState.svelte'

/**
 * The views of the frame, in navigation order. Each view lives in src/renderer/src/views/<View>/ and has one entry
 * component without required props that takes what it needs from getFrame(). To put a view in, point its `load` at
 * that entry component; the frame loads it the first time it is shown.
 */
export interface ViewEntry {
  name: ViewName
  label: string
  /** What the view is for (the nav button's title). */
  purpose: string
  load: () => Promise<{ default: Component }>
}

/** The four views. */
export const VIEWS: ViewEntry[] = [
  {
    name: 'compose',
    label: 'Compose',
    purpose: 'Generate pieces, edit them in the 17-track piano roll, hear and export them.',
    load: () => import('../views/Compose/Compose.svelte') as Promise<{ default: Component }>
  },
  {
    name: 'train',
    label: 'Train',
    purpose: 'Train the model on a dataset and watch its losses, samples and progress live.',
    load: () => import('../views/Train/Train.svelte') as Promise<{ default: Component }>
  },
  {
    name: 'compare',
    label: 'Compare',
    purpose: 'Compare runs side by side: curves, metrics against real music, samples, SSMs.',
    load: () => import('../views/Compare/Compare.svelte') as Promise<{ default: Component }>
  },
  {
    name: 'library',
    label: 'Library',
    purpose: 'Your datasets, training runs and pieces: search, rename, tag, delete.',
    load: () => import('../views/Library/Library.svelte') as Promise<{ default: Component }>
  }
]

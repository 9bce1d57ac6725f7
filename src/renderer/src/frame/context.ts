import { getContext, setContext } from 'svelte'
import type { ComposerApi } from '@shared/api'
import type { NotificationsState } from '../state/NotificationsState.svelte'
import type { JobsState } from '../state/JobsState.svelte'
import type { NavigationState } from '../state/NavigationState.svelte'
import type { CommandsState } from '../state/CommandsState.svelte'
import type { AppInfoState } from '../state/AppInfoState.svelte'
import type { ViewKeep } from '../state/ViewKeep'

/** What the frame gives every view: the API, notifications, jobs, navigation, menu commands, app info and the
 *  state views keep across switches. */
export interface Frame {
  composer: ComposerApi
  mode: 'desktop' | 'browser'
  notifications: NotificationsState
  jobs: JobsState
  navigation: NavigationState
  commands: CommandsState
  info: AppInfoState
  views: ViewKeep
}

const KEY = Symbol('frame')

/** Provide the frame to the component tree (App.svelte does this once). */
export function setFrame(frame: Frame): Frame {
  return setContext(KEY, frame)
}

/** The frame, from inside any view component: `const { composer, notifications } = getFrame()`. */
export function getFrame(): Frame {
  const frame = getContext<Frame | undefined>(KEY)
  if (!frame) throw new Error('getFrame() is called outside the app frame')
  return frame
}

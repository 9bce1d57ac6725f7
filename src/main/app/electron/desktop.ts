import { nativeImage, shell, type WebContents } from 'electron'
import type { Desktop } from '../../services/ports'
import type { CallContext } from '../../../shared/api/table'
import { allowExternal } from '../security'

/** Show-in-folder and open-folder through the OS shell. */
export function createElectronDesktop(): Desktop {
  return {
    showInFolder: (file) => shell.showItemInFolder(file),
    openFolder: async (dir) => {
      const error = await shell.openPath(dir)
      if (error) throw new Error(error)
    }
  }
}

/** Open an allowlisted https page in the system browser; anything else is ignored. */
export function openExternalSafe(url: string): void {
  if (!allowExternal(url)) return
  /** eng-disable OPEN_EXTERNAL_JS_CHECK: reviewed, the URL passed the https host allowlist just above (E3). */
  void shell.openExternal(url)
}

/** The desktop abilities of the window that made an IPC call: a native file drag of a file main wrote. */
export function dragContext(sender: WebContents, iconFile: string): Partial<CallContext> {
  return {
    startDrag: (file) => {
      const icon = nativeImage.createFromPath(iconFile)
      sender.startDrag({
        file,
        icon: icon.isEmpty() ? nativeImage.createEmpty() : icon.resize({ width: 32 })
      })
    }
  }
}

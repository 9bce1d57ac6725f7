import { notAvailable } from '../../shared/api/errors'
import type { Dialogs } from '../services/ports'

/**
 * Serve mode's stand-in for native dialogs: a browser cannot hand the server a path, so `serve --music DIR` names the
 * one folder "Import" offers (the composer's music on the GPU box). Saving goes through browser downloads instead.
 */
export function serveDialogs(musicDir: string | undefined): Dialogs {
  return {
    async chooseSource(kind) {
      if (kind === 'midi-folder' && musicDir) return [musicDir]
      throw notAvailable(
        musicDir
          ? 'In the browser, Import takes the music folder the server was started with (serve --music DIR).'
          : 'To import in the browser, start the server with a music folder: bytes-to-beats serve --music DIR.'
      )
    },
    async chooseSavePath() {
      throw notAvailable('In the browser, files are saved as downloads.')
    }
  }
}

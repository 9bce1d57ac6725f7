import { join } from 'node:path'
import { startServer } from '../../src/main/serve/server'
import { connectWs } from '../../src/shared/api/wsClient'
import { ROOT, nodeSocket, testServices } from '../helpers/api'

/** Serve mode over test services that ran first start (default model + example pieces), with a connected client. */
export async function serveWithDefaultModel() {
  const { services, cleanup } = testServices({ firstRun: true })
  await services.ready
  const server = await startServer({
    rendererDir: join(ROOT, 'out/renderer'),
    dispatcher: services.dispatcher,
    bus: services.bus
  })
  const client = connectWs(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, nodeSocket)
  await client.ready
  return {
    server,
    client,
    services,
    close: async () => {
      client.close()
      await server.close()
      await services.close()
      cleanup()
    }
  }
}

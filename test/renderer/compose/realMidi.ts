import { commands } from 'vitest/browser'

/** Bytes of a real MIDI file of the test fixtures (`name` relative to test/fixtures/midi, e.g. freedoom/d_e1m1.mid). */
export async function readRealMidi(name: string): Promise<Uint8Array> {
  const b64 = await commands.readFile(`test/fixtures/midi/${name}`, 'base64')
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
}

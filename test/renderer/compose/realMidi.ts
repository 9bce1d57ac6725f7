import { commands } from 'vitest/browser'

/** Bytes of a real MIDI file of the shared developer set (../shared/data/midi beside the repository). */
export async function readRealMidi(name: string): Promise<Uint8Array> {
  const b64 = await commands.readFile(`../shared/data/midi/${name}`, 'base64')
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
}

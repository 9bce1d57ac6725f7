import * as Tone from 'tone'
import type { NoteEvent } from '@shared/music/piece'
import type { Instrument } from './Instrument'

/** Options of a Scheduler. */
export interface SchedulerOptions {
  /** The transport to schedule on (the global one by default; inside Tone.Offline, the offline one). */
  transport: ReturnType<typeof Tone.getTransport>
}

/** One transport event: a note with its start in transport ticks. */
interface NoteTimed {
  time: string
  note: NoteEvent
}

/**
 * Turns tracks of NoteEvents into Tone.Parts on the Transport (one Part per track), so the
 * transport's play/stop/loop/tempo drive every note. Start times are in ticks ("<n>i"), which needs
 * the transport's PPQ to be the piece's; lengths are converted at the current tempo when played.
 */
export class Scheduler {
  private parts: Tone.Part<NoteTimed>[] = []
  private readonly transport: SchedulerOptions['transport']

  constructor(opts: Partial<SchedulerOptions> = {}) {
    this.transport = opts.transport ?? Tone.getTransport()
  }

  /** The global transport. */
  static getDefaults(): SchedulerOptions {
    return { transport: Tone.getTransport() }
  }

  /** Replace every scheduled note: track i's notes play on instruments[i]. */
  schedule(tracks: readonly (readonly NoteEvent[])[], instruments: readonly Instrument[]): void {
    this.clear()
    tracks.forEach((notes, i) => {
      const inst = instruments[i]
      if (!inst || notes.length === 0) return
      const events = notes.map((note) => ({ time: `${Math.round(note.start)}i`, note }))
      const part = new Tone.Part<NoteTimed>((time, ev) => this.fire(inst, time, ev.note), events)
      part.start(0)
      this.parts.push(part)
    })
  }

  private fire(inst: Instrument, time: number, note: NoteEvent): void {
    const seconds = (note.duration / this.transport.PPQ) * (60 / this.transport.bpm.value)
    inst.play(note.pitch, Math.max(0.01, seconds), time, note.velocity)
  }

  /** Remove every scheduled note. */
  clear(): void {
    for (const p of this.parts) p.dispose()
    this.parts = []
  }

  /** Free the parts. */
  dispose(): void {
    this.clear()
  }
}

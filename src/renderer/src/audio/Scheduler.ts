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
  // Per track: its Part and the notes array and instrument it was built from. Edits replace only the
  // arrays of the tracks they touch, so rescheduling after an edit rebuilds just those Parts.
  private parts: ({
    part: Tone.Part<NoteTimed>
    notes: readonly NoteEvent[]
    inst: Instrument
  } | null)[] = []
  private readonly transport: SchedulerOptions['transport']

  constructor(opts: Partial<SchedulerOptions> = {}) {
    this.transport = opts.transport ?? Tone.getTransport()
  }

  /** The global transport. */
  static getDefaults(): SchedulerOptions {
    return { transport: Tone.getTransport() }
  }

  /** Schedule every track's notes (track i plays on instruments[i]); unchanged tracks keep their Part. */
  schedule(
    tracks: readonly (readonly NoteEvent[])[],
    instruments: readonly (Instrument | null)[]
  ): void {
    for (let i = tracks.length; i < this.parts.length; i++) this.parts[i]?.part.dispose()
    this.parts.length = Math.min(this.parts.length, tracks.length)
    tracks.forEach((notes, i) => {
      const inst = instruments[i]
      const old = this.parts[i]
      if (old && old.notes === notes && old.inst === inst) return
      old?.part.dispose()
      this.parts[i] =
        inst && notes.length > 0 ? { part: this.part(notes, inst), notes, inst } : null
    })
  }

  private part(notes: readonly NoteEvent[], inst: Instrument): Tone.Part<NoteTimed> {
    const events = notes.map((note) => ({ time: `${Math.round(note.start)}i`, note }))
    const part = new Tone.Part<NoteTimed>((time, ev) => this.fire(inst, time, ev.note), events)
    part.start(0)
    return part
  }

  private fire(inst: Instrument, time: number, note: NoteEvent): void {
    const seconds = (note.duration / this.transport.PPQ) * (60 / this.transport.bpm.value)
    inst.play(note.pitch, Math.max(0.01, seconds), time, note.velocity)
  }

  /** Remove every scheduled note. */
  clear(): void {
    for (const p of this.parts) p?.part.dispose()
    this.parts = []
  }

  /** Free the parts. */
  dispose(): void {
    this.clear()
  }
}

import type { ApiEvent, ApiEventType, EventOf, RunSummary } from '../../../src/shared/api'
import type { Piece } from '../../../src/shared/music/piece'

/** A tiny event hub standing in for the transport's event channel (tests emit what main would push). */
export class FakeEvents {
  private listeners = new Map<string, Set<(e: any) => void>>()
  on<T extends ApiEventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
    const set = this.listeners.get(type) ?? new Set()
    set.add(listener)
    this.listeners.set(type, set)
    return () => set.delete(listener)
  }
  emit(e: ApiEvent): void {
    for (const l of this.listeners.get(e.type) ?? []) l(e)
  }
  count(type: ApiEventType): number {
    return this.listeners.get(type)?.size ?? 0
  }
}

/** A run summary with defaults. */
export function runSummary(p: Partial<RunSummary> & { id: string }): RunSummary {
  return {
    name: p.id,
    datasetId: 'ds1',
    preset: 'small',
    backend: 'wasm',
    status: 'created',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    step: 0,
    epoch: 0,
    epochs: 10,
    lastLosses: null,
    ...p
  }
}

/** A one-note piece whose pitch tells pieces apart. */
export function tinyPiece(title: string, pitch: number): Piece {
  return {
    title,
    ppq: 480,
    tempos: [],
    timeSignatures: [],
    tracks: [
      {
        name: 'p',
        family: 1,
        program: 0,
        isDrum: false,
        notes: [{ pitch, start: 0, duration: 480, velocity: 90 }]
      }
    ]
  }
}

import type { ComposerApi, PieceSummary } from '@shared/api'
import type { Piece } from '@shared/music/piece'
import { withAllFamilies } from '@shared/music/merge'
import { EditorState } from '../../features/piano-roll/EditorState.svelte'
import { PlaybackState } from '../../audio/PlaybackState.svelte'
import { AnalysisState } from './AnalysisState.svelte'
import { GenerateState } from './GenerateState.svelte'
import { SearchState } from './SearchState.svelte'
import { clearDraft, readDraft, writeDraft, type DraftStore } from './draft'

// The API's piece schema narrows some fields (time-signature denominators); main validates the rest.
type SavedPiece = Parameters<ComposerApi['pieces']['update']>[0]['piece']

/** Options of a ComposeSession. */
export interface ComposeSessionOptions {
  /** Ask the composer a yes/no question (replacing unsaved changes). */
  confirm: (question: string) => boolean
  /** Where the draft is kept (the browser's localStorage by default). */
  drafts: DraftStore
  /** Milliseconds after an edit before the draft is written. */
  draftDelayMs: number
  /** Told after a generation came back from the engine (the frame's status bar names the backend). */
  engineUsed: () => void
}

/**
 * The open piece of the Compose view and everything about it, kept by the frame across view switches: the editor
 * with its undo history, playback, metrics, the generate panel, which library piece it is, whether it has unsaved
 * changes, and an autosaved draft that a reload or a crash gets back.
 */
export class ComposeSession {
  readonly editor = new EditorState()
  readonly playback = new PlaybackState()
  readonly analysis = new AnalysisState()
  readonly gen: GenerateState
  /** Regenerate bars, continue, nearest training music (results kept with the piece's session). */
  readonly search: SearchState
  /** The library piece this is (null: never saved). */
  savedId = $state<string | null>(null)
  /** The committed piece as last opened, generated or saved: edited while the editor's differs. */
  private clean = $state.raw<Piece | null>(null)
  /** The latest library pieces (the Open list). */
  library = $state.raw<PieceSummary[]>([])
  /** Made and filled once (the draft or the example); later mounts of the view find it as it was. */
  started = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly opts: ComposeSessionOptions

  constructor(
    private readonly api: ComposerApi,
    opts: Partial<ComposeSessionOptions> = {}
  ) {
    this.opts = { ...ComposeSession.getDefaults(), ...opts }
    this.clean = this.editor.base
    this.gen = new GenerateState(api, (piece) => this.open(piece, { fit: true }), {
      beforeReplace: () => this.mayReplace(),
      engineUsed: () => this.opts.engineUsed()
    })
    this.search = new SearchState(api, {
      piece: () => this.editor.base,
      modelId: () => this.gen.modelId,
      threshold: () => this.gen.threshold,
      binarizing: () => ({
        velocity: this.gen.velocity,
        transpose: this.gen.transpose,
        ...(this.gen.familyThresholds ? { familyThresholds: [...this.gen.familyThresholds] } : {})
      }),
      apply: (piece) => this.editor.commit(withAllFamilies(piece))
    })
  }

  /** window.confirm, localStorage, 400 ms, nobody told of the engine. */
  static getDefaults(): ComposeSessionOptions {
    return {
      confirm: (q) => window.confirm(q),
      drafts: globalThis.localStorage,
      draftDelayMs: 400,
      engineUsed: () => {}
    }
  }

  /** Whether the piece was edited since it was opened, generated or saved. */
  get dirty(): boolean {
    void this.editor.revision
    return this.editor.base !== this.clean
  }

  /** True when nothing unsaved would be lost, or the composer agrees to lose it. */
  mayReplace(): boolean {
    return (
      !this.dirty ||
      this.opts.confirm(`Replace “${this.editor.base.title}”? Its unsaved changes will be lost.`)
    )
  }

  /** Open a piece as a fresh document (clears undo); `savedId` when it is a library piece. */
  open(piece: Piece, o: { savedId?: string | null; fit?: boolean } = {}): void {
    this.editor.load(withAllFamilies(piece))
    this.savedId = o.savedId ?? null
    this.clean = this.editor.base
    if (o.fit) this.editor.fit()
    this.changed()
  }

  /** After every committed change: write the draft a moment later. */
  changed(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.flush(), this.opts.draftDelayMs)
  }

  /** Write the draft now (also before the page goes away). */
  flush(): void {
    clearTimeout(this.timer)
    writeDraft(this.opts.drafts, {
      piece: this.editor.base,
      savedId: this.savedId,
      dirty: this.dirty
    })
  }

  /** Open the autosaved draft, if any; false when there is none. */
  restoreDraft(): boolean {
    const d = readDraft(this.opts.drafts)
    if (!d) return false
    this.editor.load(withAllFamilies(d.piece))
    this.savedId = d.savedId
    this.clean = d.dirty ? null : this.editor.base
    this.editor.fit()
    return true
  }

  /** Rename the piece (one undo step). */
  rename(title: string): void {
    const t = title.trim().slice(0, 200)
    if (t && t !== this.editor.base.title) this.editor.commit({ ...this.editor.base, title: t })
  }

  /** Save into its library piece, or as a new one when it has none (or `asNew`). */
  async save(asNew = false): Promise<{ id: string; title: string } | undefined> {
    const piece = this.editor.base
    let saved: { id: string; title: string } | undefined
    if (this.savedId && !asNew) {
      const id = this.savedId
      saved = await this.gen.guard(() =>
        this.api.pieces.update({ id, title: piece.title, piece: piece as SavedPiece })
      )
    } else saved = await this.gen.save(piece)
    if (!saved) return undefined
    this.savedId = saved.id
    this.clean = piece
    this.flush()
    return saved
  }

  /** Open a library piece (asks first when there are unsaved changes). */
  async openSaved(id: string): Promise<void> {
    if (!this.mayReplace()) return
    const r = await this.gen.guard(() => this.api.pieces.get({ id }))
    if (!r) return
    this.gen.picked = -1
    this.open({ ...r.piece, title: r.title }, { savedId: id, fit: true })
  }

  /** Read the latest library pieces into `library`. */
  async listLibrary(): Promise<void> {
    const r = await this.gen.guard(() => this.api.pieces.list({ sort: 'updated', order: 'desc' }))
    if (r) this.library = r.items
  }

  /** Forget the draft (after the piece is closed on purpose). */
  discardDraft(): void {
    clearDraft(this.opts.drafts)
  }

  /** Stop playback and timers (the view went away; the session stays). */
  pause(): void {
    this.flush()
    this.playback.stop()
  }
}

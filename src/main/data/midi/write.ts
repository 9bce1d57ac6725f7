// The SMF writer is pure TypeScript shared with the renderer (Compose exports); main's importers keep this path.
export { writeMidi, type ExportOptions } from '../../../shared/midi/write'

import type { CliCommand } from './command'
import { serveCommand } from './serve'

/** Every CLI command; each engineer adds theirs here (one import, one entry). */
export const COMMANDS: CliCommand[] = [serveCommand]

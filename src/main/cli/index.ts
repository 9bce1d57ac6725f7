import type { CliCommand } from './command'

/** Every CLI command; each engineer adds theirs here (one import, one entry). */
export const COMMANDS: CliCommand[] = []

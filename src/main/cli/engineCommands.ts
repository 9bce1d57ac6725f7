import type { CliCommand } from './command'
import { trainCommand } from './train'
import { generateCommand } from './generate'
import { evaluateCommand } from './evaluate'

/** The engine's CLI commands (train, generate, evaluate), listed in COMMANDS by index.ts. */
export const ENGINE_COMMANDS: CliCommand[] = [trainCommand, generateCommand, evaluateCommand]

import type { CliCommand } from './command'
import { trainCommand } from './train'
import { generateCommand } from './generate'
import { evaluateCommand } from './evaluate'
import { continueCommand, inpaintCommand } from './latent'
import { nearestCommand } from './nearest'

/** The engine's CLI commands (train, generate, evaluate, inpaint, continue, nearest), listed in COMMANDS by index.ts. */
export const ENGINE_COMMANDS: CliCommand[] = [
  trainCommand,
  generateCommand,
  evaluateCommand,
  inpaintCommand,
  continueCommand,
  nearestCommand
]

// The command-line entry: `bytes-to-beats <command>`; runs under plain Node, never imports electron.
import { COMMANDS } from './cli/index'

function help(): void {
  console.log('usage: bytes-to-beats <command> [options]\n\ncommands:')
  for (const c of COMMANDS) console.log(`  ${c.name.padEnd(16)} ${c.summary}`)
  console.log('\nrun `bytes-to-beats <command> --help` for the options of one command')
}

/** Run the CLI with argv (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help') {
    help()
    return 0
  }
  // Two-word commands ("dataset stats") are registered with their full name.
  const command =
    COMMANDS.find((c) => c.name === `${name} ${rest[0]}`) ?? COMMANDS.find((c) => c.name === name)
  if (!command) {
    console.error(`unknown command: ${name} (run bytes-to-beats help)`)
    return 2
  }
  const args = command.name.includes(' ') ? rest.slice(1) : rest
  if (args.includes('--help')) {
    console.log(command.usage)
    return 0
  }
  try {
    return await command.run(args)
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}

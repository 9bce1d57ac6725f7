// The command-line entry: `bytes-to-beats <command>`; runs under plain Node, never imports electron.
export async function main(argv: string[]): Promise<number> {
  const [command] = argv
  if (!command || command === 'help' || command === '--help') {
    console.log('usage: bytes-to-beats <command> [options]')
    return 0
  }
  console.error(`unknown command: ${command}`)
  return 2
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}

import { COMMANDS } from './commands';

function help(): string {
  const lines = COMMANDS.map(
    (c) => `  ${c.name.padEnd(26)} ${c.summary}${c.usage ? `\n  ${' '.repeat(26)} ${c.usage}` : ''}`,
  );
  return `Usage: npm run harbour -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** `harbour <command>`: the longest command name that the arguments start with wins. */
async function main(argv: string[]) {
  const command = [...COMMANDS]
    .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
    .find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (!command || argv.includes('--help')) {
    process.stdout.write(help());
    process.exitCode = command || argv.length === 0 || argv.includes('--help') ? 0 : 2;
    return;
  }
  await command.run(argv.slice(command.name.split(' ').length));
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`harbour: ${error.message}\n`);
  process.exit(1);
});

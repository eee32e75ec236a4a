import { contactSealer, createModuleRegistry, loadConfig, resolveMasterKey } from '@harbour/api';
import { loadDemo } from '@harbour/synth';
import { openCliContext } from '../context';
import type { Command } from './types';

export const demoCommand: Command = {
  name: 'demo',
  summary:
    "load a demo Idva service and a young people's service with 18 months of synthetic cases and print their logins",
  usage: '[--seed <text>]',
  async run(args) {
    const seedAt = args.indexOf('--seed');
    const seed = seedAt >= 0 ? args[seedAt + 1] : undefined;
    const config = loadConfig();
    // the server's own master key: the demo's follow-up contacts are sealed as the API seals them
    const masterKey = resolveMasterKey(config, (message) => process.stdout.write(`${message}\n`));
    const ctx = await openCliContext();
    try {
      const result = await loadDemo({
        ownerUrl: ctx.ownerUrl,
        registry: createModuleRegistry({ textPackFile: config.textPackFile }),
        sealer: contactSealer(masterKey),
        ...(seed ? { seed } : {}),
        log: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(
        `\n${result.serviceName}: ${result.cases} synthetic cases over ${result.period.from} to ${result.period.to}` +
          ` (${result.services} services in all, with a demo young people's service).\nSign in at http://localhost:3000 (npm start) with:\n`,
      );
      for (const login of result.logins) {
        process.stdout.write(`  ${login.role.padEnd(12)} ${login.email.padEnd(34)} ${login.password}\n`);
      }
      process.stdout.write('Every record is synthetic. Running the demo again gives these logins new passwords.\n');
    } finally {
      await ctx.close();
    }
  },
};

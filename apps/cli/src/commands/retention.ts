import { runRetention } from '@harbour/api';
import { options } from '../args';
import { openCliContext } from '../context';
import type { Command } from './types';

export const retentionCommand: Command = {
  name: 'retention',
  summary: 'delete cases closed longer ago than each service keeps them (default 6 years); audited',
  usage: 'npm run harbour -- retention [--dry-run]',
  async run(args) {
    const values = options(args, { 'dry-run': { type: 'boolean' } });
    const context = await openCliContext();
    try {
      const report = await runRetention(context.owner, { now: new Date(), dryRun: values['dry-run'] === true });
      const verb = report.dryRun ? 'Would delete' : 'Deleted';
      for (const s of report.services) {
        process.stdout.write(
          `${verb} ${s.cases} cases closed before ${s.closedBefore} (${s.retentionYears} years) in service ${s.serviceId}: ` +
            `${s.responses} responses, ${s.links} client links, ${s.idempotencyKeys} idempotency keys\n`,
        );
      }
      if (report.services.length === 0) process.stdout.write('No case is past its retention period.\n');
    } finally {
      await context.close();
    }
  },
};

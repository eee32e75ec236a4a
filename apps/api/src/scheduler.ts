import type { Db } from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import { runRetention } from './retention/run-retention';

export type ScheduledJob = {
  name: string;
  everyMs: number;
  run(deps: { app: FastifyInstance; ownerDb: Db }): Promise<void>;
};

/** Jobs the server runs on a timer (retention, expired sessions). Register new ones here. */
export const JOBS: ScheduledJob[] = [
  {
    name: 'expired-sessions',
    everyMs: 15 * 60_000,
    async run({ app, ownerDb }) {
      const cutoff = new Date(app.clock().getTime() - app.config.session.absoluteMs);
      await ownerDb.deleteFrom('sessions').where('created_at', '<', cutoff).execute();
    },
  },
  {
    name: 'retention',
    everyMs: 24 * 60 * 60_000,
    async run({ app, ownerDb }) {
      const report = await runRetention(ownerDb, { now: app.clock() });
      app.log.info(
        { services: report.services.length, cases: report.services.reduce((n, s) => n + s.cases, 0) },
        'retention ran',
      );
    },
  },
];

// Each job also runs shortly after start, so a server restarted more often than a job's
// interval (daily deploys, a daily retention job) still runs it.
const FIRST_RUN_DELAY_MS = 60_000;

export function startScheduler(
  deps: { app: FastifyInstance; ownerDb: Db },
  jobs = JOBS,
  firstRunDelayMs = FIRST_RUN_DELAY_MS,
) {
  const run = (job: ScheduledJob) => () => {
    job.run(deps).catch((err) => deps.app.log.error({ err, job: job.name }, 'scheduled job failed'));
  };
  const timers = jobs.flatMap((job) => [
    setTimeout(run(job), firstRunDelayMs).unref(),
    setInterval(run(job), job.everyMs).unref(),
  ]);
  return {
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

import type { Db } from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import { runDigests } from './follow-up/digest';
import { runFollowUps } from './follow-up/run-follow-ups';
import { runRetention } from './retention/run-retention';

export type ScheduledJob = {
  name: string;
  everyMs: number;
  run(deps: { app: FastifyInstance; ownerDb: Db }): Promise<void>;
};

/** Jobs the server runs on a timer (retention, expired sessions, follow-ups). Register new ones here. */
export const JOBS: ScheduledJob[] = [
  {
    // often enough to find each client's safe time of day
    name: 'follow-ups',
    everyMs: 15 * 60_000,
    async run({ app }) {
      const run = await runFollowUps({
        db: app.db,
        keyring: app.keyring,
        messenger: app.messenger,
        publicUrl: app.publicUrl(),
        now: app.clock(),
      });
      if (run.sent || run.ended) app.log.info(run, 'follow-ups ran');
    },
  },
  {
    // each subscriber's digest goes out on the first run after 07:00 UK time
    name: 'digest',
    everyMs: 15 * 60_000,
    async run({ app }) {
      const run = await runDigests({
        db: app.db,
        registry: app.registry,
        messenger: app.messenger,
        publicUrl: app.publicUrl(),
        now: app.clock(),
      });
      if (run.sent) app.log.info(run, 'digests sent');
    },
  },
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

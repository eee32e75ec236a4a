import { startScheduler } from '../src/scheduler';

test('each job runs soon after start and then on its interval, and stops when told', async () => {
  const runs: string[] = [];
  const deps = { app: { log: { error: () => undefined } }, ownerDb: {} } as never;
  const scheduler = startScheduler(deps, [{ name: 'probe', everyMs: 40, run: async () => void runs.push('probe') }], 5);
  await new Promise((resolve) => setTimeout(resolve, 100));
  scheduler.stop();
  const seen = runs.length;
  expect(seen).toBeGreaterThanOrEqual(2);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(runs.length).toBe(seen);
});

/**
 * Case-file audits through HTTP: a sample is random and per worker, of cases closed in the
 * period; scores add up in the summary and the dashboard; the worker reads the feedback on their
 * own files only; the feedback is sealed at rest; nothing of it reaches national data.
 */
import { type Fixture, insertFixture } from '../../../packages/reports/test/fixture';
import { buildTestApp, type TestApp } from '../../../test/helpers/app';
import { signInFixtureUsers } from '../../../test/helpers/fixture-users';

let t: TestApp;
let f: Fixture;
let cookies: Record<string, string>;

type Audit = {
  id: string;
  caseId: string;
  workerId: string;
  reference: string;
  feedback: string | null;
  scores: Record<string, number | null>;
};

const send = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who] as string }, ...(payload ? { payload } : {}) });

const PERIOD = { from: '2025-04-01', to: '2026-03-31' };

beforeAll(async () => {
  t = await buildTestApp();
  f = await insertFixture(t.owner);
  cookies = await signInFixtureUsers(t, f, ['MA', 'MB', 'A1', 'A2']);
}, 60_000);
afterAll(async () => t.close());

describe('case-file audits', () => {
  it('draws per worker a random sample of the cases they closed in the period', async () => {
    // Closed in the period: A1's P1–P11 and O1–O3 (14); no other worker of A closed one.
    const closedByA1 = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11', 'O1', 'O2', 'O3'].map(
      (name) => f.caseIds[name],
    );
    const drawn = new Set<string>();
    for (let i = 0; i < 12; i += 1) {
      const response = await send('MA', 'POST', '/api/v1/audits/samples', { ...PERIOD, perWorker: 3 });
      expect(response.statusCode).toBe(201);
      const audits: Audit[] = response.json().audits;
      expect(audits).toHaveLength(3);
      for (const a of audits) {
        expect(a.workerId).toBe(f.users.A1);
        expect(closedByA1).toContain(a.caseId);
      }
      expect(new Set(audits.map((a) => a.caseId)).size).toBe(3);
      drawn.add(
        audits
          .map((a) => a.caseId)
          .sort()
          .join(','),
      );
    }
    // 364 possible samples of 3 from 14: twelve draws that were not random would repeat.
    expect(drawn.size).toBeGreaterThan(6);
    const bad = await send('MA', 'POST', '/api/v1/audits/samples', { ...PERIOD, perWorker: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('perWorker');
  });

  it('scores files by theme, seals the feedback, and adds the scores up in the summary and the dashboard', async () => {
    const sample = (await send('MA', 'POST', '/api/v1/audits/samples', { ...PERIOD, perWorker: 2 })).json();
    const [first, second] = sample.audits as Audit[];
    const scored = await send('MA', 'PUT', `/api/v1/audits/${first?.id}`, {
      scores: { risk_assessed_reviewed: 4, safety_plan: 3, voice_of_child: 1, fathers_male_carers: null },
      feedback: "Good risk review; the child's own account is missing from the file.",
    });
    expect(scored.statusCode).toBe(200);
    expect(scored.json()).toMatchObject({
      scores: { risk_assessed_reviewed: 4, voice_of_child: 1 },
      feedback: expect.stringContaining("child's own account"),
    });
    await send('MA', 'PUT', `/api/v1/audits/${second?.id}`, {
      scores: { risk_assessed_reviewed: 2, voice_of_child: 2 },
    });
    const outOfRange = await send('MA', 'PUT', `/api/v1/audits/${second?.id}`, { scores: { safety_plan: 5 } });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.body).toContain('safety_plan');

    const stored = await t.owner
      .selectFrom('case_audits')
      .select('feedback_sealed')
      .where('id', '=', first?.id as string)
      .executeTakeFirstOrThrow();
    expect(stored.feedback_sealed).not.toContain('account');

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(t.app.clock());
    const summary = (await send('MA', 'GET', `/api/v1/audits/summary?from=2020-01-01&to=${today}`)).json();
    const theme = (key: string) => summary.themes.find((x: { theme: string }) => x.theme === key);
    expect(summary.files).toBe(2);
    expect(theme('risk_assessed_reviewed')).toMatchObject({ mean: 3, files: 2 }); // (4 + 2) / 2
    expect(theme('voice_of_child')).toMatchObject({ mean: 1.5, files: 2 });
    expect(theme('safety_plan')).toMatchObject({ mean: 3, files: 1 });
    expect(theme('fathers_male_carers')).toMatchObject({ mean: null, files: 0 }); // not applicable
    expect(summary.byWorker).toEqual([expect.objectContaining({ workerId: f.users.A1, files: 2 })]);

    const dashboard = (await send('MA', 'GET', '/api/v1/dashboard')).json();
    expect(
      dashboard.audits.year.themes.find((x: { theme: string }) => x.theme === 'risk_assessed_reviewed'),
    ).toMatchObject({ mean: 3, files: 2 });
    const page = await send('MA', 'GET', '/dashboard');
    expect(page.body).toContain('Case-file audits');
  });

  it('shows a worker the feedback on their own files only, and other services nothing', async () => {
    const mine: Audit[] = (await send('A1', 'GET', '/api/v1/audits/mine')).json();
    expect(mine).toHaveLength(2);
    expect(mine.map((a) => a.feedback)).toContain(
      "Good risk review; the child's own account is missing from the file.",
    );
    expect((await send('A2', 'GET', '/api/v1/audits/mine')).json()).toEqual([]);
    // A practitioner cannot draw, score or read the summary.
    expect((await send('A1', 'POST', '/api/v1/audits/samples', { ...PERIOD, perWorker: 1 })).statusCode).toBe(403);
    expect((await send('A1', 'PUT', `/api/v1/audits/${mine[0]?.id}`, { scores: { safety_plan: 4 } })).statusCode).toBe(
      403,
    );
    expect((await send('MB', 'GET', '/api/v1/audits/summary?from=2020-01-01&to=2030-01-01')).json().files).toBe(0);
    expect((await send('MB', 'PUT', `/api/v1/audits/${mine[0]?.id}`, { scores: { safety_plan: 4 } })).statusCode).toBe(
      404,
    );
  });

  it('draws the sample per worker: each worker who closed cases gets their own, and their scores are summed apart', async () => {
    // A2 closes H2 and H3 in the period: now two workers have closed files.
    await t.owner
      .updateTable('cases')
      .set({ status: 'closed', closed_at: '2025-12-01' })
      .where('id', 'in', [f.caseIds.H2 as string, f.caseIds.H3 as string])
      .execute();
    const sample = await send('MA', 'POST', '/api/v1/audits/samples', { ...PERIOD, perWorker: 2 });
    expect(sample.statusCode).toBe(201);
    const audits: Audit[] = sample.json().audits;
    const ofA2 = audits.filter((a) => a.workerId === f.users.A2);
    expect(audits.filter((a) => a.workerId === f.users.A1)).toHaveLength(2);
    expect(ofA2.map((a) => a.caseId).sort()).toEqual([f.caseIds.H2, f.caseIds.H3].sort());
    expect(audits).toHaveLength(4);

    await send('MA', 'PUT', `/api/v1/audits/${ofA2[0]?.id}`, { scores: { risk_assessed_reviewed: 1, safety_plan: 2 } });
    const summary = (await send('MA', 'GET', '/api/v1/audits/summary?from=2020-01-01&to=2030-01-01')).json();
    const byWorker = (id: string) => summary.byWorker.find((w: { workerId: string }) => w.workerId === id);
    const themeOf = (worker: { themes: { theme: string; mean: number | null }[] }, key: string) =>
      worker.themes.find((x) => x.theme === key)?.mean;
    expect(byWorker(f.users.A1)).toMatchObject({ files: 2 });
    expect(byWorker(f.users.A2)).toMatchObject({ files: 1 });
    expect(themeOf(byWorker(f.users.A2), 'risk_assessed_reviewed')).toBe(1);
    expect(themeOf(byWorker(f.users.A1), 'risk_assessed_reviewed')).toBe(3);
    // The service's mean is over all three files: (4 + 2 + 1) / 3.
    const theme = summary.themes.find((x: { theme: string }) => x.theme === 'risk_assessed_reviewed');
    expect(theme).toMatchObject({ files: 3, mean: 2.33 });
  });
});

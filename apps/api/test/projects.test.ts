/**
 * Funders and projects through HTTP: a project takes its workers' and roles' cases opened
 * within its dates and the cases assigned to it on the case; every report, its CSV and the
 * dashboard filtered by it count exactly those cases, with the sections of its template.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { type Fixture, insertFixture, PERIOD } from '../../../packages/reports/test/fixture';
import { buildTestApp, type TestApp } from '../../../test/helpers/app';
import { signInFixtureUsers } from '../../../test/helpers/fixture-users';

let t: TestApp;
let f: Fixture;
let cookies: Record<string, string>;
const period = `from=${PERIOD.from}&to=${PERIOD.to}`;

type Figure = { key: string; value: number | null };
type Report = { sections: { key: string; figures: Figure[] }[]; findings: unknown[] };

const send = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who] as string }, ...(payload ? { payload } : {}) });
const value = (report: Report, section: string, key: string) =>
  report.sections.find((s) => s.key === section)?.figures.find((x) => x.key === key)?.value;

/** The project's cases opened in the period, counted straight from the tables. */
async function openedInProject(projectId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from cases x
    join projects p on p.id = ${projectId}::uuid and p.service_id = x.service_id
    where x.opened_at between ${PERIOD.from}::date and ${PERIOD.to}::date
      and (x.project_id = p.id or (x.project_id is null and x.opened_at between p.starts_on and coalesce(p.ends_on, 'infinity')
        and exists (select 1 from project_rules r where r.project_id = p.id
          and (r.worker_id = x.worker_id or r.practitioner_role = x.practitioner_role))))`.execute(t.owner);
  return rows[0]?.n ?? -1;
}

let health: string;

beforeAll(async () => {
  t = await buildTestApp();
  f = await insertFixture(t.owner);
  cookies = await signInFixtureUsers(t, f, ['MA', 'MB']);
}, 60_000);
afterAll(async () => t.close());

describe('projects', () => {
  it("defines a project by worker, with a report template, and refuses another service's workers", async () => {
    const stranger = await send('MA', 'POST', '/api/v1/projects', {
      name: 'Health grant',
      startsOn: '2025-04-01',
      workerIds: [f.users.B1],
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().details[0].pointer).toBe('/workerIds');
    const badSection = await send('MA', 'POST', '/api/v1/projects', {
      name: 'Health grant',
      startsOn: '2025-04-01',
      sections: ['headline', 'horoscope'],
    });
    expect(badSection.statusCode).toBe(422);
    expect(badSection.json().details).toEqual([
      { pointer: '/sections', message: 'has sections no report has: horoscope' },
    ]);

    const created = await send('MA', 'POST', '/api/v1/projects', {
      name: 'Health grant',
      funder: 'Integrated Care Board',
      startsOn: '2025-04-01',
      endsOn: '2026-03-31',
      sections: ['headline', 'outcomes'],
      workerIds: [f.users.A2],
    });
    expect(created.statusCode).toBe(201);
    health = created.json().id;
    expect((await send('MA', 'GET', '/api/v1/projects')).json()).toEqual([
      expect.objectContaining({ id: health, name: 'Health grant', workerIds: [f.users.A2], practitionerRoles: [] }),
    ]);
    // The other service sees none of it.
    expect((await send('MB', 'GET', '/api/v1/projects')).json()).toEqual([]);
  });

  it("filters the report to exactly the project's cases, case-by-case assignments included", async () => {
    // A2's H1–H6 were opened on 2025-06-01, within the project's dates.
    let report: Report = (await send('MA', 'GET', `/api/v1/reports/service?${period}&projectId=${health}`)).json();
    expect(value(report, 'headline', 'cases_opened')).toBe(6);
    expect(await openedInProject(health)).toBe(6);
    expect(report.sections.map((s) => s.key)).toEqual(['headline', 'outcomes']);

    for (const name of ['P1', 'P2']) {
      const assigned = await send('MA', 'PUT', `/api/v1/cases/${f.caseIds[name]}/project`, { projectId: health });
      expect(assigned.statusCode).toBe(200);
    }
    report = (await send('MA', 'GET', `/api/v1/reports/service?${period}&projectId=${health}`)).json();
    expect(value(report, 'headline', 'cases_opened')).toBe(8);
    expect(await openedInProject(health)).toBe(8);
    expect(value(report, 'headline', 'cases_open')).toBe(8); // H1–H6, P1 and P2
    // Without the filter, the whole service.
    const all: Report = (await send('MA', 'GET', `/api/v1/reports/service?${period}`)).json();
    expect(value(all, 'headline', 'cases_opened')).toBe(21);

    const csv = parse(
      (await send('MA', 'GET', `/api/v1/reports/service?${period}&projectId=${health}&format=csv`)).body,
      {
        columns: true,
      },
    ) as Record<string, string>[];
    expect(new Set(csv.map((r) => r.section))).toEqual(new Set(['headline', 'outcomes']));
    expect(csv.find((r) => r.key === 'cases_opened')?.value).toBe('8');

    const dashboard = (await send('MA', 'GET', `/api/v1/dashboard?asOf=2026-04-01&projectId=${health}`)).json();
    expect(dashboard.measures.find((m: { key: string }) => m.key === 'cases_opened').year.value).toBe(8);

    // Back to its worker's projects: P1's worker (A1) is in none.
    await send('MA', 'PUT', `/api/v1/cases/${f.caseIds.P1}/project`, { projectId: null });
    report = (await send('MA', 'GET', `/api/v1/reports/service?${period}&projectId=${health}&format=json`)).json();
    expect(value(report, 'headline', 'cases_opened')).toBe(7);
    expect(await openedInProject(health)).toBe(7);
  });

  it('takes the cases of a practitioner role opened within its dates, not those assigned elsewhere', async () => {
    const created = await send('MA', 'POST', '/api/v1/projects', {
      name: 'Idva core',
      startsOn: '2025-04-01',
      practitionerRoles: ['idva'],
    });
    const idva = created.json().id;
    // Idva cases opened in the period: P1–P12, H1–H6 and D1 (19), less P2, assigned to the
    // health grant on the case. O1–O3 and E1 were opened before the project started.
    const report: Report = (await send('MA', 'GET', `/api/v1/reports/service?${period}&projectId=${idva}`)).json();
    expect(value(report, 'headline', 'cases_opened')).toBe(18);
    expect(await openedInProject(idva)).toBe(18);
  });

  it('changes a project: its dates, workers, roles and sections, with the same checks as defining one', async () => {
    const sections = (await send('MA', 'GET', '/api/v1/reports/sections')).json() as { key: string; title: string }[];
    expect(sections.slice(0, 2)).toEqual([
      { key: 'headline', title: 'Headline' },
      { key: 'referrals', title: 'Referral routes' },
    ]);
    const body = {
      name: 'Health and outreach grant',
      funder: 'Integrated Care Board',
      startsOn: '2025-04-01',
      endsOn: '2026-03-31',
      sections: ['headline'],
      workerIds: [f.users.A2],
      practitionerRoles: ['outreach'],
    };
    const late = await send('MA', 'PUT', `/api/v1/projects/${health}`, { ...body, endsOn: '2025-01-01' });
    expect(late.statusCode).toBe(422);
    expect(late.json().details).toEqual([{ pointer: '/endsOn', message: 'must not be before startsOn' }]);
    const stranger = await send('MA', 'PUT', `/api/v1/projects/${health}`, { ...body, workerIds: [f.users.B1] });
    expect(stranger.json().details[0].pointer).toBe('/workerIds');
    // Another service's manager cannot change it, and learns nothing of it.
    expect((await send('MB', 'PUT', `/api/v1/projects/${health}`, body)).statusCode).toBe(404);

    const changed = await send('MA', 'PUT', `/api/v1/projects/${health}`, body);
    expect(changed.statusCode).toBe(200);
    const listed = (await send('MA', 'GET', '/api/v1/projects')).json().find((p: { id: string }) => p.id === health);
    expect(listed).toEqual({ id: health, ...body });
    // H1–H6 (A2), S1–S2 (outreach, A3) and P2 (assigned on the case); P1 went back to its worker's.
    const report: Report = (await send('MA', 'GET', `/api/v1/reports/service?${period}&projectId=${health}`)).json();
    expect(value(report, 'headline', 'cases_opened')).toBe(9);
    expect(await openedInProject(health)).toBe(9);
    expect(report.sections.map((s) => s.key)).toEqual(['headline']);
    const audited = await t.owner
      .selectFrom('audit_log')
      .select('action')
      .where('object_id', '=', health)
      .where('action', '=', 'project.update')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it("refuses another service's project, naming the field", async () => {
    const theirs = await send('MB', 'POST', '/api/v1/projects', { name: 'South grant', startsOn: '2025-04-01' });
    const theirId = theirs.json().id;
    expect((await send('MA', 'GET', `/api/v1/reports/service?${period}&projectId=${theirId}`)).statusCode).toBe(404);
    const assign = await send('MA', 'PUT', `/api/v1/cases/${f.caseIds.P3}/project`, { projectId: theirId });
    expect(assign.statusCode).toBe(422);
    expect(assign.json().details).toEqual([{ pointer: '/projectId', message: 'is not a project of the service' }]);
  });
});

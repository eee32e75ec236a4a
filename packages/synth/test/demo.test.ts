import { createModuleRegistry } from '@harbour/api';
import { createDb } from '@harbour/db';
import { buildReportModel } from '@harbour/reports';
import { DEMO_LOCAL_AUTHORITY, loadCensus, loadDemo } from '@harbour/synth';
import { verify } from '@node-rs/argon2';
import pg from 'pg';
import { openContact } from '../../../apps/api/src/follow-up/contact';
import type { FollowUpContactsTable } from '../../../apps/api/src/follow-up/tables';
import { testContactSealer, testKeyring } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

const registry = createModuleRegistry();

describe('loadDemo', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it('loads a demo service with logins, modules for part of the period, and an under-reached group', async () => {
    const result = await loadDemo({
      ownerUrl: database.ownerUrl,
      registry,
      sealer: testContactSealer(),
      today: '2026-06-30',
      otherServices: 3,
    });
    expect(result.created).toBe(true);
    expect(result.period).toEqual({ from: '2024-12-31', to: '2026-06-30' });
    expect(result.logins.map((l) => l.role).sort()).toEqual([
      'manager',
      'practitioner',
      'practitioner',
      'practitioner',
    ]);

    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      const manager = result.logins.find((l) => l.role === 'manager');
      const stored = await client.query<{ password_hash: string }>('select password_hash from users where email = $1', [
        manager?.email,
      ]);
      expect(stored.rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verify(stored.rows[0]?.password_hash as string, manager?.password as string)).toBe(true);

      const demoCases = await client.query<{ n: number; opened_from: string }>(
        'select count(*)::int as n, min(opened_at)::text as opened_from from cases where service_id = $1',
        [result.serviceId],
      );
      expect(demoCases.rows[0]?.n).toBeGreaterThan(300);
      expect(String(demoCases.rows[0]?.opened_from) >= result.period.from).toBe(true);

      // mental-health forms only in the last 12 months
      const mh = await client.query<{ first: string }>(
        `select min(c.opened_at)::text as first from responses r join cases c on c.id = r.case_id
         where r.service_id = $1 and r.form_key = 'mental-health.intake'`,
        [result.serviceId],
      );
      expect(String(mh.rows[0]?.first) >= '2025-06-30').toBe(true);

      // the demo reaches Asian clients far below Leicester's population share
      const ethnicity = await client.query<{ asian: number; known: number }>(
        `select count(*) filter (where answers->>'ethnicity' like 'asian%')::int as asian,
                count(*) filter (where answers->>'ethnicity' not in ('not_known', 'prefer_not_to_say'))::int as known
         from responses where service_id = $1 and form_key = 'core.intake'`,
        [result.serviceId],
      );
      const area = loadCensus().byCode.get(DEMO_LOCAL_AUTHORITY);
      const asianResidents = Object.entries(area?.ethnicity ?? {})
        .filter(([code]) => code.startsWith('asian'))
        .reduce((sum, [, n]) => sum + n, 0);
      const population = asianResidents / (area?.population ?? 1);
      const row = ethnicity.rows[0] as { asian: number; known: number };
      expect(population).toBeGreaterThan(0.4);
      expect(row.asian / row.known).toBeLessThan(population / 2);

      // and the service report finds it
      const managerId = await client.query<{ id: string }>('select id from users where email = $1', [manager?.email]);
      const db = createDb({ url: database.apiUrl, max: 2 });
      try {
        const report = await buildReportModel(db, {
          scope: { kind: 'service', serviceId: result.serviceId },
          period: result.period,
          modules: registry.modules(),
          actor: { userId: managerId.rows[0]?.id as string, role: 'manager' },
        });
        const figures = report.sections.flatMap((s) => s.figures);
        const figure = (key: string) => figures.find((f) => f.key === key);
        const asian = figure('ethnicity_asian');
        expect(asian?.flag?.kind).toBe('under_represented');
        // follow-ups were sent and answered: the sustained-safety figures have clients to count,
        // and the follow-up's response rate is that of links sent, neither nothing nor everyone
        for (const key of ['sustained_safety_1', 'sustained_safety_1_at_exit', 'sustained_safety_2']) {
          expect(figure(key)?.denominator).toBeGreaterThanOrEqual(5);
          expect(figure(key)?.value).not.toBeNull();
        }
        const followUpRate = figure('response_rate_core_client_follow_up');
        expect(followUpRate?.denominator).toBeGreaterThan(50);
        expect(followUpRate?.value).toBeGreaterThan(25);
        expect(followUpRate?.value).toBeLessThan(75);
        for (const form of ['core_client_intake', 'core_client_review', 'core_client_exit']) {
          expect(figure(`response_rate_${form}`)?.value).not.toBeNull();
        }
      } finally {
        await db.destroy();
      }

      // the API opens the contact details the loader sealed, as its own
      const owner = createDb({ url: database.ownerUrl, max: 1 });
      try {
        const contact = await owner
          .withTables<{ follow_up_contacts: FollowUpContactsTable }>()
          .selectFrom('follow_up_contacts')
          .selectAll()
          .where('service_id', '=', result.serviceId)
          .where('consent', '=', true)
          .where('code_word_sealed', 'is not', null)
          .executeTakeFirstOrThrow();
        const opened = await owner.transaction().execute((tx) => openContact(tx, testKeyring(), contact));
        expect(opened.address).toMatch(contact.channel === 'email' ? /@example\.invalid$/ : /^07700900\d{3}$/);
        expect(opened.codeWord).toMatch(/^[a-z]+$/);
      } finally {
        await owner.destroy();
      }

      const again = await loadDemo({
        ownerUrl: database.ownerUrl,
        registry,
        sealer: testContactSealer(),
        today: '2026-06-30',
        otherServices: 3,
      });
      expect(again.created).toBe(false);
      expect(again.serviceId).toBe(result.serviceId);
      const rehashed = await client.query<{ password_hash: string }>(
        'select password_hash from users where email = $1',
        [manager?.email],
      );
      expect(await verify(rehashed.rows[0]?.password_hash as string, again.logins[0]?.password as string)).toBe(true);
    } finally {
      await client.end();
    }
  });
});

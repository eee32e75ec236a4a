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
      'manager',
      'practitioner',
      'practitioner',
      'practitioner',
      'practitioner',
      'practitioner',
    ]);

    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      const manager = result.logins.find((l) => l.role === 'manager' && !l.email.includes('young'));
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

      // the young people's service: young people of 11 to 17 as clients, with their own forms
      const young = await client.query<{
        n: number;
        youngest: number;
        oldest: number;
        own: number;
        under16: number;
        basis: number;
      }>(
        `select count(*)::int as n, min((answers->>'age')::int) as youngest, max((answers->>'age')::int) as oldest,
           count(*) filter (where answers->>'perpetrator_relationship' in ('current_partner', 'ex_partner'))::int as own,
           count(*) filter (where (answers->>'age')::int < 16 and answers->'consent_research' = 'true')::int as under16,
           count(*) filter (where (answers->>'age')::int < 16 and answers->>'consent_basis' in ('parent_carer', 'gillick_competent'))::int as basis
         from responses where service_id = $1 and form_key = 'core.intake'`,
        [result.youngPeopleServiceId],
      );
      const y = young.rows[0] as {
        n: number;
        youngest: number;
        oldest: number;
        own: number;
        under16: number;
        basis: number;
      };
      expect(y.n).toBeGreaterThan(100);
      expect(y.youngest).toBeGreaterThanOrEqual(11);
      expect(y.oldest).toBeLessThanOrEqual(17);
      expect(y.youngest).toBeLessThan(13);
      expect(y.under16).toBe(y.basis);
      const ypForms = await client.query<{ n: number }>(
        `select count(*)::int as n from responses where service_id = $1 and form_key = 'young-people.intake'`,
        [result.youngPeopleServiceId],
      );
      expect(ypForms.rows[0]?.n).toBe(y.n);

      // the children's own questionnaires, at plausible return rates: about a third of children of
      // 8 and over at intake, and most of those again at exit
      const voices = await client.query<{ children: number; intake: number; exit: number; both: number }>(
        `with kids as (
           select r.case_id, c.closed_at, k->>'child_ref' as child_ref
           from responses r join cases c on c.id = r.case_id, jsonb_array_elements(r.answers->'children') k
           where r.form_key = 'children.intake' and (k->>'age')::int >= 8)
         select count(*)::int as children,
           count(*) filter (where exists (select 1 from child_responses v where v.case_id = kids.case_id
             and v.child_ref = kids.child_ref and v.form_key like '%intake'))::int as intake,
           count(*) filter (where exists (select 1 from child_responses v where v.case_id = kids.case_id
             and v.child_ref = kids.child_ref and v.form_key like '%exit'))::int as exit,
           count(*) filter (where (select count(*) from child_responses v where v.case_id = kids.case_id
             and v.child_ref = kids.child_ref) = 2)::int as both
         from kids`,
      );
      const v = voices.rows[0] as { children: number; intake: number; exit: number; both: number };
      expect(v.intake / v.children).toBeGreaterThan(0.25);
      expect(v.intake / v.children).toBeLessThan(0.45);
      expect(v.both).toBeGreaterThan(0);
      expect(v.exit).toBeLessThan(v.intake);

      const youngManager = result.logins.find((l) => l.role === 'manager' && l.email.includes('young'));
      const youngManagerId = await client.query<{ id: string }>('select id from users where email = $1', [
        youngManager?.email,
      ]);
      const ypDb = createDb({ url: database.apiUrl, max: 2 });
      try {
        const report = await buildReportModel(ypDb, {
          scope: { kind: 'service', serviceId: result.youngPeopleServiceId },
          period: result.period,
          modules: registry.modules(),
          actor: { userId: youngManagerId.rows[0]?.id as string, role: 'manager' },
        });
        expect(report.disclosureThreshold).toBe(10);
        const abuse = report.sections.find((s) => s.key === 'young_people_abuse');
        const ownRelationship = abuse?.figures.find((f) => f.key === 'yp_abuse_own_relationship');
        expect(ownRelationship?.value).toBeGreaterThan(20);
        expect(ownRelationship?.benchmark?.label).toBe('National, services with the Young people module');
        expect(ownRelationship?.benchmark?.denominator).toBeGreaterThan(ownRelationship?.denominator as number);
      } finally {
        await ypDb.destroy();
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
    // three young people's services more than the Idva demo alone: twice the default time
  }, 60_000);
});

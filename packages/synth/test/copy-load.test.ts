import { createModuleRegistry } from '@harbour/api';
import { copyCases, datasetCases, insertServices, planDataset } from '@harbour/synth';
import pg from 'pg';
import { testContactSealer } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

const registry = createModuleRegistry();

describe('the COPY loader', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it('writes every generated case with its responses, scores and flags', async () => {
    const plan = planDataset({
      seed: 'copy',
      cases: 1500,
      years: 2,
      today: '2026-06-30',
      practitioners: [3, 6],
      modules: registry.modules(),
    });
    const generated = [...datasetCases(plan)];
    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      await insertServices(client, plan.services);
      const written = await copyCases(client, {
        registry,
        services: plan.services,
        cases: datasetCases(plan),
        sealer: testContactSealer(),
        batchSize: 400,
      });
      expect(written.cases).toBe(generated.length);
      expect(written.responses).toBe(generated.reduce((sum, c) => sum + c.responses.length, 0));

      const counts = await client.query<{ cases: number; responses: number; closed: number; scored: number }>(`
        select (select count(*)::int from cases) as cases,
               (select count(*)::int from responses) as responses,
               (select count(*)::int from cases where status = 'closed') as closed,
               (select count(*)::int from responses where form_key = 'core.client_intake' and scores ? 'who5_percent') as scored`);
      const row = counts.rows[0];
      expect(row?.cases).toBe(written.cases);
      expect(row?.responses).toBe(written.responses);
      expect(row?.closed).toBe(generated.filter((c) => c.closedAt !== null).length);
      expect(row?.scored).toBe(
        generated.filter((c) => c.responses.some((r) => r.formKey === 'core.client_intake')).length,
      );

      const sample = generated[7];
      const stored = await client.query('select reference, opened_at::text, worker_id from cases where id = $1', [
        sample?.id,
      ]);
      expect(stored.rows[0]).toEqual({
        reference: sample?.reference,
        opened_at: sample?.openedAt,
        worker_id: sample?.workerId,
      });
      const intake = await client.query(
        `select answers from responses where case_id = $1 and form_key = 'core.intake'`,
        [sample?.id],
      );
      expect(intake.rows[0]?.answers.referral_source).toBe(sample?.responses[0]?.answers.referral_source);

      const consent = await client.query<{ n: number }>(
        'select count(*)::int as n from cases where consent_research is null',
      );
      expect(consent.rows[0]?.n).toBe(0);

      // the follow-up choice of every closed case, each follow-up sent with its link, and the
      // answers' links used: as the API's scheduler and link page leave them
      const sent = generated.flatMap((c) => c.followUp?.sent ?? []);
      expect(written.followUps).toBe(sent.length);
      const followUps = await client.query<{
        contacts: number;
        agreed: number;
        sealed: number;
        sent: number;
        used: number;
        ended: number;
      }>(`
        select (select count(*)::int from follow_up_contacts) as contacts,
               (select count(*)::int from follow_up_contacts where consent) as agreed,
               (select count(*)::int from follow_up_contacts where address_sealed like 'hb1.%') as sealed,
               (select count(*)::int from follow_ups f join questionnaire_links l
                  on l.service_id = f.service_id and l.id = f.link_id and l.case_id = f.case_id
                  and l.form_key = 'core.client_follow_up' and l.occasion = f.occasion) as sent,
               (select count(*)::int from questionnaire_links where used_at is not null) as used,
               (select count(*)::int from follow_up_contacts where ended_reason = 'unanswered') as ended`);
      const agreed = generated.filter((c) => c.followUp?.choice.consent).length;
      expect(followUps.rows[0]).toEqual({
        contacts: row?.closed,
        agreed,
        sealed: agreed,
        sent: sent.length,
        used: sent.filter((f) => f.answeredOn).length,
        ended: generated.filter((c) => c.followUp?.endedOn).length,
      });
      expect(sent.length).toBeGreaterThan(100);
      const answers = await client.query<{ n: number }>(
        `select count(*)::int as n from responses where form_key = 'core.client_follow_up'`,
      );
      expect(answers.rows[0]?.n).toBe(sent.filter((f) => f.answeredOn).length);
    } finally {
      await client.end();
    }
  });
});

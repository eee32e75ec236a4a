import { examples as core } from '@harbour/module-core';
import { examples as youngPeople } from '@harbour/module-young-people';
import { activateModules, buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  const youth = await seedService(t.owner, 'Riverside Young People');
  const adults = await seedService(t.owner, 'Hillside Idva Service');
  await activateModules(t.owner, youth, ['young-people'], '2025-01-01');
  await seedUser(t.owner, { email: 'yas@example.org', serviceId: youth, role: 'practitioner' });
  await seedUser(t.owner, { email: 'kim@example.org', serviceId: adults, role: 'practitioner' });
  for (const who of ['yas', 'kim']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

const as = (who: string) => ({ cookie: cookies[who] as string });

async function openCase(who: string): Promise<string> {
  const opened = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: as(who),
    payload: { openedAt: '2025-06-02' },
  });
  expect(opened.statusCode).toBe(201);
  return opened.json().id;
}

const save = (who: string, caseId: string, formKey: string, answers: object) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/${formKey}`,
    headers: as(who),
    payload: { answers, status: 'submitted' },
  });

/** A 12-year-old harmed by her brother, whose mother agreed to research. */
const twelveYearOld = {
  ...core['core.intake'],
  referral_date: '2025-06-02',
  referral_source: 'education',
  age: 12,
  consent_research: true,
  consent_basis: 'parent_carer',
  perpetrator_relationship: 'sibling',
  children_in_household: 0,
};

test("a 12-year-old's young people's case opens, with the young person's intake", async () => {
  const caseId = await openCase('yas');
  const intake = await save('yas', caseId, 'core.intake', twelveYearOld);
  expect(intake.statusCode).toBe(200);
  expect(intake.json()).toMatchObject({
    status: 'submitted',
    answers: { age: 12, perpetrator_relationship: 'sibling' },
  });
  const young = await save('yas', caseId, 'young-people.intake', youngPeople['young-people.intake']);
  expect(young.statusCode).toBe(200);

  const detail = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: as('yas') });
  expect(
    detail
      .json()
      .responses.map((r: { formKey: string }) => r.formKey)
      .sort(),
  ).toEqual(['core.intake', 'young-people.intake']);
  const stored = await t.owner
    .selectFrom('cases')
    .select('consent_research')
    .where('id', '=', caseId)
    .executeTakeFirst();
  expect(stored?.consent_research).toBe(true);
});

test('under 16, agreeing to research without a parent or a Gillick judgement is refused by name', async () => {
  const caseId = await openCase('yas');
  const { consent_basis: _basis, ...withoutBasis } = twelveYearOld;
  const refused = await save('yas', caseId, 'core.intake', withoutBasis);
  expect(refused.statusCode).toBe(422);
  expect(refused.json().details).toEqual([
    { pointer: '/answers/consent_basis', message: expect.stringMatching(/Gillick/) },
  ]);
});

test('the same 12-year-old is refused on an adult-only service, naming the age and the code', async () => {
  const caseId = await openCase('kim');
  const refused = await save('kim', caseId, 'core.intake', twelveYearOld);
  expect(refused.statusCode).toBe(422);
  expect(refused.json().details).toEqual([
    { pointer: '/answers/age', message: expect.stringMatching(/^must be 13 or over/) },
    { pointer: '/answers/perpetrator_relationship', message: expect.stringMatching(/family_member/) },
  ]);
  const none = await t.owner.selectFrom('responses').select('form_key').where('case_id', '=', caseId).execute();
  expect(none).toEqual([]);
  // and the young person's form is not offered there at all
  const form = await save('kim', caseId, 'young-people.intake', youngPeople['young-people.intake']);
  expect(form.statusCode).toBe(422);
  expect(form.json().message).toMatch(/Young people module, which is not activated for this service/);
});

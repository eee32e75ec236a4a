import { examples as children } from '@harbour/module-children';
import { examples as core } from '@harbour/module-core';
import { examples as youngPeople } from '@harbour/module-young-people';
import { activateModules, buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let familyService: string;
let familyCase: string;
let youngCase: string;
const cookies: Record<string, string> = {};

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

async function submit(who: string, caseId: string, formKey: string, answers: object, revision?: number) {
  const saved = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/${formKey}`,
    headers: as(who),
    payload: { answers, status: 'submitted', ...(revision ? { revision } : {}) },
  });
  expect(saved.statusCode).toBe(200);
  return saved.json();
}

const createLink = (who: string, caseId: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/questionnaire-links`, headers: as(who), payload });

const postForm = (path: string, body: string) =>
  t.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });

beforeAll(async () => {
  t = await buildTestApp();
  familyService = await seedService(t.owner, 'Riverside Family Service');
  const youthService = await seedService(t.owner, 'Riverside Young People');
  await activateModules(t.owner, familyService, ['children'], '2025-01-01');
  await activateModules(t.owner, youthService, ['children', 'young-people'], '2025-01-01');
  await seedUser(t.owner, { email: 'pat@example.org', serviceId: familyService, role: 'practitioner' });
  await seedUser(t.owner, { email: 'yas@example.org', serviceId: youthService, role: 'practitioner' });
  for (const who of ['pat', 'yas']) cookies[who] = await login(t.app, `${who}@example.org`);

  familyCase = await openCase('pat');
  await submit('pat', familyCase, 'core.intake', { ...core['core.intake'], referral_date: '2025-06-02' });
  await submit('pat', familyCase, 'children.intake', children['children.intake']);

  youngCase = await openCase('yas');
  await submit('yas', youngCase, 'core.intake', {
    ...core['core.intake'],
    referral_date: '2025-06-02',
    age: 15,
    consent_research: false,
    perpetrator_relationship: 'current_partner',
  });
  await submit('yas', youngCase, 'young-people.intake', youngPeople['young-people.intake']);
});
afterAll(async () => t.close());

test("a child's questionnaire link is created for a child_ref, answered by the child and linked to them", async () => {
  const created = await createLink('pat', familyCase, { formKey: 'children.voice_8_12_intake', childRef: 'C1' });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({ formKey: 'children.voice_8_12_intake', childRef: 'C1' });
  const path = new URL(created.json().url).pathname;

  const page = await t.app.inject({ method: 'GET', url: path });
  expect(page.statusCode).toBe(200);
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.body).toContain('id="quick-exit"');
  // a picture for each answer, and the answer in words beside it
  expect(page.body).toMatch(/<svg class="face face-happy"[^>]*aria-hidden="true"/);
  expect(page.body).toContain('<span>Not safe</span>');

  const answered = await postForm(path, 'safe_at_home=sometimes_safe&worry=a_lot&sleep=badly&someone_to_talk_to=yes');
  expect(answered.statusCode).toBe(200);
  expect(answered.body).toContain('Your answers have been sent');
  expect(answered.headers['set-cookie']).toBeUndefined();

  const stored = await t.owner.selectFrom('child_responses').selectAll().where('case_id', '=', familyCase).execute();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    child_ref: 'C1',
    form_key: 'children.voice_8_12_intake',
    source: 'client',
    answers: { safe_at_home: 'sometimes_safe', worry: 'a_lot', sleep: 'badly', someone_to_talk_to: 'yes' },
  });
  // the case's client's own responses are untouched, the link is used up
  const clientForms = await t.owner
    .selectFrom('responses')
    .select('form_key')
    .where('case_id', '=', familyCase)
    .execute();
  expect(clientForms.map((r) => r.form_key).sort()).toEqual(['children.intake', 'core.intake']);
  expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(410);

  const read = await t.app.inject({
    method: 'GET',
    url: `/api/v1/cases/${familyCase}/children/C1/responses`,
    headers: as('pat'),
  });
  expect(read.statusCode).toBe(200);
  expect(read.json()).toEqual([
    expect.objectContaining({ childRef: 'C1', formKey: 'children.voice_8_12_intake', source: 'client', revision: 1 }),
  ]);
});

test('"not safe at home" raises the safeguarding flag on the case, and the case\'s own saves keep it', async () => {
  const created = await createLink('pat', familyCase, { formKey: 'children.voice_13_18_intake', childRef: 'C2' });
  const path = new URL(created.json().url).pathname;
  expect((await postForm(path, 'safe_at_home=not_safe&safe_online=safe')).statusCode).toBe(200);

  const flagged = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${familyCase}`, headers: as('pat') });
  expect(flagged.json().flags).toContain('child_not_safe_at_home');
  const caseload = await t.app.inject({
    method: 'GET',
    url: '/api/v1/cases?flag=child_not_safe_at_home',
    headers: as('pat'),
  });
  expect(caseload.json().items.map((c: { id: string }) => c.id)).toEqual([familyCase]);

  // a later save of the parent's intake recomputes the case's flags from its responses
  await submit(
    'pat',
    familyCase,
    'core.intake',
    { ...core['core.intake'], referral_date: '2025-06-02', dash_score: 16 },
    1,
  );
  const still = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${familyCase}`, headers: as('pat') });
  expect(still.json().flags).toContain('child_not_safe_at_home');
});

test("a young person's case sends the questionnaire to its own client; an adult's case must name the child", async () => {
  const own = await createLink('yas', youngCase, { formKey: 'children.voice_13_18_intake' });
  expect(own.statusCode).toBe(201);
  expect(own.json().childRef).toBeNull();
  const path = new URL(own.json().url).pathname;
  expect((await postForm(path, 'safe_at_home=not_safe&school=hard')).statusCode).toBe(200);
  const stored = await t.owner
    .selectFrom('responses')
    .select(['answers', 'source'])
    .where('case_id', '=', youngCase)
    .where('form_key', '=', 'children.voice_13_18_intake')
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ source: 'client', answers: { safe_at_home: 'not_safe', school: 'hard' } });
  const flagged = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${youngCase}`, headers: as('yas') });
  expect(flagged.json().flags).toContain('child_not_safe_at_home');

  const unnamed = await createLink('pat', familyCase, { formKey: 'children.voice_8_12_intake' });
  expect(unnamed.statusCode).toBe(422);
  expect(unnamed.json().details).toEqual([{ pointer: '/childRef', message: expect.stringMatching(/required/) }]);
  const unknownChild = await createLink('pat', familyCase, { formKey: 'children.voice_8_12_intake', childRef: 'C7' });
  expect(unknownChild.statusCode).toBe(422);
  expect(unknownChild.json().details).toEqual([
    { pointer: '/childRef', message: 'is not a child recorded on children.intake' },
  ]);
  const notAChildForm = await createLink('pat', familyCase, { formKey: 'core.client_intake', childRef: 'C1' });
  expect(notAChildForm.statusCode).toBe(422);
  expect(notAChildForm.json().details).toEqual([
    { pointer: '/childRef', message: 'is only for a form a child answers' },
  ]);
  const name = await createLink('pat', familyCase, { formKey: 'children.voice_8_12_intake', childRef: 'Amy' });
  expect(name.statusCode).toBe(400);
});

test("the practitioner records what the child said in the child's words, sealed at rest", async () => {
  const words = 'Synthetic: I hide under the stairs when he shouts.';
  const url = `/api/v1/cases/${familyCase}/children/C1/responses/children.child_words`;
  const saved = await t.app.inject({
    method: 'PUT',
    url,
    headers: as('pat'),
    payload: { answers: { words_at_intake: words } },
  });
  expect(saved.statusCode).toBe(200);
  expect(saved.json()).toMatchObject({ childRef: 'C1', revision: 1, answers: { words_at_intake: words } });

  const row = await t.owner
    .selectFrom('child_responses')
    .select(['answers', 'sealed'])
    .where('case_id', '=', familyCase)
    .where('form_key', '=', 'children.child_words')
    .executeTakeFirstOrThrow();
  expect(row.answers).toEqual({});
  expect(Object.keys(row.sealed)).toEqual(['words_at_intake']);
  expect(JSON.stringify(row)).not.toContain('stairs');
  // the envelope is bound to the child: moved to another child of the case, it does not open
  const sealedFor = (childRef: string) =>
    t.app.sealer.unsealAnswers(t.owner, {
      serviceId: familyService,
      caseId: familyCase,
      formKey: 'children.child_words',
      childRef,
      answers: {},
      sealed: row.sealed,
    });
  await expect(sealedFor('C1')).resolves.toEqual({ words_at_intake: words });
  await expect(sealedFor('C2')).rejects.toThrow();

  const stale = await t.app.inject({
    method: 'PUT',
    url,
    headers: as('pat'),
    payload: { answers: { words_at_exit: 'x' } },
  });
  expect(stale.statusCode).toBe(409);
  const updated = await t.app.inject({
    method: 'PUT',
    url,
    headers: as('pat'),
    payload: { answers: { words_at_intake: words, words_at_exit: 'Synthetic: it is quiet now.' }, revision: 1 },
  });
  expect(updated.json()).toMatchObject({ revision: 2 });
  const read = await t.app.inject({
    method: 'GET',
    url: `/api/v1/cases/${familyCase}/children/C1/responses`,
    headers: as('pat'),
  });
  expect(read.json().find((r: { formKey: string }) => r.formKey === 'children.child_words').answers).toEqual({
    words_at_intake: words,
    words_at_exit: 'Synthetic: it is quiet now.',
  });

  // a child's own questionnaire is answered by the child, not typed in by staff
  const typed = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/cases/${familyCase}/children/C2/responses/children.voice_8_12_exit`,
    headers: as('pat'),
    payload: { answers: { safe_at_home: 'safe' } },
  });
  expect(typed.statusCode).toBe(422);
  // another service's practitioner cannot see the child at all
  const elsewhere = await t.app.inject({
    method: 'GET',
    url: `/api/v1/cases/${familyCase}/children/C1/responses`,
    headers: as('yas'),
  });
  expect(elsewhere.statusCode).toBe(404);
});

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import type { FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { loadConfig } from '../src/config';
import { loggerOptions } from '../src/logger';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});

let t: TestApp;
let serviceA: string;
let serviceB: string;
let patCase: string;
let annCase: string;
let kimCase: string;
const cookies: Record<string, string> = {};
const tokens: string[] = [];

const PHQ = 'mental-health.client_intake';

async function insertCase(serviceId: string, workerId: string) {
  const row = await t.owner
    .insertInto('cases')
    .values({ service_id: serviceId, worker_id: workerId, opened_at: '2025-03-12', reference: 'R-1' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  const logger = loggerOptions(loadConfig({ NODE_ENV: 'test' })) as Exclude<FastifyServerOptions['logger'], boolean>;
  t = await buildTestApp({ logger: { ...logger, level: 'info', stream: logStream } });
  serviceA = await seedService(t.owner, 'Riverside Idva Service');
  serviceB = await seedService(t.owner, 'Hillside Outreach');
  const pat = await seedUser(t.owner, { email: 'pat@example.org', serviceId: serviceA, role: 'practitioner' });
  const ann = await seedUser(t.owner, { email: 'ann@example.org', serviceId: serviceA, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId: serviceA, role: 'manager' });
  const kim = await seedUser(t.owner, { email: 'kim@example.org', serviceId: serviceB, role: 'practitioner' });
  await t.owner
    .insertInto('service_modules')
    .values({ service_id: serviceA, module_key: 'mental-health', active_from: '2025-01-01' })
    .execute();
  patCase = await insertCase(serviceA, pat);
  annCase = await insertCase(serviceA, ann);
  kimCase = await insertCase(serviceB, kim);
  for (const who of ['pat', 'mo', 'kim']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

const staff = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

async function createLink(caseId: string, formKey: string, who = 'pat', extra: object = {}) {
  const response = await staff(who, 'POST', `/api/v1/cases/${caseId}/questionnaire-links`, { formKey, ...extra });
  expect(response.statusCode).toBe(201);
  const { id, url, expiresAt } = response.json();
  const path = new URL(url).pathname;
  tokens.push(path.slice(3));
  return { id: id as string, url: url as string, path, expiresAt: expiresAt as string };
}

const formBody = (answers: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(answers).map(([k, v]): [string, string] => [k, String(v)])).toString();

const postForm = (path: string, body: string) =>
  t.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });

async function links(caseId: string) {
  const response = await staff('pat', 'GET', `/api/v1/cases/${caseId}/questionnaire-links`);
  expect(response.statusCode).toBe(200);
  return response.json() as { id: string; status: string; usedAt: string | null; formKey: string }[];
}

async function unknownTokenPage() {
  return t.app.inject({ method: 'GET', url: `/q/${randomBytes(32).toString('base64url')}` });
}

test('a link is a 256-bit token in the URL; the database keeps only its SHA-256 digest', async () => {
  const before = Date.now();
  const link = await createLink(patCase, PHQ);
  expect(link.url.startsWith(`${t.app.publicUrl()}/q/`)).toBe(true);
  const token = link.path.slice(3);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // default expiry: 72 hours
  expect(new Date(link.expiresAt).getTime() - before).toBeGreaterThan(72 * 3_600_000 - 60_000);
  expect(new Date(link.expiresAt).getTime() - before).toBeLessThan(72 * 3_600_000 + 60_000);

  const rows = await sql<{ token_hash: Buffer; text: string }>`
    select token_hash, q::text as text from questionnaire_links q where id = ${link.id}`.execute(t.owner);
  expect(rows.rows[0]!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
  expect(rows.rows[0]!.text).not.toContain(token);
  const audit = await sql<{ n: number }>`
    select count(*)::int n from audit_log where action = 'questionnaire_link.create' and object_id = ${link.id}`.execute(
    t.owner,
  );
  expect(audit.rows[0]!.n).toBe(1);

  const listed = await staff('pat', 'GET', `/api/v1/cases/${patCase}/questionnaire-links`);
  expect(listed.body).not.toContain(token);
  expect(listed.json()).toContainEqual(
    expect.objectContaining({ id: link.id, formKey: PHQ, status: 'active', usedAt: null, expiresAt: link.expiresAt }),
  );
});

test('the page is neutral HTML from the form definition, with strict headers and no cookies', async () => {
  const link = await createLink(patCase, PHQ);
  const page = await t.app.inject({ method: 'GET', url: link.path });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  expect(page.headers['set-cookie']).toBeUndefined();
  const csp = String(page.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('unsafe-inline');

  const html = page.body;
  expect(html).toContain('<title>Your feedback</title>');
  expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  expect(html).toMatch(/does not clear your browser history/);
  expect(html).toContain(`href="${t.config.neutralExitUrl}"`);
  // every PHQ-9 and GAD-7 item: a fieldset with a legend and its four labelled radio buttons
  for (const key of Object.keys(mentalHealth[PHQ])) {
    expect(html).toContain(`<div class="field" data-field="${key}"><fieldset><legend>`);
    for (let value = 0; value <= 3; value++) {
      expect(html).toContain(`<input type="radio" id="f-${key}-${value}" name="${key}" value="${value}">`);
    }
  }
  expect(html).toContain('<legend>Not enjoying things much</legend>');
  // nothing that names the service or its kind of work; no inline code or style; nothing third-party
  expect(html).not.toMatch(/abuse|domestic|violence|idva|riverside|refuge|marac|harbour/i);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/q\/assets\/page\.js")/);
  expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!www\.bbc\.co\.uk)/);

  for (const asset of ['/q/assets/page.js', '/q/assets/page.css']) {
    const response = await t.app.inject({ method: 'GET', url: asset });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/(localStorage|sessionStorage|indexedDB)\.|document\.cookie/);
  }
});

test('a client submits the form: the response is on the case, scored, as the client; the link is then gone', async () => {
  const link = await createLink(patCase, PHQ);
  const answers = mentalHealth[PHQ];
  const submitted = await postForm(link.path, formBody(answers));
  expect(submitted.statusCode).toBe(200);
  expect(submitted.body).toContain('Your answers have been sent');
  expect(submitted.headers['set-cookie']).toBeUndefined();

  const stored = await t.owner
    .selectFrom('responses')
    .selectAll()
    .where('case_id', '=', patCase)
    .where('form_key', '=', PHQ)
    .executeTakeFirstOrThrow();
  expect(stored).toMatchObject({ status: 'submitted', source: 'client', created_by: null, form_version: 1 });
  expect(stored.answers).toEqual(answers);
  expect(stored.scores).toMatchObject({ phq9_total: 14, phq9_band: 'moderate', gad7_total: 12 });

  const viewed = await staff('pat', 'GET', `/api/v1/cases/${patCase}`);
  expect(viewed.statusCode).toBe(200);
  expect(viewed.json().responses).toContainEqual(
    expect.objectContaining({ formKey: PHQ, status: 'submitted', source: 'client', answers }),
  );

  const used = (await links(patCase)).find((l) => l.id === link.id)!;
  expect(used.status).toBe('used');
  expect(used.usedAt).not.toBeNull();

  const unknown = await unknownTokenPage();
  for (const again of [
    await t.app.inject({ method: 'GET', url: link.path }),
    await postForm(link.path, formBody(answers)),
  ]) {
    expect(again.statusCode).toBe(410);
    expect(again.body).toBe(unknown.body);
    expect(again.headers['cache-control']).toBe('no-store');
  }
  expect(unknown.statusCode).toBe(410);
  expect(unknown.body).toContain('<title>Your feedback</title>');
  const submittedAudit = await sql<{ n: number }>`
    select count(*)::int n from audit_log
    where action = 'questionnaire.submitted' and object_id = ${link.id} and service_id = ${serviceA}`.execute(t.owner);
  expect(submittedAudit.rows[0]!.n).toBe(1);
});

test('JSON answers are accepted too', async () => {
  const link = await createLink(patCase, 'core.client_intake');
  const submitted = await t.app.inject({ method: 'POST', url: link.path, payload: core['core.client_intake'] });
  expect(submitted.statusCode).toBe(200);
  const stored = await t.owner
    .selectFrom('responses')
    .select(['source', 'status', 'answers'])
    .where('case_id', '=', patCase)
    .where('form_key', '=', 'core.client_intake')
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ source: 'client', status: 'submitted', answers: core['core.client_intake'] });
});

test('invalid answers show the page again with each error by its question, the answers kept and the link still usable', async () => {
  const link = await createLink(annCase, PHQ, 'mo');
  const answers = { ...mentalHealth[PHQ], phq9_1: '7', gad7_2: 'often' };
  const again = await postForm(link.path, formBody(answers));
  expect(again.statusCode).toBe(422);
  const html = again.body;
  expect(html).toMatch(/<div class="error-summary" id="error-summary" role="alert"/);
  expect(html).toContain('<a href="#f-phq9_1-0">Not enjoying things much: Please choose one of the answers shown.</a>');
  expect(html).toContain('<a href="#f-gad7_2-0">');
  expect(html).toContain(
    '<div class="field field--error" data-field="phq9_1"><fieldset aria-describedby="f-phq9_1-error">',
  );
  expect(html).toContain('<input type="radio" id="f-phq9_1-0" name="phq9_1" value="0" aria-invalid="true">');
  // the valid answers are kept: phq9_2 was 2
  expect(html).toContain('<input type="radio" id="f-phq9_2-2" name="phq9_2" value="2" checked>');
  const none = await t.owner.selectFrom('responses').select('form_key').where('case_id', '=', annCase).execute();
  expect(none).toEqual([]);
  expect((await t.app.inject({ method: 'GET', url: link.path })).statusCode).toBe(200);

  const empty = await postForm(link.path, '');
  expect(empty.statusCode).toBe(422);
  expect(empty.body).toContain('Please answer at least one question');

  const fixed = await postForm(link.path, formBody(mentalHealth[PHQ]));
  expect(fixed.statusCode).toBe(200);
});

test('an expired link gets the same neutral page as an unknown one', async () => {
  const link = await createLink(patCase, 'core.client_exit', 'pat', { expiresInHours: 1 });
  expect((await t.app.inject({ method: 'GET', url: link.path })).statusCode).toBe(200);
  t.advance(61 * 60_000);
  // staff sessions time out after 30 idle minutes: sign in again
  for (const who of ['pat', 'mo', 'kim']) cookies[who] = await login(t.app, `${who}@example.org`);
  const expired = await t.app.inject({ method: 'GET', url: link.path });
  expect(expired.statusCode).toBe(410);
  expect(expired.body).toBe((await unknownTokenPage()).body);
  expect((await postForm(link.path, 'safety_now=7')).statusCode).toBe(410);
  expect((await links(patCase)).find((l) => l.id === link.id)?.status).toBe('expired');
});

test('a revoked link is gone; a used link cannot be revoked', async () => {
  const link = await createLink(patCase, 'core.client_exit');
  const revoked = await staff('pat', 'POST', `/api/v1/cases/${patCase}/questionnaire-links/${link.id}/revoke`);
  expect(revoked.statusCode).toBe(200);
  expect(revoked.json()).toMatchObject({ id: link.id, status: 'revoked' });
  const page = await t.app.inject({ method: 'GET', url: link.path });
  expect(page.statusCode).toBe(410);
  expect(page.body).toBe((await unknownTokenPage()).body);
  // malformed tokens too
  expect((await t.app.inject({ method: 'GET', url: '/q/abc' })).body).toBe(page.body);

  const used = (await links(patCase)).find((l) => l.status === 'used')!;
  const refused = await staff('pat', 'POST', `/api/v1/cases/${patCase}/questionnaire-links/${used.id}/revoke`);
  expect(refused.statusCode).toBe(409);
  const missing = await staff('pat', 'POST', `/api/v1/cases/${patCase}/questionnaire-links/${randomUUID()}/revoke`);
  expect(missing.statusCode).toBe(404);
});

test('practitioner forms, inactive modules, unknown forms and other people’s cases are refused', async () => {
  const practitionerForm = await staff('pat', 'POST', `/api/v1/cases/${patCase}/questionnaire-links`, {
    formKey: 'core.intake',
  });
  expect(practitionerForm.statusCode).toBe(422);
  expect(practitionerForm.json().message).toMatch(/only client forms/);
  const inactive = await staff('kim', 'POST', `/api/v1/cases/${kimCase}/questionnaire-links`, { formKey: PHQ });
  expect(inactive.statusCode).toBe(422);
  expect(inactive.json().message).toMatch(/not activated for this service/);
  const unknown = await staff('pat', 'POST', `/api/v1/cases/${patCase}/questionnaire-links`, { formKey: 'core.nope' });
  expect(unknown.statusCode).toBe(422);
  const tooLong = await staff('pat', 'POST', `/api/v1/cases/${patCase}/questionnaire-links`, {
    formKey: PHQ,
    expiresInHours: 15 * 24,
  });
  expect(tooLong.statusCode).toBe(400);
  const privileged = await staff('pat', 'POST', `/api/v1/cases/${patCase}/questionnaire-links`, {
    formKey: PHQ,
    serviceId: serviceB,
  });
  expect(privileged.statusCode).toBe(400);

  // another worker's case, another service's case: 404 like a case that does not exist
  const notFound = await staff('pat', 'POST', `/api/v1/cases/${randomUUID()}/questionnaire-links`, { formKey: PHQ });
  for (const [who, caseId] of [
    ['pat', annCase],
    ['mo', kimCase],
    ['kim', patCase],
  ] as const) {
    const create = await staff(who, 'POST', `/api/v1/cases/${caseId}/questionnaire-links`, { formKey: PHQ });
    expect(create.statusCode).toBe(404);
    expect(create.body).toBe(notFound.body);
    expect((await staff(who, 'GET', `/api/v1/cases/${caseId}/questionnaire-links`)).statusCode).toBe(404);
  }
  const count = await sql<{
    n: number;
  }>`select count(*)::int n from questionnaire_links where case_id = ${kimCase}`.execute(t.owner);
  expect(count.rows[0]!.n).toBe(0);
});

test('the logs hold neither tokens nor answers, only the route pattern', async () => {
  const link = await createLink(patCase, 'core.client_exit');
  const comment = 'a-distinctive-free-text-answer-8d1f';
  const done = await t.app.inject({
    method: 'POST',
    url: link.path,
    payload: { ...core['core.client_exit'], comments: comment },
  });
  expect(done.statusCode).toBe(200);
  const log = logLines.join('');
  expect(log).toContain('"route":"/q/:token"');
  expect(tokens.length).toBeGreaterThan(5);
  for (const token of tokens) expect(log).not.toContain(token);
  expect(log).not.toContain(comment);
  expect(log).not.toMatch(/phq9_|gad7_|safety_now/);
});

test('token attempts are rate limited per IP with a neutral page', async () => {
  const own = await buildTestApp();
  try {
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 31; i++) {
      const response = await own.app.inject({ method: 'GET', url: `/q/${randomBytes(32).toString('base64url')}` });
      statuses.push(response.statusCode);
      last = response.body;
    }
    expect(statuses.slice(0, 30).every((s) => s === 410)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(last).toContain('<title>Your feedback</title>');
    expect(last).toContain('too many attempts');
  } finally {
    await own.close();
  }
});

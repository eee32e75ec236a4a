import { buildTestApp, login, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let researcher: string;

beforeAll(async () => {
  t = await buildTestApp();
  await seedUser(t.owner, { email: 'researcher@x.org', platformRole: 'researcher' });
  researcher = await login(t.app, 'researcher@x.org');
});
afterAll(async () => t.close());

type Operation = { method: string; url: string };

/** Every operation of the OpenAPI document, with its path parameters filled in. */
function operations(): Operation[] {
  const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => ({
        method: method.toUpperCase(),
        url: path.replace(/\{formKey\}/g, 'core.intake').replace(/\{[^}]+\}/g, '6f1c2a9e-1d2b-4c3d-8e4f-5a6b7c8d9e0f'),
      })),
  );
}

const isCaseLevel = (op: Operation) => /\/cases(\/|$)/.test(op.url);
const isResearcherRoute = (op: Operation) =>
  op.url.startsWith('/api/v1/research/') || op.url.startsWith('/api/v1/reports/national');
const isOwnAccount = (op: Operation) => op.url.startsWith('/api/v1/auth/');
// Form definitions are metadata, the same as the research data dictionary: no case data.
// The questionnaire's language packs and their review state are metadata too.
const isFormDefinition = (op: Operation) =>
  op.method === 'GET' && (op.url.startsWith('/api/v1/forms') || op.url === '/api/v1/languages');

test('the researcher role gets 404 on every case-level route of the OpenAPI document', async () => {
  const caseLevel = operations().filter(isCaseLevel);
  expect(caseLevel.length).toBeGreaterThan(0);
  const answered = [];
  for (const op of caseLevel) {
    const response = await t.app.inject({
      method: op.method as 'GET',
      url: op.url,
      headers: { cookie: researcher },
      payload: {},
    });
    answered.push({ ...op, status: response.statusCode });
  }
  expect(answered.filter((a) => a.status !== 404)).toEqual([]);
});

test('the researcher role reaches nothing outside research, the national report and its own account', async () => {
  const others = operations().filter(
    (op) =>
      op.url.startsWith('/api/v1/') &&
      !isResearcherRoute(op) &&
      !isOwnAccount(op) &&
      !isCaseLevel(op) &&
      !isFormDefinition(op),
  );
  const open = ['/api/v1/healthz', '/api/v1/readyz'];
  const reached = [];
  for (const op of others.filter((o) => !open.includes(o.url))) {
    const response = await t.app.inject({
      method: op.method as 'GET',
      url: op.url,
      headers: { cookie: researcher },
      payload: {},
    });
    // a list of the caller's own things (GET /services) answers, empty, to a researcher
    const empty = response.statusCode === 200 && ['[]', '{"items":[]}'].includes(response.body);
    if (response.statusCode < 400 && !empty) reached.push({ ...op, status: response.statusCode });
  }
  expect(reached).toEqual([]);
});

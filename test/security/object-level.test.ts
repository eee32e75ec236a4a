import { sql } from 'kysely';
import { MATRIX } from './authorisation-matrix';
import { buildWorld, type World } from './world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(async () => world.t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// routes a manager's role may call at all: the platform admin's routes refuse the role (403)
// before any object is looked up, for a real id and a random one alike
const objectRoutes = Object.entries(MATRIX).filter(
  ([route, entry]) => /:(id|linkId)\b/.test(route) && !route.includes('/auth/') && entry.expect[4] !== 403,
);

function inject(route: string, params: Record<string, string>, payload: unknown, headers: Record<string, string>) {
  const [method, path] = route.split(' ') as [string, string];
  return world.t.app.inject({
    method: method as 'GET',
    url: path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? '')),
    headers,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

test.each(objectRoutes.map(([route]) => [route]))(
  '%s: service B asking for service A’s object gets the same 404 as for a random id',
  async (route) => {
    const entry = MATRIX[route]!;
    const request = (await entry.request?.(world, 'otherServiceManager')) ?? {};
    const params = request.params ?? {};
    const random = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, UUID.test(v) ? crypto.randomUUID() : v]),
    );
    const headers = { ...world.headers.otherServiceManager, ...request.headers };
    const real = await inject(route, params, request.payload, headers);
    const fake = await inject(route, random, request.payload, headers);
    expect(real.statusCode).toBe(404);
    expect({ status: real.statusCode, body: real.body }).toEqual({ status: fake.statusCode, body: fake.body });
    // and the same for a practitioner of service A asking about a case that is not theirs
    if (route.includes('/cases/')) {
      const prac = { ...world.headers.otherPractitioner, ...request.headers };
      const mine = await inject(route, params, request.payload, prac);
      const none = await inject(route, random, request.payload, prac);
      expect({ status: mine.statusCode, body: mine.body }).toEqual({ status: none.statusCode, body: none.body });
    }
  },
);

const snapshot = async () =>
  (
    await sql<{
      s: string;
    }>`select (select json_agg(c order by id)::text from cases c) || (select coalesce(json_agg(r order by case_id)::text, '') from responses r) || (select json_agg(s order by id)::text from services s) as s`.execute(
      world.t.owner,
    )
  ).rows[0]?.s;

test.each([
  ['POST /api/v1/cases', 'practitioner', { openedAt: '2025-01-01', serviceId: '00000000-0000-4000-8000-000000000000' }],
  ['POST /api/v1/cases', 'practitioner', { openedAt: '2025-01-01', createdAt: '2020-01-01T00:00:00Z' }],
  ['POST /api/v1/cases', 'practitioner', { openedAt: '2025-01-01', status: 'closed' }],
  ['POST /api/v1/cases', 'manager', { openedAt: '2025-01-01', role: 'manager' }],
  ['PATCH /api/v1/services/:id', 'manager', { id: '00000000-0000-4000-8000-000000000000' }],
  ['PATCH /api/v1/services/:id', 'manager', { createdAt: '2020-01-01T00:00:00Z' }],
  ['PUT /api/v1/cases/:id/responses/:formKey', 'practitioner', { answers: {}, status: 'draft', serviceId: 'x' }],
  ['PUT /api/v1/cases/:id/responses/:formKey', 'practitioner', { answers: {}, status: 'draft', createdBy: 'x' }],
] as const)(
  '%s as %s with a privileged or unknown property %j is refused and nothing changes',
  async (route, actor, payload) => {
    const before = await snapshot();
    const params = { id: route.includes('/services/') ? world.serviceA : world.caseId, formKey: 'core.client_intake' };
    const response = await inject(route, params, payload, {
      ...world.headers[actor],
      'idempotency-key': crypto.randomUUID(),
    });
    expect([400, 422]).toContain(response.statusCode);
    expect(response.json().details?.[0]?.message ?? response.json().message).toMatch(
      /not an allowed field|not allowed/,
    );
    expect(await snapshot()).toBe(before);
  },
);

test('a practitioner cannot open a case in another worker’s name', async () => {
  const before = await snapshot();
  const response = await inject(
    'POST /api/v1/cases',
    {},
    { openedAt: '2025-01-01', workerId: world.userIds.otherPractitioner },
    { ...world.headers.practitioner, 'idempotency-key': crypto.randomUUID() },
  );
  expect([400, 403, 422]).toContain(response.statusCode);
  expect(await snapshot()).toBe(before);
});

test('response schemas are allow-lists: a column added to a row never leaves the server', async () => {
  const response = await inject('GET /api/v1/cases/:id', { id: world.caseId }, undefined, world.headers.manager);
  expect(response.statusCode).toBe(200);
  const body = JSON.stringify(response.json());
  for (const internal of ['service_id', 'worker_id', 'sealed', 'token_hash', 'password_hash', 'totp_secret', 'hb1.']) {
    expect({ internal, leaked: body.includes(internal) }).toEqual({ internal, leaked: false });
  }
  const me = await inject('GET /api/v1/auth/me', {}, undefined, world.headers.manager);
  expect(me.body).not.toMatch(/hash|totp|argon2|hb1\./i);
});

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { MATRIX } from './authorisation-matrix';
import { documentedOperations, type OpenApiOperation } from './openapi-routes';
import { ACTORS, buildWorld, type World } from './world';

let world: World;
let operations: OpenApiOperation[];
beforeAll(async () => {
  world = await buildWorld();
  // routes that end or change the caller's session go last, so they do not starve the others
  operations = (await documentedOperations(world.t.app)).sort(
    (a, b) => Number(a.key.includes('/auth/')) - Number(b.key.includes('/auth/')),
  );
}, 60_000);
afterAll(async () => world.t.close());

const RUNS_PER_ROUTE = 12;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

// NUL, the other C0 controls and DEL, alone and inside otherwise ordinary text (issue 13)
const CONTROL_CHARACTERS = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f'];
const withControls = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: fc.constantFrom(...CONTROL_CHARACTERS), minLength: 1, maxLength: 4 }),
  )
  .map(([text, controls]) => `${text}${controls}${text}`);

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  withControls,
  fc.constant('a@b.example\u0000'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('../../etc/passwd'),
  fc.constant("' or 1=1 --"),
  fc.constant('\u0000'),
  fc.constant('9'.repeat(400)),
  fc.uuid(),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A valid request body (the matrix's), mutated: a key dropped, one added, or a value replaced. */
function bodies(valid: unknown) {
  const base = valid && typeof valid === 'object' && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
  const keys = Object.keys(base);
  return fc.oneof(
    fc.constant(valid),
    anyJson,
    fc.record({ extra: junk }).map((r) => ({ ...base, ...r })),
    keys.length
      ? fc.tuple(fc.constantFrom(...keys), junk).map(([k, v]) => ({ ...base, [k]: v }))
      : fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 4 }),
    keys.length
      ? fc.constantFrom(...keys).map((k) => Object.fromEntries(keys.filter((x) => x !== k).map((x) => [x, base[x]])))
      : fc.constant({}),
  );
}

function responseSchema(op: OpenApiOperation, status: number): object | undefined {
  const responses = op.operation.responses as
    | Record<string, { content?: Record<string, { schema?: object }> }>
    | undefined;
  return responses?.[String(status)]?.content?.['application/json']?.schema;
}

test('every route, every actor, generated valid and invalid input: no 5xx, documented bodies, nothing of another service', async () => {
  const leaks = () => [world.serviceA, world.caseId, world.linkId, world.userIds.practitioner];
  const failures: string[] = [];
  let requests = 0;
  for (const op of operations) {
    const entry = MATRIX[op.key];
    const valid = (await entry?.request?.(world, 'manager')) ?? {};
    const paramNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const param = (name: string) =>
      fc.oneof(
        fc.constant(valid.params?.[name] ?? 'x'),
        fc.uuid(),
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.constant('%00'),
        fc.constant('%01%1b%7f'),
        withControls,
        fc.constant('..%2f..'),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTORS),
        fc.tuple(...paramNames.map(param)),
        bodies(valid.payload),
        fc.dictionary(
          fc.constantFrom('limit', 'from', 'to', 'status', 'cursor', 'caseId', 'format'),
          junk.map(String),
          { maxKeys: 3 },
        ),
        fc.record(
          {
            'x-service-id': fc.oneof(
              fc.constant(world.serviceA),
              fc.constant(world.serviceB),
              fc.uuid(),
              fc.string({ maxLength: 10 }),
            ),
            'content-type': fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'text/csv',
            ),
          },
          { requiredKeys: [] },
        ),
        async (actor, params, body, query, extraHeaders) => {
          requests += 1;
          let path = op.path;
          paramNames.forEach((name, i) => {
            path = path.replace(`{${name}}`, encodeURIComponent(params[i] ?? ''));
          });
          const search = new URLSearchParams({ ...(valid.query ?? {}), ...query }).toString();
          const contentType = extraHeaders['content-type'] ?? 'application/json';
          const response = await world.t.app.inject({
            method: op.method as 'GET',
            url: search ? `${path}?${search}` : path,
            remoteAddress: `10.9.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
            headers: { ...world.headers[actor], ...valid.headers, ...extraHeaders, 'content-type': contentType },
            ...(op.method === 'GET' || op.method === 'DELETE'
              ? {}
              : {
                  payload:
                    contentType === 'application/json' || typeof body !== 'string' ? JSON.stringify(body ?? {}) : body,
                }),
          });
          const where = `${op.key} as ${actor} → ${response.statusCode}`;
          if (response.statusCode >= 500) failures.push(`${where}: ${response.body.slice(0, 200)}`);
          const schema = responseSchema(op, response.statusCode);
          if (schema && String(response.headers['content-type'] ?? '').includes('application/json') && response.body) {
            if (!ajv.validate(schema, response.json()))
              failures.push(`${where}: body outside its schema: ${ajv.errorsText()}`);
          }
          if (actor === 'otherServiceManager' || actor === 'clientLink' || actor === 'anonymous') {
            for (const value of leaks())
              if (response.body.includes(value)) failures.push(`${where}: shows service A's ${value}`);
          }
        },
      ),
      { numRuns: RUNS_PER_ROUTE, seed: 20261125 },
    );
  }
  expect(requests).toBeGreaterThan(operations.length * RUNS_PER_ROUTE - 1);
  expect(failures).toEqual([]);
}, 120_000);

import { ACCOUNT_ROWS, type CellRequest, type Entry, MATRIX } from './authorisation-matrix';
import { documentedOperations } from './openapi-routes';
import { ACTORS, type Actor, buildWorld, type World } from './world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(async () => world.t.close());

function url(route: string, request: CellRequest): string {
  const path = route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = request.params?.[name];
    if (value === undefined) throw new Error(`the matrix request for ${route} gives no :${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(request.query ?? {}).toString();
  return query ? `${path}?${query}` : path;
}

test('every route of the OpenAPI document has a row in the matrix, and every row is a route', async () => {
  const documented = (await documentedOperations(world.t.app)).map((o) => o.key);
  expect(documented.filter((r) => !(r in MATRIX))).toEqual([]);
  expect(Object.keys(MATRIX).filter((r) => !documented.includes(r))).toEqual([]);
});

const ROWS: Record<string, Entry & { route?: string }> = { ...MATRIX, ...ACCOUNT_ROWS };

const cells = Object.entries(ROWS).flatMap(([row, entry]) =>
  ACTORS.map((actor, column) => [row, actor, entry.expect[column]] as [string, Actor, number]),
);

test.each(cells)('%s as %s → %i', async (row, actor, expected) => {
  const entry = ROWS[row]!;
  const route = entry.route ?? row;
  const request = (await entry.request?.(world, actor)) ?? {};
  const [method, path] = route.split(' ') as [string, string];
  const credentials = request.freshSession ? await world.freshHeaders(actor) : world.headers[actor];
  const response = await world.t.app.inject({
    method: method as 'GET',
    url: url(path, request),
    headers: { ...credentials, ...request.headers },
    remoteAddress: `10.2.${ACTORS.indexOf(actor)}.1`,
    ...(request.payload !== undefined
      ? { payload: typeof request.payload === 'string' ? request.payload : JSON.stringify(request.payload) }
      : {}),
    ...(request.payload !== undefined && typeof request.payload !== 'string'
      ? { headers: { 'content-type': 'application/json', ...credentials, ...request.headers } }
      : {}),
  });
  expect({ status: response.statusCode, body: response.statusCode === expected ? '' : response.body }).toEqual({
    status: expected,
    body: '',
  });
});

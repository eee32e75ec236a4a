import { createModuleRegistry } from '@harbour/api';
import { createDb, type Db } from '@harbour/db';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { populationRows, timeFigure } from '../src/figure-timing';
import { type Fixture, insertFixture, PERIOD } from './fixture';

let t: TestDatabase;
let api: Db;
let f: Fixture;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await insertFixture(t.owner);
  api = createDb({ url: t.apiUrl, max: 1 });
});
afterAll(async () => {
  await api.destroy();
  await t.drop();
});

const modules = createModuleRegistry().modules();
const actor = () => ({ userId: f.users.R, role: 'researcher' });
const time = (key: string) => timeFigure(api, { modules, period: PERIOD, key, actor: actor() });

test("a module's figure is read from case_facts alone, with its columns' places in the row", async () => {
  const support = await time('mh_current_support');
  // P1–P6 answered the mental-health intake, P1–P2 receive support (fixture.ts)
  expect(support.aggregate).toEqual({ kind: 'rate', numerator: 2, denominator: 6 });
  expect(support.population).toBe('opened');
  expect(support.gathered).toBe(0);
  expect(support.stored.map(({ name, type }) => ({ name, type }))).toEqual([
    { name: 'd|mental-health.intake', type: 'boolean' },
    { name: 'a|mental-health.intake|mh_current_support|j', type: 'jsonb' },
  ]);
  const [flag, answer] = support.stored.map((c) => c.position);
  expect(flag).toBeGreaterThan(8);
  expect(answer).toBeGreaterThan(flag as number);

  const phq9 = await time('phq9_intake_mean');
  expect(phq9.aggregate).toMatchObject({ kind: 'mean', n: 6, mean: 13.5 });
  expect(phq9.stored.map((c) => c.name)).toEqual(['s|mental-health.client_intake|phq9_total|n']);
});

test('a core figure of the same kind reads its own columns, earlier in the row', async () => {
  const [core, module] = [await time('needs_mental_health'), await time('mh_current_support')];
  expect(core.aggregate).toEqual({ kind: 'rate', numerator: 12, denominator: 58 });
  expect(core.stored.map((c) => c.name)).toEqual(['d|core.intake', 'a|core.intake|needs_mental_health|j']);
  expect(Math.max(...core.stored.map((c) => c.position))).toBeLessThan(
    Math.max(...module.stored.map((c) => c.position)),
  );
});

test("a population's rows: the national dataset's cases opened in the period", async () => {
  // P1–P12, H1–H6 and B1–B40: consenting cases of sharing services opened in the period
  expect(await populationRows(api, { period: PERIOD, population: 'opened', actor: actor() })).toBe(58);
});

test('an unknown figure is refused', async () => {
  await expect(time('no_such_figure')).rejects.toThrow('no figure no_such_figure');
});

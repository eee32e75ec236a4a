import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dice, Encoder, fromBytes, MATCH_THRESHOLD, normaliseIdentifiers } from '@harbour/linkage';
import { sql } from 'kysely';
import {
  buildTestApp,
  captureTraceLogs,
  login,
  seedService,
  seedUser,
  TEST_MASTER_KEY,
  type TestApp,
} from '../../../test/helpers/app';
import { writeBackup } from '../../cli/src/commands/backup';
import { unwrapLinkageKey } from '../src/linkage/region-keys';
import { newMasterKeyText, parseMasterKey } from '../src/security/master-key';
import { rotateMasterKey } from '../src/security/rotate-keys';

// Synthetic identities, made up for this test
const SIOBHAN = { firstName: 'Siobhan', lastName: 'Kowalczyk', dateOfBirth: '1987-04-23', postcode: 'LS6 2QT' };
// the same woman entered elsewhere: nickname-free typo, different case and spacing
const SIOBHAN_AGAIN = { firstName: 'SIOBHAN', lastName: 'Kowalcyk', dateOfBirth: '1987-04-23', postcode: 'ls62qt' };
const OTHER = { firstName: 'Marguerite', lastName: 'Oyelaran', dateOfBirth: '1987-11-02', postcode: 'M14 5RX' };
const IDENTIFIER_STRINGS = [
  'Siobhan',
  'Kowalczyk',
  'Kowalcyk',
  '1987-04-23',
  '23/04/1987',
  'LS6 2QT',
  'LS62QT',
  'Marguerite',
  'Oyelaran',
  '1987-11-02',
  'M14 5RX',
  'M145RX',
];

const { lines, logger } = captureTraceLogs();

let t: TestApp;
const services: Record<string, string> = {};
const cookies: Record<string, string> = {};
let regionNorth: string;

type Request = { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; payload?: object };
const call = (who: string, url: string, { method = 'GET', payload }: Request = {}) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

async function openCase(who: string, openedAt: string, identifiers?: object): Promise<string> {
  const response = await call(who, '/api/v1/cases', {
    method: 'POST',
    payload: { openedAt, ...(identifiers ? { identifiers } : {}) },
  });
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

beforeAll(async () => {
  t = await buildTestApp({ logger });
  services.a = await seedService(t.owner, 'Riverside Idva Service');
  services.b = await seedService(t.owner, 'Northgate Idva Service');
  services.c = await seedService(t.owner, 'Southfield Outreach');
  for (const s of ['a', 'b', 'c']) {
    await seedUser(t.owner, { email: `prac-${s}@example.org`, serviceId: services[s]!, role: 'practitioner' });
    await seedUser(t.owner, { email: `mgr-${s}@example.org`, serviceId: services[s]!, role: 'manager' });
  }
  await seedUser(t.owner, { email: 'root@example.org', platformRole: 'admin' });
  for (const who of ['prac-a', 'prac-b', 'prac-c', 'mgr-a', 'mgr-b', 'mgr-c', 'root']) {
    cookies[who] = await login(t.app, `${who}@example.org`);
  }
  const north = await call('root', '/api/v1/linkage/regions', {
    method: 'POST',
    payload: { name: 'Northshire Marac' },
  });
  expect(north.statusCode).toBe(201);
  regionNorth = north.json().id;
  const south = await call('root', '/api/v1/linkage/regions', {
    method: 'POST',
    payload: { name: 'Southshire Marac' },
  });
  for (const [region, s] of [
    [regionNorth, 'a'],
    [regionNorth, 'b'],
    [south.json().id, 'c'],
  ] as const) {
    expect(
      (await call('root', `/api/v1/linkage/regions/${region}/services/${services[s]}`, { method: 'PUT' })).statusCode,
    ).toBe(204);
  }
});
afterAll(async () => t.close());

describe('regions and participation', () => {
  test('a service in a region takes part only once its manager opts in', async () => {
    const refused = await call('prac-a', '/api/v1/cases', {
      method: 'POST',
      payload: { openedAt: '2026-01-05', identifiers: { ...SIOBHAN, consent: true } },
    });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).not.toMatch(/Siobhan|Kowalczyk|1987/);
    for (const s of ['a', 'b', 'c']) {
      const opted = await call(`mgr-${s}`, '/api/v1/linkage/participation', {
        method: 'PUT',
        payload: {
          optedIn: true,
          safeguardingContact: `Duty safeguarding lead, ${s.toUpperCase()}: 01632 960${s === 'b' ? '111' : '000'}`,
        },
      });
      expect(opted.statusCode).toBe(200);
      expect(opted.json()).toMatchObject({ optedIn: true });
    }
    const regions = await call('root', '/api/v1/linkage/regions');
    const north = regions.json().items.find((r: { id: string }) => r.id === regionNorth);
    expect(north.services.map((s: { optedIn: boolean }) => s.optedIn)).toEqual([true, true]);
  });

  test('only the platform admin defines regions; a practitioner is refused', async () => {
    expect(
      (await call('mgr-a', '/api/v1/linkage/regions', { method: 'POST', payload: { name: 'X' } })).statusCode,
    ).toBe(403);
    expect((await call('prac-a', '/api/v1/linkage/regions')).statusCode).toBe(403);
  });
});

describe('the signal', () => {
  let caseB: string;
  let caseA: string;

  test('a case with no identifiers opens as before and has no encoding', async () => {
    const id = await openCase('prac-a', '2026-02-01');
    const linkage = await call('prac-a', `/api/v1/cases/${id}/linkage`);
    expect(linkage.json()).toEqual({ encoded: false, consent: null, reason: null, matches: [] });
    const rows = await sql<{ n: number }>`select count(*)::int n from case_linkage where case_id = ${id}`.execute(
      t.owner,
    );
    expect(rows.rows[0]!.n).toBe(0);
  });

  test('a match across two services of a region is shown to the second practitioner, with the other service and its contact', async () => {
    caseB = await openCase('prac-b', '2026-03-02', { ...SIOBHAN, consent: true });
    await sql`update cases set status = 'closed', closed_at = '2026-06-15' where id = ${caseB}`.execute(t.owner);
    // nothing to match when B opened it
    expect((await call('prac-b', `/api/v1/cases/${caseB}/linkage`)).json()).toMatchObject({
      encoded: true,
      matches: [],
    });

    caseA = await openCase('prac-a', '2026-09-10', { ...SIOBHAN_AGAIN, consent: true });
    const shown = await call('prac-a', `/api/v1/cases/${caseA}/linkage`);
    expect(shown.statusCode).toBe(200);
    const body = shown.json();
    expect(body.matches).toHaveLength(1);
    expect(body.matches[0]).toMatchObject({
      serviceName: 'Northgate Idva Service',
      serviceKind: 'idva',
      safeguardingContact: 'Duty safeguarding lead, B: 01632 960111',
      from: '2026-03-02',
      to: '2026-06-15',
      sameService: false,
      decision: null,
    });
    // nothing of the other case: no id, reference or answers
    expect(JSON.stringify(body)).not.toContain(caseB);
  });

  test('the match is audited in both services, and service B’s managers see that it was shown', async () => {
    const audit = await sql<{ service_id: string; action: string; object_id: string }>`
      select service_id, action, object_id from audit_log where action like 'linkage.match_%' order by id`.execute(
      t.owner,
    );
    expect(audit.rows).toEqual([
      { service_id: services.a, action: 'linkage.match_shown', object_id: caseA },
      { service_id: services.b, action: 'linkage.match_disclosed', object_id: caseB },
    ]);
    const disclosures = await call('mgr-b', '/api/v1/linkage/disclosures');
    expect(disclosures.statusCode).toBe(200);
    expect(disclosures.json().items).toEqual([
      expect.objectContaining({ caseId: caseB, shownToService: 'Riverside Idva Service' }),
    ]);
    // not to service A's managers, nor to B's practitioners
    expect((await call('mgr-a', '/api/v1/linkage/disclosures')).json().items).toEqual([]);
    expect((await call('prac-b', '/api/v1/linkage/disclosures')).statusCode).toBe(403);
  });

  test('no match across regions', async () => {
    const caseC = await openCase('prac-c', '2026-10-01', { ...SIOBHAN, consent: true });
    expect((await call('prac-c', `/api/v1/cases/${caseC}/linkage`)).json().matches).toEqual([]);
  });

  test('a different person in the same region is not matched', async () => {
    const other = await openCase('prac-a', '2026-10-02', { ...OTHER, consent: true });
    expect((await call('prac-a', `/api/v1/cases/${other}/linkage`)).json().matches).toEqual([]);
  });

  test('a rejected match is not shown again, even when the identifiers are entered again', async () => {
    const matchId = (await call('prac-a', `/api/v1/cases/${caseA}/linkage`)).json().matches[0].id;
    const rejected = await call('prac-a', `/api/v1/cases/${caseA}/linkage/matches/${matchId}`, {
      method: 'PUT',
      payload: { decision: 'rejected' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().matches).toEqual([]);
    const again = await call('prac-a', `/api/v1/cases/${caseA}/linkage`, {
      method: 'POST',
      payload: { ...SIOBHAN, consent: true },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().matches).toEqual([]);
    const decided = await sql<{ decision: string }>`select decision from linkage_matches where id = ${matchId}`.execute(
      t.owner,
    );
    expect(decided.rows[0]!.decision).toBe('rejected');
  });

  test('a practitioner cannot read or decide on another service’s case linkage (404)', async () => {
    expect((await call('prac-b', `/api/v1/cases/${caseA}/linkage`)).statusCode).toBe(404);
  });

  test('checking without consent needs a reason; bad identifiers are named without echoing them', async () => {
    const id = await openCase('prac-a', '2026-10-03');
    const noReason = await call('prac-a', `/api/v1/cases/${id}/linkage`, {
      method: 'POST',
      payload: { ...OTHER, consent: false },
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().details).toEqual([expect.objectContaining({ pointer: '/reason' })]);
    const badDate = await call('prac-a', '/api/v1/cases', {
      method: 'POST',
      payload: { openedAt: '2026-10-03', identifiers: { ...OTHER, dateOfBirth: '1987-02-30', consent: true } },
    });
    const future = await call('prac-a', `/api/v1/cases/${id}/linkage`, {
      method: 'POST',
      payload: { ...OTHER, dateOfBirth: '2999-01-01', consent: true },
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().details).toEqual([expect.objectContaining({ pointer: '/dateOfBirth' })]);
    expect(JSON.stringify(future.json())).not.toMatch(/2999/);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().details).toEqual([expect.objectContaining({ pointer: '/identifiers/dateOfBirth' })]);
    expect(JSON.stringify(badDate.json())).not.toMatch(/Marguerite|Oyelaran|1987-02-30/);
    const withReason = await call('prac-a', `/api/v1/cases/${id}/linkage`, {
      method: 'POST',
      payload: { ...OTHER, consent: false, reason: 'risk_of_serious_harm' },
    });
    expect(withReason.statusCode).toBe(200);
    expect(withReason.json()).toMatchObject({ encoded: true, consent: false, reason: 'risk_of_serious_harm' });
  });

  test('after a key rotation a new epoch starts and encodings of the old one are not matched', async () => {
    const rotated = await call('root', `/api/v1/linkage/regions/${regionNorth}/key-rotation`, { method: 'POST' });
    expect(rotated.statusCode).toBe(204);
    const fresh = await openCase('prac-b', '2026-11-01', { ...SIOBHAN, consent: true });
    expect((await call('prac-b', `/api/v1/cases/${fresh}/linkage`)).json().matches).toEqual([]);
    const epochs = await sql<{ n: number }>`
      select count(distinct key_id)::int n from case_linkage where region_id = ${regionNorth}`.execute(t.owner);
    expect(epochs.rows[0]!.n).toBe(2);
  });
});

describe('figures', () => {
  const repeatFigures = (body: { sections: { key: string; figures: { key: string }[] }[] }) =>
    body.sections
      .find((s) => s.key === 'risk')!
      .figures.filter((f) => f.key === 'repeat_linkage' || f.key === 'repeat_self_reported');

  test('the service report gives the linkage repeat figure beside the self-reported one', async () => {
    const report = await call('mgr-a', '/api/v1/reports/service?from=2026-01-01&to=2026-11-30&format=json');
    expect(report.statusCode).toBe(200);
    // one repeat among the few clients checked: a small count, hidden by disclosure control (a
    // zero would be shown), beside the self-reported figure (no intake submitted: 0 of 0)
    expect(repeatFigures(report.json())).toEqual([
      expect.objectContaining({ key: 'repeat_self_reported', numerator: 0, denominator: 0 }),
      expect.objectContaining({ key: 'repeat_linkage', suppressed: true, suppression: 'primary' }),
    ]);
  });

  test('the national report gives both for the sharing services', async () => {
    const national = () => call('root', '/api/v1/reports/national?from=2026-01-01&to=2026-11-30&format=json');
    const before = repeatFigures((await national()).json());
    expect(before.find((f) => (f as { key: string }).key === 'repeat_linkage')).toMatchObject({ value: null });
    await sql`update services set shares_national_dataset = true, shares_national_dataset_from = '2020-01-01'
      where id in (${services.a!}, ${services.b!})`.execute(t.owner);
    await sql`update cases set consent_research = true where service_id in (${services.a!}, ${services.b!})`.execute(
      t.owner,
    );
    const report = await national();
    expect(report.statusCode).toBe(200);
    expect(repeatFigures(report.json())).toEqual([
      expect.objectContaining({ key: 'repeat_self_reported' }),
      expect.objectContaining({ key: 'repeat_linkage', suppressed: true, suppression: 'primary' }),
    ]);
  });
});

describe('identifiers are never kept', () => {
  const found = (text: string) => IDENTIFIER_STRINGS.filter((s) => text.toLowerCase().includes(s.toLowerCase()));

  test('not in any table (audit log and idempotency records included)', async () => {
    // an idempotent opening too: its stored request hash must not be a plain hash of the identifiers
    const keyed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: cookies['prac-b']!, 'idempotency-key': 'linkage-1' },
      payload: { openedAt: '2026-11-02', identifiers: { ...OTHER, consent: true } },
    });
    expect(keyed.statusCode).toBe(201);
    // the same identifiers in another key order replay the first opening
    const { firstName, lastName, dateOfBirth, postcode } = OTHER;
    const replayed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: cookies['prac-b']!, 'idempotency-key': 'linkage-1' },
      payload: { identifiers: { consent: true, postcode, dateOfBirth, lastName, firstName }, openedAt: '2026-11-02' },
    });
    expect(replayed.statusCode).toBe(201);
    expect(replayed.json().id).toBe(keyed.json().id);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
      t.owner,
    );
    let everything = '';
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ row: unknown }>`select to_jsonb(x) as row from ${sql.table(table_name)} x`.execute(
        t.owner,
      );
      everything += JSON.stringify(rows.rows);
    }
    expect(everything.length).toBeGreaterThan(10_000);
    expect(found(everything)).toEqual([]);
  });

  test('not in the logs at trace level', () => {
    const text = lines.join('');
    expect(text.length).toBeGreaterThan(1000);
    expect(found(text)).toEqual([]);
  });

  test('not in a backup made by the CLI’s backup code', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-linkage-')), 'backup.txt');
    try {
      const manifest = await writeBackup(t.database.ownerUrl, file);
      expect(manifest.tables.find((m) => m.name === 'case_linkage')!.rows).toBeGreaterThan(0);
      expect(found(fs.readFileSync(file, 'utf8'))).toEqual([]);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  test('a stolen dump without the master key cannot be matched against candidate names', async () => {
    const stored = await sql<{ bloom: string; key_id: string; region_id: string; wrapped_key: string }>`
      select l.bloom::text as bloom, l.key_id, l.region_id, k.wrapped_key
      from case_linkage l join cases c on c.id = l.case_id join linkage_keys k on k.id = l.key_id
      where c.opened_at = '2026-03-02'`.execute(t.owner);
    const row = stored.rows[0]!;
    const filter = fromBytes(Buffer.from(BigInt(`0b${row.bloom}`).toString(16).padStart(256, '0'), 'hex'));
    const candidate = normaliseIdentifiers({ ...SIOBHAN, consent: true } as never, '2026-12-01').identity!;
    // the thief's best guesses at a key: anything 32 bytes long in the dump, or none at all
    const guesses = [
      Buffer.alloc(32),
      ...row.wrapped_key
        .split('.')
        .map((part) => Buffer.from(part, 'base64url').subarray(0, 32))
        .filter((b) => b.length === 32),
    ];
    for (const key of guesses) {
      const guess = new Encoder({ id: 'thief', key }).encode(candidate);
      expect(dice(guess.bits, filter)).toBeLessThan(0.5);
    }
    // with the master key (kept outside the database) the same candidate does match
    const key = unwrapLinkageKey(parseMasterKey(TEST_MASTER_KEY), row.region_id, row.key_id, row.wrapped_key);
    const real = new Encoder({ id: row.key_id, key }).encode(candidate);
    expect(dice(real.bits, filter)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });
});

test('rotating the master key re-wraps every linkage key, every epoch included', async () => {
  const from = parseMasterKey(TEST_MASTER_KEY);
  const to = parseMasterKey(newMasterKeyText());
  const report = await rotateMasterKey(t.owner, from, to);
  const keys = await sql<{ region_id: string; id: string; wrapped_key: string; master_key_id: string }>`
    select region_id, id, wrapped_key, master_key_id from linkage_keys`.execute(t.owner);
  // the northern region's two epochs and the southern region's one
  expect(report.linkageKeys).toBe(3);
  expect(keys.rows).toHaveLength(3);
  for (const key of keys.rows) {
    expect(key.master_key_id).toBe(to.id);
    expect(unwrapLinkageKey(to, key.region_id, key.id, key.wrapped_key)).toHaveLength(32);
    expect(() => unwrapLinkageKey(from, key.region_id, key.id, key.wrapped_key)).toThrow(/another master key/);
  }
});

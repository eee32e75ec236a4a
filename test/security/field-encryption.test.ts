import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withTenant } from '@harbour/db';
import { sql } from 'kysely';
import { aadBytes, open, seal } from '../../apps/api/src/security/envelope';
import { Keyring } from '../../apps/api/src/security/keyring';
import { newMasterKeyText, parseMasterKey, resolveMasterKey } from '../../apps/api/src/security/master-key';
import { rotateMasterKey } from '../../apps/api/src/security/rotate-keys';
import { AnswerSealer } from '../../apps/api/src/security/sealed-answers';
import { buildTestApp, seedService, seedUser, TEST_MASTER_KEY, type TestApp, testKeyring } from '../helpers/app';

const COMMENT = 'She said the locks were changed on 3 March and he still has a key';

let t: TestApp;
let serviceA: string;
let serviceB: string;
let caseA1: string;
let caseA2: string;
beforeAll(async () => {
  t = await buildTestApp();
  serviceA = await seedService(t.owner, 'Service A');
  serviceB = await seedService(t.owner, 'Service B');
  const worker = await seedUser(t.owner, { email: 'w@example.org', serviceId: serviceA, role: 'practitioner' });
  const cases = await t.owner
    .insertInto('cases')
    .values([
      { service_id: serviceA, worker_id: worker, opened_at: '2025-01-06' },
      { service_id: serviceA, worker_id: worker, opened_at: '2025-01-07' },
    ])
    .returning('id')
    .execute();
  caseA1 = cases[0]!.id;
  caseA2 = cases[1]!.id;
});
afterAll(async () => t.close());

const asManager = <T>(serviceId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(t.db, { serviceId, userId: null, role: 'manager' }, fn);
const sealer = (ring = testKeyring()) => new AnswerSealer(ring, t.registry);

async function storeExit(caseId: string, comments: string) {
  await asManager(serviceA, async (tx) => {
    const { answers, sealed } = await sealer().sealAnswers(tx, {
      serviceId: serviceA,
      caseId,
      formKey: 'core.client_exit',
      answers: { comments, feel_safer: 'yes' },
    });
    await tx
      .insertInto('responses')
      .values({
        service_id: serviceA,
        case_id: caseId,
        form_key: 'core.client_exit',
        module_key: 'core',
        form_version: 1,
        status: 'draft',
        source: 'client',
        answers: JSON.stringify(answers),
        sealed: JSON.stringify(sealed),
      })
      .execute();
  });
}

async function readExit(ring: Keyring, serviceId: string, caseId: string, sealedFrom = caseId) {
  const r = await t.owner
    .selectFrom('responses')
    .selectAll()
    .where('case_id', '=', sealedFrom)
    .executeTakeFirstOrThrow();
  return asManager(serviceId, (tx) =>
    sealer(ring).unsealAnswers(tx, {
      serviceId,
      caseId,
      formKey: r.form_key,
      answers: r.answers,
      sealed: r.sealed,
    }),
  );
}

test('the module marks core.client_exit.comments sensitive', () => {
  expect(t.registry.sensitiveKeys('core.client_exit')).toContain('comments');
});

test('a free-text answer is stored as AES-256-GCM ciphertext: the raw row holds no plaintext, reading opens it', async () => {
  await storeExit(caseA1, COMMENT);
  const raw = await sql<{
    row: string;
  }>`select row_to_json(r)::text as row from responses r where case_id = ${caseA1}`.execute(t.owner);
  expect(raw.rows[0]?.row).not.toContain('locks were changed');
  expect(raw.rows[0]?.row).toMatch(/"comments": ?"hb1\./);
  expect(raw.rows[0]?.row).toContain('feel_safer');
  expect(await readExit(testKeyring(), serviceA, caseA1)).toEqual({ comments: COMMENT, feel_safer: 'yes' });
  // the data key is stored wrapped by the master key, never in the clear
  const keys = await sql<{
    wrapped_key: string;
  }>`select wrapped_key from data_keys where service_id = ${serviceA}`.execute(t.owner);
  expect(keys.rows).toHaveLength(1);
  expect(keys.rows[0]?.wrapped_key).toMatch(/^hb1\.m[0-9a-f]{16}\./);
});

test('a ciphertext moved to another row does not open, and another service cannot reach the key', async () => {
  await storeExit(caseA2, 'something else');
  await expect(readExit(testKeyring(), serviceA, caseA2, caseA1)).rejects.toThrow(/does not open here/);
  // service B cannot even find service A's data key (row-level security on data_keys)
  await expect(readExit(new Keyring(parseMasterKey(TEST_MASTER_KEY)), serviceB, caseA1)).rejects.toThrow(
    /not a key of this service/,
  );
});

test('envelopes: the AAD binds table, service, row and field; a truncated tag is refused', () => {
  const key = Buffer.alloc(32, 1);
  const where = { table: 'responses', serviceId: 's1', row: 'c1/f', field: 'comments' };
  const envelope = seal(key, 'k1', Buffer.from('text'), where);
  expect(open(key, envelope, where).toString()).toBe('text');
  for (const other of [
    { ...where, table: 'cases' },
    { ...where, serviceId: 's2' },
    { ...where, row: 'c2/f' },
    { ...where, field: 'other' },
  ]) {
    expect(() => open(key, envelope, other)).toThrow();
  }
  const parts = envelope.split('.');
  const body = Buffer.from(parts[3] ?? '', 'base64url');
  const truncated = [...parts.slice(0, 3), body.subarray(0, body.length - 4).toString('base64url')].join('.');
  expect(() => open(key, truncated, where)).toThrow();
  expect(aadBytes(where).toString()).toContain('responses');
});

test('rotate-keys re-wraps every data key and TOTP secret under a new master key; old values still open', async () => {
  const from = parseMasterKey(TEST_MASTER_KEY);
  const to = parseMasterKey(newMasterKeyText());
  const user = await t.owner.selectFrom('users').select('id').executeTakeFirstOrThrow();
  await t.owner
    .updateTable('users')
    .set({ totp_secret: new Keyring(from).sealUserSecret(user.id, 'totp_secret', 'ABCDEFGH') })
    .execute();
  const report = await rotateMasterKey(t.owner, from, to, { retireDataKeys: true });
  expect(report).toMatchObject({ dataKeys: 1, userSecrets: 1, retiredDataKeys: 1 });
  const keys = await sql<{ master_key_id: string }>`select master_key_id from data_keys`.execute(t.owner);
  expect(keys.rows.every((k) => k.master_key_id === to.id)).toBe(true);
  expect((await readExit(new Keyring(to), serviceA, caseA1)).comments).toBe(COMMENT);
  const secret = await t.owner
    .selectFrom('users')
    .select('totp_secret')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  expect(new Keyring(to).openUserSecret(user.id, 'totp_secret', secret.totp_secret ?? '')).toBe('ABCDEFGH');
  // the old master key no longer unwraps anything
  await expect(readExit(new Keyring(from), serviceA, caseA1)).rejects.toThrow(/another master key/);
  // new writes get a fresh data key; the retired one stays for reading
  await asManager(serviceA, (tx) => new Keyring(to).currentKey(tx, serviceA));
  const count = await sql<{ n: number }>`select count(*)::int n from data_keys where service_id = ${serviceA}`.execute(
    t.owner,
  );
  expect(count.rows[0]?.n).toBe(2);
});

test('the master key: production refuses to start without one; development generates one, mode 600, and says so', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-key-'));
  expect(() => resolveMasterKey({ env: 'production', masterKey: undefined, dataDir: dir }, () => undefined)).toThrow(
    /HARBOUR_MASTER_KEY is required in production/,
  );
  const said: string[] = [];
  const first = resolveMasterKey({ env: 'development', masterKey: undefined, dataDir: dir }, (m) => said.push(m));
  expect(first.origin).toBe('generated');
  expect(said[0]).toMatch(/generated a development master key/);
  expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  const again = resolveMasterKey({ env: 'development', masterKey: undefined, dataDir: dir }, () => undefined);
  expect(again.id).toBe(first.id);
  expect(() => parseMasterKey('c2hvcnQ=')).toThrow(/32 bytes/);
  fs.rmSync(dir, { recursive: true });
});

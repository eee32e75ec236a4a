import type { Fixture } from '../../packages/reports/test/fixture';
import { login, TEST_TOTP_SECRET, type TestApp, testKeyring, testPasswordHash } from './app';

export type FixtureUser = keyof Fixture['users'];

// The fixture's managers and its researcher: the roles that must have a second factor.
const SECOND_FACTOR: readonly FixtureUser[] = ['MA', 'MB', 'R'];

/**
 * Signs in the named users of the reports fixture (packages/reports/test/fixture) through the
 * API and returns their Cookie headers by name. The fixture inserts users without credentials:
 * each named one first gets TEST_PASSWORD, and the managers and the researcher TEST_TOTP_SECRET,
 * as seedUser gives them.
 */
export async function signInFixtureUsers(
  t: TestApp,
  fixture: Fixture,
  names: readonly FixtureUser[],
): Promise<Record<string, string>> {
  const hash = await testPasswordHash();
  const cookies: Record<string, string> = {};
  for (const name of names) {
    const id = fixture.users[name];
    await t.owner
      .updateTable('users')
      .set({
        password_hash: hash,
        ...(SECOND_FACTOR.includes(name)
          ? {
              totp_secret: testKeyring().sealUserSecret(id, 'totp_secret', TEST_TOTP_SECRET),
              totp_enabled_at: new Date(),
            }
          : {}),
      })
      .where('id', '=', id)
      .execute();
    cookies[name] = await login(t.app, `${name.toLowerCase()}@example.org`);
  }
  return cookies;
}

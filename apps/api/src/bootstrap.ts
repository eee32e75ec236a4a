import type { Db } from '@harbour/db';
import { sql } from 'kysely';
import { hashPassword, passwordProblems } from './auth/passwords';
import { newSecret } from './auth/tokens';
import type { Config } from './config';

export type BootstrapResult =
  | { created: false }
  | { created: true; email: string; oneTimePassword: string | undefined };

/**
 * Creates the first platform admin when there is none: from HARBOUR_ADMIN_EMAIL and
 * HARBOUR_ADMIN_PASSWORD, or with a random one-time password that must be changed at first
 * sign-in. Runs once; a second start finds the admin and does nothing.
 */
export async function bootstrapAdmin(ownerDb: Db, config: Config): Promise<BootstrapResult> {
  return ownerDb.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7262010002)`.execute(tx);
    const existing = await tx.selectFrom('users').select('id').where('platform_role', '=', 'admin').executeTakeFirst();
    if (existing) return { created: false } as const;
    const given = config.admin.password;
    if (given) {
      const problems = passwordProblems(given, 'HARBOUR_ADMIN_PASSWORD');
      if (problems.length) throw new Error(`HARBOUR_ADMIN_PASSWORD ${problems[0]?.message}`);
    }
    const password = given ?? newSecret().slice(0, 20);
    await tx
      .insertInto('users')
      .values({
        email: config.admin.email.toLowerCase(),
        name: 'Platform admin',
        platform_role: 'admin',
        password_hash: await hashPassword(password),
        must_change_password: !given,
      })
      .execute();
    return { created: true, email: config.admin.email.toLowerCase(), oneTimePassword: given ? undefined : password };
  });
}

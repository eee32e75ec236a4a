/**
 * Accounts and memberships. An account is the platform admin's to create and disable; a
 * membership (an account's place in one service) is the service manager's to end. A manager
 * never acts on an account itself, and learns nothing of accounts outside their service.
 */
import type { Member } from '@harbour/contract';
import { withTenant } from '@harbour/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { newSecret } from '../auth/tokens';
import { auditAlone, auditInTx } from '../lib/audit';
import { conflict, notFound, unprocessable } from '../lib/errors';
import { assertServiceAccess } from './services';

export type NewPlatformUser = { email: string; name: string; platformRole: 'admin' | 'researcher'; password?: string };

export const normalEmail = (email: string) => email.trim().toLowerCase();

/** The given password (checked), or a one-time one the person must change at first sign-in. */
export async function passwordFor(given: string | undefined, pointer: string) {
  if (given !== undefined) {
    const problems = passwordProblems(given, pointer);
    if (problems.length) throw unprocessable('Choose another password', problems);
    return { hash: await hashPassword(given), oneTime: undefined, mustChange: false };
  }
  const oneTime = newSecret().slice(0, 20);
  return { hash: await hashPassword(oneTime), oneTime, mustChange: true };
}

export async function createPlatformUser(app: FastifyInstance, request: FastifyRequest, b: NewPlatformUser) {
  const email = normalEmail(b.email);
  const password = await passwordFor(b.password, '/password');
  const row = await app.db
    .insertInto('users')
    .values({
      email,
      name: b.name,
      platform_role: b.platformRole,
      password_hash: password.hash,
      must_change_password: password.mustChange,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(['id'])
    .executeTakeFirst();
  if (!row) throw conflict('A user with this email exists');
  await auditAlone(
    app.db,
    request,
    {
      action: 'user.created',
      objectType: 'user',
      objectId: row.id,
      status: 201,
      details: { platformRole: b.platformRole },
    },
    { serviceId: null },
  );
  return {
    id: row.id,
    email,
    name: b.name,
    platformRole: b.platformRole,
    ...(password.oneTime ? { oneTimePassword: password.oneTime } : {}),
  };
}

/** The platform admin's alone: the account stops everywhere, its sessions and tokens at once. */
export async function disableAccount(app: FastifyInstance, request: FastifyRequest, userId: string): Promise<void> {
  const now = app.clock();
  const disabled = await app.db.transaction().execute(async (tx) => {
    const result = await tx.updateTable('users').set({ disabled_at: now }).where('id', '=', userId).executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await tx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    return true;
  });
  if (!disabled) throw notFound();
  await auditAlone(
    app.db,
    request,
    { action: 'user.disabled', objectType: 'user', objectId: userId, status: 204 },
    { serviceId: null },
  );
}

export async function membersOf(app: FastifyInstance, request: FastifyRequest, serviceId: string): Promise<Member[]> {
  const auth = request.auth!;
  assertServiceAccess(auth, serviceId, true);
  const rows = await withTenant(app.db, { serviceId, userId: auth.userId, role: auth.role }, (tx) =>
    tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.disabled_at', 'm.role', 'm.practitioner_role', 'm.fte'])
      .where('m.service_id', '=', serviceId)
      .orderBy('u.name')
      .execute(),
  );
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    practitionerRole: r.practitioner_role,
    fte: Number(r.fte),
    disabled: r.disabled_at !== null,
  }));
}

/**
 * Ends one membership of the service; the account and its other memberships stay. Memberships
 * are read afresh with every request, so the person's sessions lose the service at once. A service
 * keeps at least one manager, so nobody can leave it unmanaged by accident.
 */
export async function endMembership(
  app: FastifyInstance,
  request: FastifyRequest,
  serviceId: string,
  userId: string,
): Promise<void> {
  const auth = request.auth!;
  assertServiceAccess(auth, serviceId, true);
  await withTenant(app.db, { serviceId, userId: auth.userId, role: auth.role }, async (tx) => {
    const managers = await tx
      .selectFrom('memberships')
      .select(['user_id', 'role'])
      .where('service_id', '=', serviceId)
      .where('role', '=', 'manager')
      .forUpdate()
      .execute();
    const removed = await tx
      .deleteFrom('memberships')
      .where('service_id', '=', serviceId)
      .where('user_id', '=', userId)
      .returning('role')
      .executeTakeFirst();
    if (!removed) throw notFound();
    if (removed.role === 'manager' && managers.length <= 1) {
      throw conflict('A service needs a manager: invite another manager before this one leaves');
    }
    await auditInTx(
      tx,
      request,
      { action: 'member.removed', objectType: 'user', objectId: userId, status: 204, details: { role: removed.role } },
      serviceId,
    );
  });
}

/**
 * Joining a service is by invitation only (issue 13). A manager invites an email; the reply is
 * the same whether an account with that email exists or not, and says nothing of it. The person
 * accepts with the invitation's one-time secret (a link or the code itself) before it expires:
 * someone new creates their account with it; someone who already has an account accepts while
 * signed in as that account. Platform admins and researchers never join a service.
 */
import { type MemberRole, type PractitionerRole, withTenant } from '@harbour/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { newSecret, secretHash } from '../auth/tokens';
import { auditInTx } from '../lib/audit';
import { AppError, conflict, notFound, unprocessable } from '../lib/errors';
import { normalEmail, passwordFor } from './members';
import { assertServiceAccess, assertServiceExists } from './services';
import { withAccountTables } from './tables';

export const INVITATION_DAYS = 7;
const TOKEN_PATTERN = /^hbi_[A-Za-z0-9_-]{43}$/;

export type NewInvitation = { email: string; role: MemberRole; practitionerRole?: PractitionerRole; fte?: number };
export type Acceptance = { token: string; name?: string; password?: string };

export type Invitation = {
  id: string;
  email: string;
  role: MemberRole;
  practitionerRole: PractitionerRole | null;
  fte: number;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
};

type InvitationRow = {
  id: string;
  email: string;
  role: MemberRole;
  practitioner_role: PractitionerRole | null;
  fte: number | string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
};

function invitationOut(r: InvitationRow, now: Date): Invitation {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    practitionerRole: r.practitioner_role,
    fte: Number(r.fte),
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    status: r.accepted_at ? 'accepted' : r.revoked_at ? 'revoked' : r.expires_at <= now ? 'expired' : 'pending',
  };
}

const INVITATION_COLUMNS = [
  'id',
  'email',
  'role',
  'practitioner_role',
  'fte',
  'created_at',
  'expires_at',
  'accepted_at',
  'revoked_at',
] as const;

/** A new invitation; its secret is in the reply once, as a link and as a code. */
export async function invite(app: FastifyInstance, request: FastifyRequest, serviceId: string, b: NewInvitation) {
  const auth = request.auth!;
  assertServiceAccess(auth, serviceId, true);
  const token = newSecret('hbi_');
  const now = app.clock();
  const row = await withTenant(app.db, { serviceId, userId: auth.userId, role: auth.role }, async (tx) => {
    await assertServiceExists(tx, serviceId);
    const created = await withAccountTables(tx)
      .insertInto('invitations')
      .values({
        service_id: serviceId,
        email: normalEmail(b.email),
        role: b.role,
        practitioner_role: b.practitionerRole ?? null,
        fte: b.fte ?? 1,
        token_hash: secretHash(token),
        created_by: auth.userId,
        expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      })
      .returning(INVITATION_COLUMNS)
      .executeTakeFirstOrThrow();
    await auditInTx(
      tx,
      request,
      {
        action: 'invitation.created',
        objectType: 'invitation',
        objectId: created.id,
        status: 201,
        details: { role: b.role },
      },
      serviceId,
    );
    return created;
  });
  return { ...invitationOut(row, now), code: token, url: `${app.publicUrl()}/invitations/${token}` };
}

export async function invitationsOf(app: FastifyInstance, request: FastifyRequest, serviceId: string) {
  const auth = request.auth!;
  assertServiceAccess(auth, serviceId, true);
  const now = app.clock();
  const rows = await withTenant(app.db, { serviceId, userId: auth.userId, role: auth.role }, (tx) =>
    withAccountTables(tx)
      .selectFrom('invitations')
      .select(INVITATION_COLUMNS)
      .where('service_id', '=', serviceId)
      .orderBy('created_at', 'desc')
      .execute(),
  );
  return rows.map((r) => invitationOut(r, now));
}

export async function revokeInvitation(
  app: FastifyInstance,
  request: FastifyRequest,
  serviceId: string,
  invitationId: string,
): Promise<void> {
  const auth = request.auth!;
  assertServiceAccess(auth, serviceId, true);
  await withTenant(app.db, { serviceId, userId: auth.userId, role: auth.role }, async (tx) => {
    const revoked = await withAccountTables(tx)
      .updateTable('invitations')
      .set({ revoked_at: app.clock() })
      .where('service_id', '=', serviceId)
      .where('id', '=', invitationId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (revoked.numUpdatedRows === 0n) throw notFound();
    await auditInTx(
      tx,
      request,
      { action: 'invitation.revoked', objectType: 'invitation', objectId: invitationId, status: 204 },
      serviceId,
    );
  });
}

const notValid = () => new AppError(404, 'This invitation is not valid: it was used, withdrawn or has expired');

/**
 * Accepts an invitation: the account (when new) and the membership are written in one
 * transaction with the invitation's use, so a failure leaves nothing half-done and a secret
 * works once even when sent twice at the same moment.
 */
export async function acceptInvitation(app: FastifyInstance, request: FastifyRequest, b: Acceptance) {
  if (!TOKEN_PATTERN.test(b.token)) throw notValid();
  const tokenHash = secretHash(b.token);
  const { rows } = await sql<{
    service_id: string | null;
  }>`select invitation_service(${tokenHash}) as service_id`.execute(app.db);
  const serviceId = rows[0]?.service_id;
  if (!serviceId) throw notValid();
  const auth = request.auth;
  // a fully signed-in session: an API token does not change what its account belongs to
  const signedIn =
    auth?.via === 'session' && auth.secondFactorDone && !auth.mustChangePassword && !auth.mustEnrolSecondFactor
      ? auth
      : null;
  const now = app.clock();
  // hashed before the transaction: argon2 is slow on purpose and must not hold row locks
  const password = b.password !== undefined ? await passwordFor(b.password, '/password') : undefined;
  const joined = await withTenant(app.db, { serviceId, userId: signedIn?.userId ?? null, role: null }, async (tx) => {
    const invitation = await withAccountTables(tx)
      .selectFrom('invitations')
      .select(['id', 'email', 'role', 'practitioner_role', 'fte', 'expires_at', 'accepted_at', 'revoked_at'])
      .where('token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
    if (!invitation || invitation.accepted_at || invitation.revoked_at || invitation.expires_at <= now)
      throw notValid();
    const account = await tx
      .selectFrom('users')
      .select(['id', 'platform_role', 'disabled_at'])
      .where('email', '=', invitation.email)
      .executeTakeFirst();
    let userId: string;
    if (account) {
      // only the account's owner, signed in, can bring an existing account into a service
      if (signedIn?.userId !== account.id) {
        throw conflict('Sign in as the person this invitation is for, then open the invitation again');
      }
      if (account.platform_role !== null || account.disabled_at) {
        throw conflict('Platform accounts do not join services: ask for an invitation to another email');
      }
      userId = account.id;
    } else {
      if (signedIn) throw conflict('This invitation is for another email: sign out to accept it');
      const problems = [
        ...(b.name === undefined ? [{ pointer: '/name', message: 'is required to create your account' }] : []),
        ...(password === undefined ? [{ pointer: '/password', message: 'is required to create your account' }] : []),
      ];
      if (problems.length > 0 || !password || !b.name)
        throw unprocessable('Tell us your name and a password', problems);
      const created = await tx
        .insertInto('users')
        .values({ email: invitation.email, name: b.name, password_hash: password.hash, must_change_password: false })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = created.id;
    }
    const added = await tx
      .insertInto('memberships')
      .values({
        service_id: serviceId,
        user_id: userId,
        role: invitation.role,
        practitioner_role: invitation.practitioner_role,
        fte: Number(invitation.fte),
      })
      .onConflict((oc) => oc.columns(['service_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!added) throw conflict('You are already a member of this service');
    await withAccountTables(tx)
      .updateTable('invitations')
      .set({ accepted_at: now, accepted_by: userId })
      .where('id', '=', invitation.id)
      .execute();
    await auditInTx(
      tx,
      request,
      {
        action: 'member.added',
        objectType: 'user',
        objectId: userId,
        status: 201,
        details: { role: invitation.role, invitation: invitation.id, newAccount: !account },
      },
      serviceId,
    );
    return {
      serviceId,
      userId,
      email: invitation.email,
      role: invitation.role,
      practitionerRole: invitation.practitioner_role,
    };
  });
  return joined;
}

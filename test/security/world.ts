import type { InvitationsTable } from '../../apps/api/src/accounts/tables';
import { newSecret, secretHash } from '../../apps/api/src/auth/tokens';
import { buildTestApp, login, seedService, seedUser, type TestApp, type TestAppOptions } from '../helpers/app';

/** Who sends a request in the security suite. */
export const ACTORS = [
  'anonymous',
  'practitioner',
  /** a practitioner of the same service asking about a case that is not theirs (nor shared) */
  'otherPractitioner',
  'manager',
  /** a manager of another service asking about this service's objects */
  'otherServiceManager',
  'researcher',
  'admin',
  /** someone holding a client questionnaire link, presenting its token as a credential */
  'clientLink',
] as const;
export type Actor = (typeof ACTORS)[number];

export const EMAILS = {
  practitioner: 'pat.practitioner@a.example.org',
  otherPractitioner: 'oli.practitioner@a.example.org',
  manager: 'mo.manager@a.example.org',
  otherServiceManager: 'mia.manager@b.example.org',
  researcher: 'rae.researcher@example.org',
  admin: 'ada.admin@example.org',
} as const;

/**
 * Two services; in A a practitioner with a case, a second practitioner, a manager and a client
 * link on the case; in B a manager; a platform researcher and admin. Every actor signed in once.
 */
export type World = {
  t: TestApp;
  serviceA: string;
  serviceB: string;
  userIds: Record<keyof typeof EMAILS, string>;
  caseId: string;
  linkId: string;
  linkToken: string;
  tokenId: string;
  /** Request headers that present an actor's credentials. */
  headers: Record<Actor, Record<string, string>>;
  /** A new open case of the practitioner in service A (for cells that change or close a case). */
  freshCase(): Promise<string>;
  /** A new practitioner of service A (for cells that disable a user). */
  freshUser(): Promise<string>;
  /** A fresh session for a signed-in actor (for cells that end or change their session). */
  freshHeaders(actor: Actor): Promise<Record<string, string>>;
  /** A new account: a practitioner of service B, a platform researcher or a platform admin. */
  freshAccount(kind: 'serviceB' | 'researcher' | 'admin'): Promise<{ id: string; email: string }>;
  /** A pending invitation to service A for an email, with its secret. */
  freshInvitation(email: string): Promise<{ id: string; token: string }>;
};

export async function buildWorld(options: TestAppOptions = {}): Promise<World> {
  const t = await buildTestApp(options);
  const serviceA = await seedService(t.owner, 'Service A', { sharesNationalDataset: true });
  const serviceB = await seedService(t.owner, 'Service B', { sharesNationalDataset: true });
  const userIds = {
    practitioner: await seedUser(t.owner, { email: EMAILS.practitioner, serviceId: serviceA, role: 'practitioner' }),
    otherPractitioner: await seedUser(t.owner, {
      email: EMAILS.otherPractitioner,
      serviceId: serviceA,
      role: 'practitioner',
    }),
    manager: await seedUser(t.owner, { email: EMAILS.manager, serviceId: serviceA, role: 'manager' }),
    otherServiceManager: await seedUser(t.owner, {
      email: EMAILS.otherServiceManager,
      serviceId: serviceB,
      role: 'manager',
    }),
    researcher: await seedUser(t.owner, { email: EMAILS.researcher, platformRole: 'researcher' }),
    admin: await seedUser(t.owner, { email: EMAILS.admin, platformRole: 'admin' }),
  };
  await t.owner
    .insertInto('service_modules')
    .values([serviceA, serviceB].map((id) => ({ service_id: id, module_key: 'core', active_from: '2020-01-01' })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const freshCase = async () =>
    (
      await t.owner
        .insertInto('cases')
        .values({
          service_id: serviceA,
          worker_id: userIds.practitioner,
          opened_at: '2025-01-06',
          practitioner_role: 'idva',
          reference: `REF-${newSecret().slice(0, 6)}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const caseId = await freshCase();
  const linkToken = newSecret();
  const link = await t.owner
    .insertInto('questionnaire_links')
    .values({
      service_id: serviceA,
      case_id: caseId,
      form_key: 'core.client_intake',
      token_hash: secretHash(linkToken),
      created_by: userIds.practitioner,
      expires_at: new Date(Date.now() + 72 * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = await t.owner
    .insertInto('api_tokens')
    .values({
      user_id: userIds.practitioner,
      name: 'script',
      token_hash: secretHash(newSecret()),
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // every sign-in from its own address, so the per-IP sign-in limit never throttles the suite
  let signIns = 0;
  const freshHeaders = async (actor: Actor): Promise<Record<string, string>> => {
    if (actor === 'anonymous') return {};
    if (actor === 'clientLink') return { authorization: `Bearer ${linkToken}` };
    signIns += 1;
    return {
      cookie: await login(t.app, EMAILS[actor], undefined, { remoteAddress: `10.1.${signIns >> 8}.${signIns & 255}` }),
    };
  };
  const headers = {} as Record<Actor, Record<string, string>>;
  for (const actor of ACTORS) headers[actor] = await freshHeaders(actor);
  return {
    t,
    serviceA,
    serviceB,
    userIds,
    caseId,
    linkId: link.id,
    linkToken,
    tokenId: token.id,
    headers,
    freshCase,
    freshUser: () =>
      seedUser(t.owner, {
        email: `${newSecret().slice(0, 8).toLowerCase()}@a.example.org`,
        serviceId: serviceA,
        role: 'practitioner',
      }),
    freshHeaders,
    freshAccount: async (kind) => {
      const email = `${newSecret()
        .slice(0, 8)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}@${kind.toLowerCase()}.example.org`;
      const id = await seedUser(
        t.owner,
        kind === 'serviceB' ? { email, serviceId: serviceB, role: 'practitioner' } : { email, platformRole: kind },
      );
      return { id, email };
    },
    freshInvitation: async (email) => {
      const token = `hbi_${newSecret()}`;
      const row = await t.owner
        .withTables<{ invitations: InvitationsTable }>()
        .insertInto('invitations')
        .values({
          service_id: serviceA,
          email,
          role: 'practitioner',
          practitioner_role: 'idva',
          token_hash: secretHash(token),
          created_by: userIds.manager,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, token };
    },
  };
}

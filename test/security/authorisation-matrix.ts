import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { SecondFactorFailuresTable } from '../../apps/api/src/accounts/tables';
import { newSecret, secretHash } from '../../apps/api/src/auth/tokens';
import type { Actor, World } from './world';

/**
 * THE authorisation matrix: every route of the OpenAPI document × every actor → the status the
 * actor gets. authorisation-matrix.test.ts runs one test per cell, and fails when the OpenAPI
 * document lists a route that is missing here (or this lists one that no longer exists).
 *
 * Columns, in order:
 *   anon  = anonymous
 *   prac  = the practitioner whose case it is
 *   oPrac = another practitioner of the same service (the case is not theirs)
 *   mgr   = the service's manager
 *   oMgr  = a manager of ANOTHER service
 *   res   = platform researcher
 *   admin = platform admin
 *   link  = a client questionnaire link's token presented as a credential
 */
export type Row = readonly [
  anon: number,
  prac: number,
  oPrac: number,
  mgr: number,
  oMgr: number,
  res: number,
  admin: number,
  link: number,
];

export type CellRequest = {
  /** Path parameters (`:id` → value). */
  params?: Record<string, string>;
  query?: Record<string, string>;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Sign the actor in afresh for this cell (it ends, or may end, the session). */
  freshSession?: boolean;
};

export type Entry = {
  expect: Row;
  request?: (world: World, actor: Actor) => CellRequest | Promise<CellRequest>;
};

const unique = () =>
  newSecret()
    .slice(0, 10)
    .replace(/[^a-z0-9]/gi, 'x')
    .toLowerCase();

async function freshLink(world: World, caseId: string): Promise<string> {
  const row = await world.t.owner
    .insertInto('questionnaire_links')
    .values({
      service_id: world.serviceA,
      case_id: caseId,
      form_key: 'core.client_intake',
      token_hash: secretHash(newSecret()),
      created_by: world.userIds.practitioner,
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A project of service A (migration 0051). */
async function freshProject(world: World): Promise<string> {
  const row = await world.t.owner
    .insertInto('projects')
    .values({ service_id: world.serviceA, name: `Project ${unique()}`, starts_on: '2025-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A case-file audit of service A's case, in a sample its manager drew (migration 0052). */
async function freshAudit(world: World): Promise<string> {
  const sample = await world.t.owner
    .insertInto('case_audit_samples')
    .values({
      service_id: world.serviceA,
      drawn_by: world.userIds.manager,
      period_from: '2025-01-01',
      period_to: '2025-12-31',
      per_worker: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const audit = await world.t.owner
    .insertInto('case_audits')
    .values({
      service_id: world.serviceA,
      sample_id: sample.id,
      case_id: await world.freshCase(),
      worker_id: world.userIds.practitioner,
    })
    .returning(['id', 'sample_id'])
    .executeTakeFirstOrThrow();
  return `${audit.id}|${audit.sample_id}`;
}

/** A linkage region of its own and a service of its own (optionally already in the region). */
async function freshRegion(world: World, withService = false): Promise<{ regionId: string; serviceId: string }> {
  const region = await sql<{ id: string }>`
    insert into linkage_regions (name) values (${`Matrix ${unique()}`}) returning id`.execute(world.t.owner);
  const service = await world.t.owner
    .insertInto('services')
    .values({ name: `Matrix ${unique()}`, kind: 'idva', settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const regionId = region.rows[0]!.id;
  if (withService) {
    await sql`insert into linkage_region_services (service_id, region_id) values (${service.id}, ${regionId})`.execute(
      world.t.owner,
    );
  }
  return { regionId, serviceId: service.id };
}

/** A case of service A with a draft answer to the client's intake questionnaire. */
async function caseWithResponse(world: World): Promise<string> {
  const caseId = await world.freshCase();
  await world.t.owner
    .insertInto('responses')
    .values({
      service_id: world.serviceA,
      case_id: caseId,
      form_key: 'core.client_intake',
      module_key: 'core',
      form_version: 1,
      status: 'draft',
      source: 'practitioner',
      answers: JSON.stringify({ safety_now: 6 }),
    })
    .execute();
  return caseId;
}

//                                                           anon prac oPrac mgr oMgr  res admin link
export const MATRIX: Record<string, Entry> = {
  'GET /api/v1/healthz': { expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  'GET /api/v1/readyz': { expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  'POST /api/v1/auth/login': {
    expect: [401, 401, 401, 401, 401, 401, 401, 401],
    request: () => ({ payload: { email: 'nobody@example.org', password: 'not the password' } }),
  },
  'POST /api/v1/auth/logout': {
    expect: [401, 204, 204, 204, 204, 204, 204, 401],
    request: () => ({ freshSession: true }),
  },
  'POST /api/v1/auth/password': {
    expect: [401, 422, 422, 422, 422, 422, 422, 401],
    request: () => ({ payload: { currentPassword: 'not my password', newPassword: 'a new long passphrase' } }),
  },
  'GET /api/v1/auth/me': { expect: [401, 200, 200, 200, 200, 200, 200, 401] },
  'POST /api/v1/auth/tokens': {
    expect: [401, 201, 201, 201, 201, 201, 201, 401],
    request: () => ({ payload: { name: 'matrix', expiresInDays: 1 } }),
  },
  'GET /api/v1/auth/tokens': { expect: [401, 200, 200, 200, 200, 200, 200, 401] },
  'DELETE /api/v1/auth/tokens/:id': {
    // only the token's own user may revoke it
    expect: [401, 204, 404, 404, 404, 404, 404, 401],
    request: async (w) => {
      const token = await w.t.owner
        .insertInto('api_tokens')
        .values({
          user_id: w.userIds.practitioner,
          name: 'x',
          token_hash: secretHash(newSecret()),
          expires_at: new Date(Date.now() + 3_600_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { params: { id: token.id } };
    },
  },
  'GET /api/v1/auth/2fa': { expect: [401, 200, 200, 200, 200, 200, 200, 401] },
  'POST /api/v1/auth/2fa/setup': {
    // already on for managers, researchers and admins (required for them)
    expect: [401, 200, 200, 409, 409, 409, 409, 401],
    request: () => ({ freshSession: true }),
  },
  'POST /api/v1/auth/2fa/enable': {
    // practitioners ran setup in the row above: a wrong code; everyone else has it on already
    expect: [401, 422, 422, 409, 409, 409, 409, 401],
    request: () => ({ payload: { code: '000000' }, freshSession: true }),
  },
  'POST /api/v1/auth/2fa/verify': {
    expect: [401, 409, 409, 422, 422, 422, 422, 401],
    request: () => ({ payload: { code: '000000' }, freshSession: true }),
  },
  'POST /api/v1/auth/2fa/disable': {
    expect: [401, 422, 422, 422, 422, 422, 422, 401],
    request: () => ({ payload: { password: 'not my password' }, freshSession: true }),
  },
  'POST /api/v1/services': {
    expect: [401, 403, 403, 403, 403, 403, 201, 401],
    request: () => ({ payload: { name: `Matrix ${unique()}`, kind: 'idva' } }),
  },
  'GET /api/v1/services': { expect: [401, 200, 200, 200, 200, 200, 200, 401] },
  'GET /api/v1/services/:id': {
    expect: [401, 200, 200, 200, 404, 403, 200, 401],
    request: (w) => ({ params: { id: w.serviceA } }),
  },
  'PATCH /api/v1/services/:id': {
    expect: [401, 403, 403, 200, 404, 403, 200, 401],
    request: (w) => ({ params: { id: w.serviceA }, payload: { name: 'Service A' } }),
  },
  'POST /api/v1/users': {
    expect: [401, 403, 403, 403, 403, 403, 201, 401],
    request: () => ({
      payload: { email: `${unique()}@example.org`, name: 'New Researcher', platformRole: 'researcher' },
    }),
  },
  'POST /api/v1/users/:id/disable': {
    // the account-wide switch is the platform admin's alone: a manager ends memberships instead
    expect: [401, 403, 403, 403, 403, 403, 204, 401],
    request: async (w) => ({ params: { id: await w.freshUser() } }),
  },
  'POST /api/v1/users/:id/second-factor/unlock': {
    expect: [401, 403, 403, 403, 403, 403, 204, 401],
    request: async (w) => {
      const id = await w.freshUser();
      await w.t.owner
        .withTables<{ second_factor_failures: SecondFactorFailuresTable }>()
        .insertInto('second_factor_failures')
        .values({ user_id: id, failures: 10, window_started_at: new Date(), locked_at: new Date(), unseen: 10 })
        .execute();
      return { params: { id } };
    },
  },
  'POST /api/v1/services/:id/invitations': {
    expect: [401, 403, 403, 201, 404, 403, 201, 401],
    request: (w) => ({
      params: { id: w.serviceA },
      payload: { email: `${unique()}@a.example.org`, role: 'practitioner', practitionerRole: 'idva' },
    }),
  },
  'GET /api/v1/services/:id/invitations': {
    expect: [401, 403, 403, 200, 404, 403, 200, 401],
    request: (w) => ({ params: { id: w.serviceA } }),
  },
  'DELETE /api/v1/services/:id/invitations/:invitationId': {
    expect: [401, 403, 403, 204, 404, 403, 204, 401],
    request: async (w) => ({
      params: { id: w.serviceA, invitationId: (await w.freshInvitation(`${unique()}@a.example.org`)).id },
    }),
  },
  'DELETE /api/v1/services/:id/members/:userId': {
    // ends a membership of the manager's own service; the account stays
    expect: [401, 403, 403, 204, 404, 403, 204, 401],
    request: async (w) => ({ params: { id: w.serviceA, userId: await w.freshUser() } }),
  },
  'POST /api/v1/invitations/accept': {
    // someone new creates their account; a signed-in person cannot take another email's invitation
    expect: [201, 409, 409, 409, 409, 409, 409, 201],
    request: async (w) => ({
      payload: {
        token: (await w.freshInvitation(`${unique()}@new.example.org`)).token,
        name: 'New Person',
        password: 'a long enough passphrase here',
      },
    }),
  },
  'GET /api/v1/services/:id/members': {
    expect: [401, 403, 403, 200, 404, 403, 200, 401],
    request: (w) => ({ params: { id: w.serviceA } }),
  },
  'GET /api/v1/services/:id/modules': {
    expect: [401, 200, 200, 200, 404, 403, 200, 401],
    request: (w) => ({ params: { id: w.serviceA } }),
  },
  'PUT /api/v1/services/:id/modules/:moduleKey': {
    expect: [401, 403, 403, 200, 404, 403, 200, 401],
    request: (w) => ({ params: { id: w.serviceA, moduleKey: 'mental-health' }, payload: { activeFrom: '2020-01-01' } }),
  },
  'GET /api/v1/forms': { expect: [401, 200, 200, 200, 200, 403, 403, 401] },
  'GET /api/v1/forms/:formKey': {
    expect: [401, 200, 200, 200, 200, 200, 200, 401],
    request: () => ({ params: { formKey: 'core.intake' } }),
  },
  'GET /api/v1/forms/:formKey/fhir': {
    expect: [401, 200, 200, 200, 200, 200, 200, 401],
    request: () => ({ params: { formKey: 'core.intake' }, query: { version: '1' } }),
  },
  'GET /api/v1/modules/:moduleKey/redcap-dictionary': {
    expect: [401, 200, 200, 200, 200, 200, 200, 401],
    request: () => ({ params: { moduleKey: 'core' } }),
  },
  'GET /api/v1/cases/:id/responses/:formKey/fhir': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: async (w) => ({ params: { id: await caseWithResponse(w), formKey: 'core.client_intake' } }),
  },
  'PUT /api/v1/cases/:id/responses/:formKey/fhir': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: async (w) => ({
      params: { id: await w.freshCase(), formKey: 'core.client_intake' },
      payload: {
        resourceType: 'QuestionnaireResponse',
        questionnaire: 'urn:harbour:questionnaire:core.client_intake|1',
        status: 'in-progress',
        item: [{ linkId: 'safety_now', answer: [{ valueInteger: 6 }] }],
      },
    }),
  },
  'GET /api/v1/languages': { expect: [401, 200, 200, 200, 200, 200, 200, 401] },
  'POST /api/v1/cases': {
    expect: [401, 201, 201, 201, 201, 404, 404, 401],
    request: () => ({ payload: { openedAt: '2025-02-03' }, headers: { 'idempotency-key': unique() } }),
  },
  'GET /api/v1/cases': { expect: [401, 200, 200, 200, 200, 404, 404, 401] },
  'GET /api/v1/cases/:id': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: (w) => ({ params: { id: w.caseId } }),
  },
  'PUT /api/v1/cases/:id/responses/:formKey': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: async (w) => ({
      params: { id: await w.freshCase(), formKey: 'core.client_intake' },
      payload: { answers: {}, status: 'draft' },
    }),
  },
  'PUT /api/v1/cases/:id/children/:childRef/responses/:formKey': {
    // allowed callers reach the handler, which refuses: the children module is not active here (422)
    expect: [401, 422, 404, 422, 404, 404, 404, 401],
    request: async (w) => ({
      params: { id: await w.freshCase(), childRef: 'C1', formKey: 'children.child_words' },
      payload: { answers: { words_at_intake: 'Synthetic words.' } },
    }),
  },
  'GET /api/v1/cases/:id/children/:childRef/responses': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: (w) => ({ params: { id: w.caseId, childRef: 'C1' } }),
  },
  'PUT /api/v1/cases/:id/reviews/:occasion/responses/:formKey': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: async (w) => ({
      params: { id: await w.freshCase(), occasion: '1', formKey: 'core.review' },
      payload: { answers: {}, status: 'draft' },
    }),
  },
  'PUT /api/v1/cases/:id/follow-up': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: async (w) => ({ params: { id: await w.freshCase() }, payload: { consent: false } }),
  },
  'GET /api/v1/cases/:id/follow-up': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: (w) => ({ params: { id: w.caseId } }),
  },
  'POST /api/v1/cases/:id/follow-up/cancel': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: async (w) => ({ params: { id: await w.freshCase() } }),
  },
  'GET /api/v1/worklist': { expect: [401, 200, 200, 200, 200, 404, 404, 401] },
  'GET /api/v1/me/digest': { expect: [401, 200, 200, 200, 200, 403, 403, 401] },
  'PUT /api/v1/me/digest': {
    expect: [401, 200, 200, 200, 200, 403, 403, 401],
    request: () => ({ payload: { enabled: false } }),
  },
  'POST /api/v1/cases/:id/close': {
    // allowed callers reach the handler, which wants the exit record first (409)
    expect: [401, 409, 404, 409, 404, 404, 404, 401],
    request: async (w) => ({ params: { id: await w.freshCase() }, payload: { closedAt: '2025-03-03' } }),
  },
  'POST /api/v1/cases/import': {
    expect: [401, 200, 200, 200, 200, 404, 404, 401],
    request: () => ({
      headers: { 'content-type': 'text/csv', 'idempotency-key': unique() },
      payload: 'case.reference,case.opened_at\n',
    }),
  },
  'PUT /api/v1/import-mappings/:name': {
    expect: [401, 403, 403, 200, 200, 403, 403, 401],
    request: () => ({ params: { name: 'past cases' }, payload: { columns: { Opened: 'case.opened_at' } } }),
  },
  'GET /api/v1/import-mappings/:name': {
    expect: [401, 404, 404, 404, 404, 403, 403, 401],
    request: () => ({ params: { name: 'never saved' } }),
  },
  'POST /api/v1/cases/import/spreadsheet': {
    expect: [401, 404, 404, 200, 200, 404, 404, 401],
    request: () => ({
      query: { preview: 'true' },
      headers: { 'content-type': 'text/csv' },
      payload: 'case.reference,case.opened_at\n',
    }),
  },
  'GET /api/v1/import-mappings': {
    expect: [401, 200, 200, 200, 200, 403, 403, 401],
  },
  'GET /api/v1/cases/import/columns': {
    expect: [401, 200, 200, 200, 200, 404, 404, 401],
  },
  'POST /api/v1/cases/import/uploads': {
    expect: [401, 404, 404, 201, 201, 404, 404, 401],
    request: () => ({ headers: { 'content-type': 'text/csv' }, payload: 'case.reference,case.opened_at\n' }),
  },
  // an upload is its uploader's alone (apps/api/test/import-uploads.test.ts): to everyone else it does not exist
  'GET /api/v1/cases/import/uploads/:id': {
    expect: [401, 404, 404, 404, 404, 404, 404, 401],
    request: () => ({ params: { id: randomUUID() } }),
  },
  'POST /api/v1/cases/import/uploads/:id/check': {
    expect: [401, 404, 404, 404, 404, 404, 404, 401],
    request: () => ({ params: { id: randomUUID() }, payload: { mapping: 'past cases' } }),
  },
  'POST /api/v1/cases/import/uploads/:id/import': {
    expect: [401, 404, 404, 404, 404, 404, 404, 401],
    request: () => ({ params: { id: randomUUID() } }),
  },
  'POST /api/v1/cases/:id/questionnaire-links': {
    expect: [401, 201, 404, 201, 404, 404, 404, 401],
    request: (w) => ({ params: { id: w.caseId }, payload: { formKey: 'core.client_intake' } }),
  },
  'GET /api/v1/cases/:id/questionnaire-links': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: (w) => ({ params: { id: w.caseId } }),
  },
  'POST /api/v1/cases/:id/questionnaire-links/:linkId/revoke': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: async (w) => {
      const caseId = await w.freshCase();
      return { params: { id: caseId, linkId: await freshLink(w, caseId) } };
    },
  },

  'POST /api/v1/linkage/regions': {
    expect: [401, 403, 403, 403, 403, 403, 201, 401],
    request: () => ({ payload: { name: `Region ${unique()}` } }),
  },
  'GET /api/v1/linkage/regions': { expect: [401, 403, 403, 403, 403, 403, 200, 401] },
  'PUT /api/v1/linkage/regions/:id/services/:serviceId': {
    expect: [401, 404, 404, 404, 404, 404, 204, 401],
    request: async (w) => {
      const region = await freshRegion(w);
      return { params: { id: region.regionId, serviceId: region.serviceId } };
    },
  },
  'DELETE /api/v1/linkage/regions/:id/services/:serviceId': {
    expect: [401, 404, 404, 404, 404, 404, 204, 401],
    request: async (w) => {
      const region = await freshRegion(w, true);
      return { params: { id: region.regionId, serviceId: region.serviceId } };
    },
  },
  'POST /api/v1/linkage/regions/:id/key-rotation': {
    expect: [401, 404, 404, 404, 404, 404, 204, 401],
    request: async (w) => ({ params: { id: (await freshRegion(w)).regionId } }),
  },
  'GET /api/v1/linkage/participation': { expect: [401, 200, 200, 200, 200, 403, 403, 401] },
  'PUT /api/v1/linkage/participation': {
    // managers reach the handler: their service is in no region (422)
    expect: [401, 403, 403, 422, 422, 403, 403, 401],
    request: () => ({ payload: { optedIn: true } }),
  },
  'GET /api/v1/linkage/disclosures': { expect: [401, 403, 403, 200, 200, 403, 403, 401] },
  'GET /api/v1/cases/:id/linkage': {
    expect: [401, 200, 404, 200, 404, 404, 404, 401],
    request: (w) => ({ params: { id: w.caseId } }),
  },
  'POST /api/v1/cases/:id/linkage': {
    // allowed callers reach the handler: service A has not opted in to linkage (422)
    expect: [401, 422, 404, 422, 404, 404, 404, 401],
    request: (w) => ({
      params: { id: w.caseId },
      payload: { firstName: 'Ada', lastName: 'Example', dateOfBirth: '1990-01-01', consent: true },
    }),
  },
  'PUT /api/v1/cases/:id/linkage/matches/:matchId': {
    // allowed callers reach the handler: the case has no such match (404)
    expect: [401, 404, 404, 404, 404, 404, 404, 401],
    request: (w) => ({
      params: { id: w.caseId, matchId: '00000000-0000-4000-8000-000000000000' },
      payload: { decision: 'rejected' },
    }),
  },

  'GET /api/v1/research/dictionary': { expect: [401, 403, 403, 403, 403, 200, 403, 401] },
  'GET /api/v1/research/export': {
    // the researcher reaches the export, which refuses a population under its floor (100 cases)
    expect: [401, 403, 403, 403, 403, 422, 403, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31', format: 'csv', table: 'cases' } }),
  },
  'GET /api/v1/research/export/readme': {
    expect: [401, 403, 403, 403, 403, 200, 403, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31' } }),
  },
  'GET /api/v1/research/export/syntax': {
    expect: [401, 403, 403, 403, 403, 200, 403, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31', package: 'stata' } }),
  },
  'GET /api/v1/research/crosstab/fields': { expect: [401, 403, 403, 403, 403, 200, 403, 401] },
  'POST /api/v1/research/crosstab': {
    expect: [401, 403, 403, 403, 403, 200, 403, 401],
    request: () => ({
      payload: {
        from: '2025-01-01',
        to: '2025-12-31',
        rows: ['core.intake.consent_research'],
        columns: ['core.intake.referral_source'],
      },
    }),
  },
  'GET /api/v1/research/settings': { expect: [401, 403, 403, 403, 403, 200, 200, 401] },
  'PUT /api/v1/research/settings': {
    expect: [401, 403, 403, 403, 403, 403, 200, 401],
    request: () => ({ payload: { kAnonymity: 5 } }),
  },

  'GET /api/v1/reports/service': {
    expect: [401, 200, 200, 200, 200, 403, 403, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31', format: 'json' } }),
  },
  'GET /api/v1/reports/national': {
    expect: [401, 403, 403, 403, 403, 200, 200, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31', format: 'json' } }),
  },

  'GET /api/v1/dashboard': {
    expect: [401, 403, 403, 200, 200, 403, 403, 401],
    request: () => ({ query: { asOf: '2025-12-31' } }),
  },
  'GET /api/v1/service/report-branding': { expect: [401, 403, 403, 200, 200, 403, 403, 401] },
  'PUT /api/v1/service/report-branding': {
    expect: [401, 403, 403, 200, 200, 403, 403, 401],
    request: () => ({ payload: { narrative: 'A year of growth.' } }),
  },
  'GET /api/v1/projects': { expect: [401, 403, 403, 200, 200, 403, 403, 401] },
  'POST /api/v1/projects': {
    expect: [401, 403, 403, 201, 201, 403, 403, 401],
    request: () => ({ payload: { name: `Project ${unique()}`, startsOn: '2025-01-01' } }),
  },
  'PUT /api/v1/projects/:id': {
    // another service's manager finds no project of service A
    expect: [401, 403, 403, 200, 404, 403, 403, 401],
    request: async (w) => ({
      params: { id: await freshProject(w) },
      payload: { name: `Project ${unique()}`, startsOn: '2025-01-01' },
    }),
  },
  'GET /api/v1/reports/sections': { expect: [401, 403, 403, 200, 200, 403, 403, 401] },
  'PUT /api/v1/cases/:id/project': {
    // another service's manager reaches no case of service A
    expect: [401, 404, 404, 200, 404, 404, 404, 401],
    request: async (w) => ({ params: { id: await w.freshCase() }, payload: { projectId: null } }),
  },
  'POST /api/v1/exports/service': {
    expect: [401, 403, 403, 200, 200, 403, 403, 401],
    request: () => ({
      payload: { from: '2025-01-01', to: '2025-12-31', format: 'csv', purpose: 'The authorisation matrix' },
    }),
  },
  'POST /api/v1/audits/samples': {
    expect: [401, 403, 403, 201, 201, 403, 403, 401],
    request: () => ({ payload: { from: '2025-01-01', to: '2025-12-31', perWorker: 1 } }),
  },
  'GET /api/v1/audits/samples/:id': {
    expect: [401, 403, 403, 200, 404, 403, 403, 401],
    request: async (w) => ({ params: { id: (await freshAudit(w)).split('|')[1] as string } }),
  },
  'PUT /api/v1/audits/:id': {
    expect: [401, 403, 403, 200, 404, 403, 403, 401],
    request: async (w) => ({
      params: { id: (await freshAudit(w)).split('|')[0] as string },
      payload: { scores: { safety_plan: 3 } },
    }),
  },
  'GET /api/v1/audits/mine': { expect: [401, 200, 200, 200, 200, 403, 403, 401] },
  'GET /api/v1/audits/summary': {
    expect: [401, 403, 403, 200, 200, 403, 403, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31' } }),
  },
};

/**
 * Rows about other people's accounts, naming whose: a user of another service, a platform
 * researcher and a platform admin (issue 13: a manager could capture and disable any account).
 * Each names the route it calls; the test runs them like the rows above.
 */
export const ACCOUNT_ROWS: Record<string, Entry & { route: string }> = {};
const TARGETS = [
  ['a user of another service', 'serviceB'],
  ['a researcher', 'researcher'],
  ['a platform admin', 'admin'],
] as const;
for (const [who, kind] of TARGETS) {
  ACCOUNT_ROWS[`disable the account of ${who}`] = {
    route: 'POST /api/v1/users/:id/disable',
    expect: [401, 403, 403, 403, 403, 403, 204, 401],
    request: async (w) => ({ params: { id: (await w.freshAccount(kind)).id } }),
  };
  ACCOUNT_ROWS[`end the membership in service A of ${who}`] = {
    // not a member of A: as unknown as a random id, to the admin too
    route: 'DELETE /api/v1/services/:id/members/:userId',
    expect: [401, 403, 403, 404, 404, 403, 404, 401],
    request: async (w) => ({ params: { id: w.serviceA, userId: (await w.freshAccount(kind)).id } }),
  };
  ACCOUNT_ROWS[`invite ${who} to service A`] = {
    // the same 201 as for an email nobody has: see probe-replay.test.ts for the bodies
    route: 'POST /api/v1/services/:id/invitations',
    expect: [401, 403, 403, 201, 404, 403, 201, 401],
    request: async (w) => ({
      params: { id: w.serviceA },
      payload: { email: (await w.freshAccount(kind)).email, role: 'practitioner' },
    }),
  };
  ACCOUNT_ROWS[`accept an invitation to service A meant for ${who}`] = {
    // only the account's owner, signed in, may; platform accounts never join a service
    route: 'POST /api/v1/invitations/accept',
    expect: [409, 409, 409, 409, 409, 409, 409, 409],
    request: async (w) => ({
      payload: {
        token: (await w.freshInvitation((await w.freshAccount(kind)).email)).token,
        name: 'Taker',
        password: 'a long enough passphrase here',
      },
    }),
  };
}

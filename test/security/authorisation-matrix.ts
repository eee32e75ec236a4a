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
    expect: [401, 403, 403, 204, 404, 403, 204, 401],
    request: async (w) => ({ params: { id: await w.freshUser() } }),
  },
  'POST /api/v1/services/:id/members': {
    expect: [401, 403, 403, 201, 404, 403, 201, 401],
    request: (w) => ({
      params: { id: w.serviceA },
      payload: {
        email: `${unique()}@a.example.org`,
        name: 'New Worker',
        role: 'practitioner',
        practitionerRole: 'idva',
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

  'GET /api/v1/research/dictionary': { expect: [401, 403, 403, 403, 403, 200, 403, 401] },
  'GET /api/v1/research/export': {
    expect: [401, 403, 403, 403, 403, 200, 403, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31', format: 'csv', table: 'cases' } }),
  },
  'GET /api/v1/research/export/readme': {
    expect: [401, 403, 403, 403, 403, 200, 403, 401],
    request: () => ({ query: { from: '2025-01-01', to: '2025-12-31' } }),
  },
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
};

/** Services (tenants): creating, reading and changing them, and who may. */
import type { ServiceReply } from '@harbour/contract';
import type { ServiceKind, Tx } from '@harbour/db';
import { forgetNationalFigures } from '@harbour/reports';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditAlone } from '../lib/audit';
import { notFound, unprocessable } from '../lib/errors';
import type { Auth } from '../plugins/auth';

/** A 404 unless the service exists (and is visible in this transaction). */
export async function assertServiceExists(tx: Tx, serviceId: string): Promise<void> {
  const service = await tx.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
  if (!service) throw notFound();
}

/** Numbers, and lists of numbers (the follow-up months). */
export type ServiceSettingsInput = Record<string, number | number[]>;

export type NewService = {
  name: string;
  kind: ServiceKind;
  localAuthority?: string;
  sharesNationalDataset?: boolean;
  namedInResearch?: boolean;
  settings?: ServiceSettingsInput;
};

export type ServiceChange = {
  name?: string;
  localAuthority?: string | null;
  sharesNationalDataset?: boolean;
  sharesNationalDatasetFrom?: string;
  namedInResearch?: boolean;
  settings?: ServiceSettingsInput;
};

type ServiceRow = {
  id: string;
  name: string;
  kind: string;
  local_authority: string | null;
  shares_national_dataset: boolean;
  shares_national_dataset_from: string | null;
  named_in_research: boolean;
  settings: Record<string, unknown>;
};

/** A service as the API replies with it (the shape is `@harbour/contract`'s). */
export type Service = ServiceReply;

function serviceOut(s: ServiceRow): Service {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    localAuthority: s.local_authority,
    sharesNationalDataset: s.shares_national_dataset,
    sharesNationalDatasetFrom: s.shares_national_dataset_from,
    namedInResearch: s.named_in_research,
    settings: s.settings,
  };
}

/** A manager may act on their own service; the platform admin on any. Others see nothing (404). */
export function assertServiceAccess(auth: Auth, serviceId: string, managersToo: boolean): void {
  if (auth.platformRole === 'admin' && auth.role === 'admin') return;
  if (managersToo && auth.role === 'manager' && auth.serviceId === serviceId) return;
  throw notFound();
}

const today = (app: FastifyInstance) => app.clock().toISOString().slice(0, 10);

export async function createService(app: FastifyInstance, request: FastifyRequest, b: NewService): Promise<Service> {
  const row = await app.db
    .insertInto('services')
    .values({
      name: b.name,
      kind: b.kind,
      local_authority: b.localAuthority ?? null,
      shares_national_dataset: b.sharesNationalDataset ?? false,
      shares_national_dataset_from: b.sharesNationalDataset ? today(app) : null,
      named_in_research: b.namedInResearch ?? false,
      settings: JSON.stringify(b.settings ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditAlone(
    app.db,
    request,
    { action: 'service.created', objectType: 'service', objectId: row.id, status: 201 },
    { serviceId: null },
  );
  return serviceOut(row);
}

/** All services for the platform admin; a member's own otherwise. */
export async function servicesFor(app: FastifyInstance, auth: Auth): Promise<Service[]> {
  let query = app.db.selectFrom('services').selectAll().orderBy('name');
  if (auth.role !== 'admin') {
    const ids = auth.memberships.map((m) => m.serviceId);
    if (ids.length === 0) return [];
    query = query.where('id', 'in', ids);
  }
  return (await query.execute()).map(serviceOut);
}

export async function serviceFor(app: FastifyInstance, auth: Auth, serviceId: string): Promise<Service> {
  if (auth.role !== 'admin' && auth.serviceId !== serviceId) throw notFound();
  const row = await app.db.selectFrom('services').selectAll().where('id', '=', serviceId).executeTakeFirst();
  if (!row) throw notFound();
  return serviceOut(row);
}

const ADMIN_ONLY = ['sharesNationalDataset', 'sharesNationalDatasetFrom', 'namedInResearch'] as const;

/** Managers change their service's settings; only the platform admin its national-dataset sharing. */
export async function changeService(
  app: FastifyInstance,
  request: FastifyRequest,
  serviceId: string,
  b: ServiceChange,
): Promise<Service> {
  const auth = request.auth!;
  assertServiceAccess(auth, serviceId, true);
  const tried = ADMIN_ONLY.filter((k) => b[k] !== undefined);
  if (auth.role !== 'admin' && tried.length > 0) {
    throw unprocessable(
      'Only the platform admin can change national-dataset sharing',
      tried.map((k) => ({ pointer: `/${k}`, message: 'can be changed only by the platform admin' })),
    );
  }
  const row = await app.db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('services')
      .select('settings')
      .where('id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    return tx
      .updateTable('services')
      .set({
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.localAuthority !== undefined ? { local_authority: b.localAuthority } : {}),
        ...(b.sharesNationalDataset !== undefined
          ? {
              shares_national_dataset: b.sharesNationalDataset,
              shares_national_dataset_from: b.sharesNationalDatasetFrom ?? today(app),
            }
          : {}),
        ...(b.namedInResearch !== undefined ? { named_in_research: b.namedInResearch } : {}),
        ...(b.settings ? { settings: JSON.stringify({ ...current.settings, ...b.settings }) } : {}),
      })
      .where('id', '=', serviceId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  // the national figures count each case by its service's interval, and only sharing services
  if (b.sharesNationalDataset !== undefined || b.settings?.reviewIntervalMonths !== undefined) forgetNationalFigures();
  await auditAlone(
    app.db,
    request,
    {
      action: 'service.updated',
      objectType: 'service',
      objectId: row.id,
      status: 200,
      details: { fields: Object.keys(b) },
    },
    { serviceId: auth.role === 'admin' ? null : row.id },
  );
  return serviceOut(row);
}

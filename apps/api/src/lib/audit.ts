import type { Db, Tx } from '@harbour/db';
import { withTenant } from '@harbour/db';
import type { FastifyRequest } from 'fastify';
import { type RawBuilder, sql } from 'kysely';

export type AuditEvent = {
  action: string;
  objectType?: string;
  objectId?: string;
  status?: number;
  details?: Record<string, unknown>;
};

/** The audit_log row of an event, as the request's caller. */
export function auditRow(request: FastifyRequest, event: AuditEvent, serviceId: string | null, userId?: string | null) {
  return {
    user_id: userId === undefined ? (request.auth?.userId ?? null) : userId,
    service_id: serviceId,
    role: request.auth?.role ?? null,
    action: event.action,
    object_type: event.objectType ?? null,
    object_id: event.objectId ?? null,
    ip: request.ip,
    status: event.status ?? null,
    details: JSON.stringify(event.details ?? {}),
  };
}

/** Appends an audit row inside the caller's transaction, so the record and the access commit together. */
export async function auditInTx(tx: Tx, request: FastifyRequest, event: AuditEvent, serviceId?: string): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values(auditRow(request, event, serviceId ?? request.auth?.serviceId ?? null))
    .execute();
}

/** Appends an audit row on its own (logins, denied requests), for the caller's service unless told otherwise. */
export async function auditAlone(
  db: Db,
  request: FastifyRequest,
  event: AuditEvent,
  who: { serviceId?: string | null; userId?: string | null } = {},
): Promise<void> {
  const service = who.serviceId === undefined ? (request.auth?.serviceId ?? null) : who.serviceId;
  await withTenant(
    db,
    { serviceId: service, userId: request.auth?.userId ?? null, role: request.auth?.role ?? null },
    (tx) =>
      tx
        .insertInto('audit_log')
        .values(auditRow(request, event, service, who.userId))
        .execute(),
  );
}

export type AuditRow = ReturnType<typeof auditRow>;

/** The columns of an audit row, in the order `auditSelection` selects them. */
export const AUDIT_COLUMNS = [
  'user_id',
  'service_id',
  'role',
  'action',
  'object_type',
  'object_id',
  'ip',
  'status',
  'details',
] as const;

/**
 * An audit row as the select list of an `insert into audit_log … select` that a write's own
 * statement runs (a CTE over the written row): the record and the write are one statement, and
 * the row exists only when the write happened. `details` may read the written row's columns.
 * Without a row (a write that is not audited here) every value is null and the caller's
 * statement selects nothing.
 */
export function auditSelection(row: Omit<AuditRow, 'details'> | undefined, details: RawBuilder<unknown>) {
  return [
    sql<string>`${row?.user_id ?? null}::uuid`.as('user_id'),
    sql<string>`${row?.service_id ?? null}::uuid`.as('service_id'),
    sql<string>`${row?.role ?? null}::text`.as('role'),
    sql<string>`${row?.action ?? null}::text`.as('action'),
    sql<string>`${row?.object_type ?? null}::text`.as('object_type'),
    sql<string>`${row?.object_id ?? null}::text`.as('object_id'),
    sql<string>`${row?.ip ?? null}::inet`.as('ip'),
    sql<number>`${row?.status ?? null}::int`.as('status'),
    details.as('details'),
  ];
}

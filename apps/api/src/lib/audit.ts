import type { Db, Tx } from '@harbour/db';
import { withTenant } from '@harbour/db';
import type { FastifyRequest } from 'fastify';

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

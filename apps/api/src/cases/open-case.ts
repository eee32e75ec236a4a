/** Opening a case in the caller's service, for the caller or (by a manager) for a member worker. */
import type { Case, PractitionerRole, Tx } from '@harbour/db';
import { unprocessable } from '../lib/errors';

export type OpenCaseInput = {
  serviceId: string;
  /** Who opens it, and their role in the service. */
  userId: string;
  role: 'practitioner' | 'manager';
  reference?: string;
  workerId?: string;
  openedAt: string;
  practitionerRole?: PractitionerRole;
  today: string;
};

export async function openCase(tx: Tx, input: OpenCaseInput): Promise<Case> {
  const workerId = input.workerId ?? input.userId;
  if (input.role === 'practitioner' && workerId !== input.userId) {
    throw unprocessable('A practitioner opens cases for themselves only', [
      { pointer: '/workerId', message: 'must be your own id, or left out' },
    ]);
  }
  if (input.openedAt > input.today) {
    throw unprocessable('A case cannot be opened in the future', [
      { pointer: '/openedAt', message: `must be today (${input.today}) or earlier` },
    ]);
  }
  const worker = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.practitioner_role'])
    .where('m.service_id', '=', input.serviceId)
    .where('m.user_id', '=', workerId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!worker) {
    throw unprocessable('The worker must be an active member of this service', [
      { pointer: '/workerId', message: 'is not a member of this service' },
    ]);
  }
  return tx
    .insertInto('cases')
    .values({
      service_id: input.serviceId,
      reference: input.reference ?? null,
      worker_id: workerId,
      practitioner_role: input.practitionerRole ?? worker.practitioner_role,
      opened_at: input.openedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

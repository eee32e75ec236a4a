/** Closing a case: only once the core exit record is submitted; its exit date is the closing date. */
import type { Case, Tx } from '@harbour/db';
import { conflict, unprocessable } from '../lib/errors';
import { EXIT_DATE_FIELD, EXIT_FORM } from './core-forms';
import { lockCase } from './find-case';

export async function closeCase(
  tx: Tx,
  input: { serviceId: string; caseId: string; closedAt?: string; now: Date },
): Promise<Case> {
  const kase = await lockCase(tx, input.serviceId, input.caseId);
  if (kase.status === 'closed') throw conflict(`This case was closed on ${kase.closed_at}`);
  const exit = await tx
    .selectFrom('responses')
    .select(['answers', 'status'])
    .where('service_id', '=', input.serviceId)
    .where('case_id', '=', input.caseId)
    .where('form_key', '=', EXIT_FORM)
    .executeTakeFirst();
  if (exit?.status !== 'submitted') {
    throw conflict(`Submit the exit record (${EXIT_FORM}) before closing the case`);
  }
  const exitDate = exit.answers[EXIT_DATE_FIELD];
  if (typeof exitDate !== 'string') throw conflict(`The exit record has no ${EXIT_DATE_FIELD}`);
  if (input.closedAt !== undefined && input.closedAt !== exitDate) {
    throw unprocessable('The closing date is the exit date of the exit record', [
      { pointer: '/closedAt', message: `must be the exit date ${exitDate}, or left out` },
    ]);
  }
  if (exitDate < kase.opened_at) {
    throw unprocessable(`The exit date ${exitDate} is before the case was opened (${kase.opened_at})`, [
      { pointer: '/closedAt', message: `must be on or after ${kase.opened_at}` },
    ]);
  }
  return tx
    .updateTable('cases')
    .set((eb) => ({ status: 'closed', closed_at: exitDate, updated_at: input.now, version: eb('version', '+', 1) }))
    .where('service_id', '=', input.serviceId)
    .where('id', '=', input.caseId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

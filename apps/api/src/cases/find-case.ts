/**
 * A case as its viewer may see it. Row-level security already hides other services' cases and,
 * from a practitioner, other workers' unshared cases; this check sits on top so that neither
 * layer alone decides. A case the viewer may not see is indistinguishable from one that does not exist.
 */
import type { Case, Tx } from '@harbour/db';
import { notFound } from '../lib/errors';
import { type ContextColumns, contextColumns, contextFromLock, type SaveContext } from './save-context';

export type CaseViewer = { serviceId: string; userId: string; role: string | null };

/** A case row locked for a save, with what the save needs to know when it was read with the lock. */
export type LockedCase = Case & { saveContext?: SaveContext | null };

/**
 * With `lock`, the row is also locked for the rest of the transaction (as `lockCase`), in the
 * same round trip: a write then needs no second look at the case. With `forSave` as well, the
 * same statement reads the save's context (save-context.ts).
 */
export async function findCase(
  tx: Tx,
  viewer: CaseViewer,
  caseId: string,
  options: { lock?: boolean; forSave?: boolean } = {},
): Promise<LockedCase> {
  const forSave = options.lock === true && options.forSave === true;
  const row = await tx
    .selectFrom('cases')
    .selectAll('cases')
    .$if(forSave, (q) => q.select(contextColumns()))
    .where('service_id', '=', viewer.serviceId)
    .where('id', '=', caseId)
    .$if(viewer.role === 'practitioner', (q) =>
      q.where((eb) => eb.or([eb('worker_id', '=', viewer.userId), eb('shared_with_service', '=', true)])),
    )
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound();
  if (!forSave) return row;
  const { context_responses, context_windows, context_settings, context_version, ...kase } = row as Case &
    ContextColumns;
  const saveContext = contextFromLock({
    context_responses,
    context_windows,
    context_settings,
    context_version,
    version: kase.version,
  });
  return { ...kase, saveContext };
}

/** The case row locked for the rest of the transaction: saves and closes of one case take turns. */
export async function lockCase(tx: Tx, serviceId: string, caseId: string): Promise<Case> {
  const row = await tx
    .selectFrom('cases')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

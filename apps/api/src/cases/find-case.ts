/**
 * A case as its viewer may see it. Row-level security already hides other services' cases and,
 * from a practitioner, other workers' unshared cases; this check sits on top so that neither
 * layer alone decides. A case the viewer may not see is indistinguishable from one that does not exist.
 */
import type { Case, Tx } from '@harbour/db';
import { notFound } from '../lib/errors';

export type CaseViewer = { serviceId: string; userId: string; role: string | null };

/**
 * With `lock`, the row is also locked for the rest of the transaction (as `lockCase`), in the
 * same round trip: a write then needs no second look at the case.
 */
export async function findCase(
  tx: Tx,
  viewer: CaseViewer,
  caseId: string,
  options: { lock?: boolean } = {},
): Promise<Case> {
  const row = await tx
    .selectFrom('cases')
    .selectAll()
    .where('service_id', '=', viewer.serviceId)
    .where('id', '=', caseId)
    .$if(viewer.role === 'practitioner', (q) =>
      q.where((eb) => eb.or([eb('worker_id', '=', viewer.userId), eb('shared_with_service', '=', true)])),
    )
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
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

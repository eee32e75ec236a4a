/**
 * A case as its viewer may see it. Row-level security already hides other services' cases and,
 * from a practitioner, other workers' unshared cases; this check sits on top so that neither
 * layer alone decides. A case the viewer may not see is indistinguishable from one that does not exist.
 */
import { type Case, type Database, StatementShapes, type Tx } from '@harbour/db';
import { notFound } from '../lib/errors';
import {
  type ContextColumns,
  contextColumns,
  contextFromLock,
  loadSaveContext,
  type SaveContext,
} from './save-context';

export type CaseViewer = { serviceId: string; userId: string; role: string | null };

/** How a request about one case finds it (`inCase`): as it is, or locked with what a save needs. */
export type CaseFinder<C extends Case> = (tx: Tx, viewer: CaseViewer, caseId: string) => Promise<C>;

/** A case locked for the rest of the transaction, with everything saving a response checks against. */
export type CaseToSave = Case & { context: SaveContext };

/** The case as the viewer may see it, or a 404. */
export const findCase: CaseFinder<Case> = async (tx, viewer, caseId) => {
  const row = await tx
    .selectFrom('cases')
    .selectAll('cases')
    .where('service_id', '=', viewer.serviceId)
    .where('id', '=', caseId)
    .$if(viewer.role === 'practitioner', (q) =>
      q.where((eb) => eb.or([eb('worker_id', '=', viewer.userId), eb('shared_with_service', '=', true)])),
    )
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
};

/**
 * The case locked for the rest of the transaction (saves and closes of one case take turns),
 * read with the save's context (save-context.ts) by the same statement. When the lock had to wait
 * for another save, that statement's snapshot is older than the row, and the context is read again.
 * Without a viewer (a client through a one-time link), the case is the link's.
 */
export async function lockCaseToSave(
  tx: Tx,
  where: { serviceId: string; caseId: string; viewer?: CaseViewer },
): Promise<CaseToSave> {
  const { viewer } = where;
  const shape = viewer?.role === 'practitioner' ? 'practitioner' : 'any';
  const statement = lockStatements.compile(tx, shape, {
    serviceId: where.serviceId,
    caseId: where.caseId,
    userId: viewer?.userId ?? null,
  });
  const row = (await tx.executeQuery(statement)).rows[0];
  if (!row) throw notFound();
  const { context_responses, context_windows, context_settings, context_version, ...kase } = row;
  const context =
    contextFromLock({ context_responses, context_windows, context_settings, context_version, version: kase.version }) ??
    (await loadSaveContext(tx, kase.service_id, kase.id));
  return { ...kase, context };
}

/**
 * The statement that locks a case with its context, compiled once per shape (StatementShapes):
 * a practitioner's sees only their own or shared cases.
 */
const lockStatements = new StatementShapes<
  Database,
  { serviceId: string; caseId: string; userId: string | null },
  Case & ContextColumns
>((db, shape, v) =>
  db
    .selectFrom('cases')
    .selectAll('cases')
    .select(contextColumns())
    .where('service_id', '=', v.serviceId)
    .where('id', '=', v.caseId)
    .$if(shape === 'practitioner', (q) =>
      q.where((eb) => eb.or([eb('worker_id', '=', v.userId), eb('shared_with_service', '=', true)])),
    )
    .forUpdate(),
);

/** `lockCaseToSave` as a request's case finder. */
export const findCaseToSave: CaseFinder<CaseToSave> = (tx, viewer, caseId) =>
  lockCaseToSave(tx, { serviceId: viewer.serviceId, caseId, viewer });

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

/**
 * Running a request about one case: in the caller's tenant transaction, with the case found as
 * the caller may see it. A case that is not there, or not theirs, is audited as a denied access
 * (on its own, since the request's transaction rolls back) and answered with the same 404.
 */
import type { Case, Tx } from '@harbour/db';
import type { FastifyRequest } from 'fastify';
import { auditAlone } from '../lib/audit';
import { AppError } from '../lib/errors';
import { type CaseFinder, type CaseViewer, findCase } from './find-case';

export function viewerOf(request: FastifyRequest): CaseViewer {
  const auth = request.auth!;
  return { serviceId: auth.serviceId!, userId: auth.userId, role: auth.role };
}

/**
 * `fn` receives the case as `find` finds it: as it is by default, or locked with the save's
 * context (`findCaseToSave`).
 */
export async function inCase<T, C extends Case = Case>(
  request: FastifyRequest,
  caseId: string,
  action: string,
  fn: (tx: Tx, kase: C) => Promise<T>,
  find: CaseFinder<C> = findCase as CaseFinder<C>,
): Promise<T> {
  let hidden = false;
  try {
    return await request.tenant(async (tx) => {
      const kase = await find(tx, viewerOf(request), caseId).catch((error: unknown) => {
        // only a case that is not there (or not theirs) is a denial; a lost connection is not
        hidden = error instanceof AppError && error.statusCode === 404;
        throw error;
      });
      return fn(tx, kase);
    });
  } catch (error) {
    if (hidden) {
      await auditAlone(request.server.db, request, { action, objectType: 'case', objectId: caseId, status: 404 });
    }
    throw error;
  }
}

/**
 * Running a request about one case: in the caller's tenant transaction, with the case found as
 * the caller may see it. A case that is not there, or not theirs, is audited as a denied access
 * (on its own, since the request's transaction rolls back) and answered with the same 404.
 */
import type { Case, Tx } from '@harbour/db';
import type { FastifyRequest } from 'fastify';
import { auditAlone } from '../lib/audit';
import { type CaseViewer, findCase } from './find-case';

export function viewerOf(request: FastifyRequest): CaseViewer {
  const auth = request.auth!;
  return { serviceId: auth.serviceId!, userId: auth.userId, role: auth.role };
}

export async function inCase<T>(
  request: FastifyRequest,
  caseId: string,
  action: string,
  fn: (tx: Tx, kase: Case) => Promise<T>,
): Promise<T> {
  let hidden = false;
  try {
    return await request.tenant(async (tx) => {
      const kase = await findCase(tx, viewerOf(request), caseId).catch((error: unknown) => {
        hidden = true;
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

/**
 * The caseload: a practitioner's own cases (and cases shared with the service), or the whole
 * service's for a manager; newest first, filtered, in pages joined by an opaque cursor.
 */
import type { CaseloadReply } from '@harbour/contract';
import type { Tx } from '@harbour/db';
import { sql } from 'kysely';
import { badRequest } from '../lib/errors';
import type { DueResponse } from './case-due';
import { type CaseView, practitionerReviewForms, summarizeCase } from './case-view';
import type { CaseViewer } from './find-case';

export type CaseloadFilters = {
  status?: 'open' | 'closed';
  workerId?: string;
  openedFrom?: string;
  openedTo?: string;
  reference?: string;
  flag?: string;
  limit: number;
  cursor?: string;
};

type Position = { openedAt: string; id: string };

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.openedAt, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(value[0]) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { openedAt: value[0], id: value[1] };
    }
  } catch {
    // falls through to the one message below
  }
  throw badRequest('The cursor is not one this server gave out', [
    { pointer: '/querystring/cursor', message: 'is not valid: use nextCursor from the previous page' },
  ]);
}

export async function listCaseload(
  tx: Tx,
  view: CaseView,
  viewer: CaseViewer,
  filters: CaseloadFilters,
): Promise<CaseloadReply> {
  const after = filters.cursor ? decodeCursor(filters.cursor) : undefined;
  const reviewForms = practitionerReviewForms(view.registry);
  const rows = await tx
    .selectFrom('cases as c')
    .innerJoin('users as u', 'u.id', 'c.worker_id')
    .selectAll('c')
    .select('u.name as worker_name')
    // Each response's form, occasion and status, and the date of the latest submitted review
    // (its review_date answer, or the UK date it was submitted), in one pass over the case's responses.
    .select(
      sql<{ responses: DueResponse[] | null; lastReviewedOn: string | null }>`(select json_build_object(
          'responses', json_agg(json_build_object('formKey', r.form_key, 'occasion', r.occasion, 'status', r.status)),
          'lastReviewedOn', max(coalesce(r.answers->>'review_date',
            (r.submitted_at at time zone 'Europe/London')::date::text))
            filter (where r.status = 'submitted' and r.form_key = any(${reviewForms}::text[])))
        from responses r where r.service_id = c.service_id and r.case_id = c.id)`.as('response_states'),
    )
    .where('c.service_id', '=', viewer.serviceId)
    .$if(viewer.role === 'practitioner', (q) =>
      q.where((eb) => eb.or([eb('c.worker_id', '=', viewer.userId), eb('c.shared_with_service', '=', true)])),
    )
    .$if(filters.status !== undefined, (q) => q.where('c.status', '=', filters.status!))
    .$if(filters.workerId !== undefined, (q) => q.where('c.worker_id', '=', filters.workerId!))
    .$if(filters.openedFrom !== undefined, (q) => q.where('c.opened_at', '>=', filters.openedFrom!))
    .$if(filters.openedTo !== undefined, (q) => q.where('c.opened_at', '<=', filters.openedTo!))
    .$if(filters.reference !== undefined, (q) => q.where('c.reference', '=', filters.reference!))
    .$if(filters.flag !== undefined, (q) => q.where(sql<boolean>`c.flags @> array[${filters.flag!}]::text[]`))
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('c.opened_at', 'c.id'), '<', eb.tuple(after!.openedAt, after!.id))),
    )
    .orderBy('c.opened_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(filters.limit + 1)
    .execute();
  const page = rows.slice(0, filters.limit);
  const items = page.map((row) => {
    const { worker_name, response_states, ...kase } = row;
    return summarizeCase(view, kase, worker_name, response_states.responses ?? [], response_states.lastReviewedOn);
  });
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > filters.limit && last ? encodeCursor({ openedAt: last.opened_at, id: last.id }) : null,
  };
}

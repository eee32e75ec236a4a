/**
 * The worklist: what needs doing on the viewer's cases (a practitioner's own and shared cases, a
 * manager's whole service) — reviews due, client questionnaires outstanding, follow-ups sent after
 * closure and not answered, and flags such as thoughts of self-harm. The digest email carries only
 * its counts.
 */
import type { CaseSummaryReply } from '@harbour/contract';
import type { Tx } from '@harbour/db';
import { withFollowUpTables } from '../follow-up/tables';
import type { CaseView } from './case-view';
import { listCaseload } from './caseload';
import type { CaseViewer } from './find-case';

export type WorklistCase = { caseId: string; reference: string | null; workerId: string };

export type Worklist = {
  reviewsDue: (WorklistCase & { reviewDueOn: string | null })[];
  clientQuestionnaires: WorklistCase[];
  followUpsUnanswered: (WorklistCase & { sentAt: Date; status: 'sent' | 'unanswered' })[];
  flagged: (WorklistCase & { flags: string[] })[];
};

export type WorklistCounts = { [K in keyof Worklist]: number };

const PAGE = 200;
/** Enough for the largest caseload a service holds open; a manager's worklist stops there. */
const MAX_OPEN_CASES = 20_000;

const line = (c: CaseSummaryReply): WorklistCase => ({ caseId: c.id, reference: c.reference, workerId: c.workerId });

export async function buildWorklist(tx: Tx, view: CaseView, viewer: CaseViewer, now: Date): Promise<Worklist> {
  const open: CaseSummaryReply[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCaseload(tx, view, viewer, {
      status: 'open',
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    open.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && open.length < MAX_OPEN_CASES);

  // follow-ups of closed cases: the latest one sent to each live contact, not answered
  const followUps = await withFollowUpTables(tx)
    .selectFrom('follow_ups as f')
    .innerJoin('follow_up_contacts as k', (j) =>
      j.onRef('k.service_id', '=', 'f.service_id').onRef('k.case_id', '=', 'f.case_id'),
    )
    .innerJoin('questionnaire_links as l', (j) =>
      j.onRef('l.service_id', '=', 'f.service_id').onRef('l.id', '=', 'f.link_id'),
    )
    .innerJoin('cases as c', (j) => j.onRef('c.service_id', '=', 'f.service_id').onRef('c.id', '=', 'f.case_id'))
    .select(['f.case_id', 'c.reference', 'c.worker_id', 'f.sent_at', 'l.expires_at'])
    .where('f.service_id', '=', viewer.serviceId)
    .where('k.ended_at', 'is', null)
    .where('l.used_at', 'is', null)
    .where('l.revoked_at', 'is', null)
    .$if(viewer.role === 'practitioner', (q) =>
      q.where((eb) => eb.or([eb('c.worker_id', '=', viewer.userId), eb('c.shared_with_service', '=', true)])),
    )
    .orderBy('f.sent_at', 'desc')
    .execute();
  const latest = new Map<string, (typeof followUps)[number]>();
  for (const f of followUps) if (!latest.has(f.case_id)) latest.set(f.case_id, f);

  return {
    reviewsDue: open.filter((c) => c.due.includes('review')).map((c) => ({ ...line(c), reviewDueOn: c.reviewDueOn })),
    clientQuestionnaires: open.filter((c) => c.due.includes('client_questionnaire')).map(line),
    followUpsUnanswered: [...latest.values()].map((f) => ({
      caseId: f.case_id,
      reference: f.reference,
      workerId: f.worker_id,
      sentAt: f.sent_at,
      status: f.expires_at.getTime() <= now.getTime() ? 'unanswered' : 'sent',
    })),
    flagged: open.filter((c) => c.flags.length > 0).map((c) => ({ ...line(c), flags: c.flags })),
  };
}

export function worklistCounts(worklist: Worklist): WorklistCounts {
  return {
    reviewsDue: worklist.reviewsDue.length,
    clientQuestionnaires: worklist.clientQuestionnaires.length,
    followUpsUnanswered: worklist.followUpsUnanswered.length,
    flagged: worklist.flagged.length,
  };
}

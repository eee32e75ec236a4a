/**
 * Case-file audits (migration 0052): a random sample of each worker's closed cases, scored by
 * theme, with feedback to the worker sealed at rest. Run in the caller's tenant transaction:
 * row-level security lets a practitioner read only the audits of their own files.
 */
import { randomInt } from 'node:crypto';
import type { Tx } from '@harbour/db';
import { sql } from 'kysely';

export const AUDIT_THEMES = [
  { key: 'risk_assessed_reviewed', label: 'Risk assessed and reviewed' },
  { key: 'safety_plan', label: 'Safety plan' },
  { key: 'multi_agency', label: 'Multi-agency work' },
  { key: 'impact_on_children', label: 'Impact on children' },
  { key: 'voice_of_child', label: 'Voice of the child' },
  { key: 'fathers_male_carers', label: 'Fathers and male carers' },
  { key: 'recording_quality', label: 'Recording quality' },
] as const;

export type AuditTheme = (typeof AUDIT_THEMES)[number]['key'];
/** 1 inadequate, 2 requires improvement, 3 good, 4 outstanding; null where the theme does not apply. */
export type AuditScores = Partial<Record<AuditTheme, number | null>>;
export const SCORE_LABELS = { 1: 'Inadequate', 2: 'Requires improvement', 3: 'Good', 4: 'Outstanding' } as const;

export type AuditRow = {
  id: string;
  sampleId: string;
  caseId: string;
  reference: string | null;
  workerId: string;
  workerName: string;
  scores: AuditScores;
  feedbackSealed: string | null;
  scoredAt: string | null;
  drawnAt: string;
};

/** `count` items of `items` chosen uniformly at random (partial Fisher–Yates on a CSPRNG). */
export function randomSample<T>(items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) {
    const [item] = pool.splice(randomInt(pool.length), 1);
    chosen.push(item as T);
  }
  return chosen;
}

/** Rows by key, in their order (Map.groupBy arrives with Node 21). */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

export async function drawSample(
  tx: Tx,
  options: { serviceId: string; drawnBy: string; from: string; to: string; perWorker: number },
): Promise<{ sampleId: string; audits: AuditRow[] }> {
  const closed = await tx
    .selectFrom('cases')
    .select(['id', 'worker_id'])
    .where('service_id', '=', options.serviceId)
    .where('status', '=', 'closed')
    .where('closed_at', '>=', options.from)
    .where('closed_at', '<=', options.to)
    .orderBy('id')
    .execute();
  const byWorker = groupBy(closed, (c) => c.worker_id);
  const sample = await tx
    .insertInto('case_audit_samples')
    .values({
      service_id: options.serviceId,
      drawn_by: options.drawnBy,
      period_from: options.from,
      period_to: options.to,
      per_worker: options.perWorker,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const chosen = [...byWorker].flatMap(([workerId, cases]) =>
    randomSample(
      cases.map((c) => c.id),
      options.perWorker,
    ).map((caseId) => ({ workerId, caseId })),
  );
  if (chosen.length > 0) {
    await tx
      .insertInto('case_audits')
      .values(
        chosen.map((c) => ({
          service_id: options.serviceId,
          sample_id: sample.id,
          case_id: c.caseId,
          worker_id: c.workerId,
        })),
      )
      .execute();
  }
  return { sampleId: sample.id, audits: await listAudits(tx, options.serviceId, { sampleId: sample.id }) };
}

/** Audits of a sample, of a worker, or one audit; newest sample first, then by worker and case. */
export async function listAudits(
  tx: Tx,
  serviceId: string,
  filter: { sampleId?: string; workerId?: string; auditId?: string },
): Promise<AuditRow[]> {
  const { rows } = await sql<AuditRow>`select a.id, a.sample_id as "sampleId", a.case_id as "caseId", c.reference,
      a.worker_id as "workerId", u.name as "workerName", a.scores, a.feedback_sealed as "feedbackSealed",
      a.scored_at as "scoredAt", s.drawn_at as "drawnAt"
    from case_audits a
    join case_audit_samples s on s.service_id = a.service_id and s.id = a.sample_id
    join cases c on c.service_id = a.service_id and c.id = a.case_id
    join users u on u.id = a.worker_id
    where a.service_id = ${serviceId}::uuid
      ${filter.sampleId ? sql`and a.sample_id = ${filter.sampleId}::uuid` : sql``}
      ${filter.workerId ? sql`and a.worker_id = ${filter.workerId}::uuid` : sql``}
      ${filter.auditId ? sql`and a.id = ${filter.auditId}::uuid` : sql``}
    order by s.drawn_at desc, u.name, c.reference, a.id`.execute(tx);
  return rows;
}

/** Audits of a worker's files as the worker reads them: no join to the samples (managers' only). */
export async function auditsOfWorker(tx: Tx, serviceId: string, workerId: string): Promise<AuditRow[]> {
  const { rows } = await sql<AuditRow>`select a.id, a.sample_id as "sampleId", a.case_id as "caseId", c.reference,
      a.worker_id as "workerId", u.name as "workerName", a.scores, a.feedback_sealed as "feedbackSealed",
      a.scored_at as "scoredAt", a.scored_at as "drawnAt"
    from case_audits a
    join cases c on c.service_id = a.service_id and c.id = a.case_id
    join users u on u.id = a.worker_id
    where a.service_id = ${serviceId}::uuid and a.worker_id = ${workerId}::uuid and a.scored_at is not null
    order by a.scored_at desc, a.id`.execute(tx);
  return rows;
}

export async function scoreAudit(
  tx: Tx,
  options: {
    serviceId: string;
    auditId: string;
    auditorId: string;
    scores: AuditScores;
    feedbackSealed: string | null;
    at: Date;
  },
): Promise<boolean> {
  const result = await tx
    .updateTable('case_audits')
    .set({
      scores: JSON.stringify(options.scores),
      feedback_sealed: options.feedbackSealed,
      auditor_id: options.auditorId,
      scored_at: options.at,
    })
    .where('service_id', '=', options.serviceId)
    .where('id', '=', options.auditId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type ThemeScore = { theme: AuditTheme; label: string; mean: number | null; files: number };
export type AuditSummary = {
  period: { from: string; to: string };
  files: number;
  themes: ThemeScore[];
  byWorker: { workerId: string; workerName: string; files: number; themes: ThemeScore[] }[];
  byQuarter: { quarter: string; files: number; themes: ThemeScore[] }[];
};

type ScoredRow = { worker_id: string; worker_name: string; quarter: string; scores: AuditScores };

function themeScores(rows: readonly ScoredRow[]): ThemeScore[] {
  return AUDIT_THEMES.map(({ key, label }) => {
    const values = rows.map((r) => r.scores[key]).filter((v): v is number => typeof v === 'number');
    const mean = values.length > 0 ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
    return { theme: key, label, mean, files: values.length };
  });
}

/** Mean score of each theme over the files scored in the period, overall, by worker and by quarter. */
export async function auditSummary(
  tx: Tx,
  serviceId: string,
  period: { from: string; to: string },
): Promise<AuditSummary> {
  const { rows } = await sql<ScoredRow>`select a.worker_id, u.name as worker_name,
      to_char(a.scored_at at time zone 'Europe/London', 'YYYY "Q"Q') as quarter, a.scores
    from case_audits a join users u on u.id = a.worker_id
    where a.service_id = ${serviceId}::uuid and a.scored_at is not null
      and (a.scored_at at time zone 'Europe/London')::date between ${period.from}::date and ${period.to}::date
    order by a.scored_at`.execute(tx);
  return {
    period,
    files: rows.length,
    themes: themeScores(rows),
    byWorker: [...groupBy(rows, (r) => r.worker_id)].map(([workerId, of]) => ({
      workerId,
      workerName: of[0]?.worker_name ?? '',
      files: of.length,
      themes: themeScores(of),
    })),
    byQuarter: [...groupBy(rows, (r) => r.quarter)].map(([quarter, of]) => ({
      quarter,
      files: of.length,
      themes: themeScores(of),
    })),
  };
}

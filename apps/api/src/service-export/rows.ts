/**
 * The rows of a service's export: the cases open at any time in the period (opened on or before
 * its end, not closed before its start), with the answers and scores of their submitted forms.
 * Drafts are never exported. Read in the manager's tenant transaction.
 */
import type { Tx } from '@harbour/db';
import { projectCases } from '@harbour/reports';
import { sql } from 'kysely';
import type { AnswerSealer } from '../security/sealed-answers';
import type { ExportColumn, ExportTable } from './columns';

export type Cell = string | number | boolean | null;

type CaseRow = {
  id: string;
  reference: string | null;
  worker: string;
  practitioner_role: string | null;
  opened_at: string;
  closed_at: string | null;
  status: string;
  project: string | null;
};

type FormRow = {
  case_id: string;
  form_key: string;
  answers: Record<string, unknown>;
  sealed: Record<string, unknown>;
  scores: Record<string, unknown>;
};

function cellOf(column: ExportColumn, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(String).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return column.type === 'integer' || column.type === 'number' ? Number(value) : String(value);
}

/** The case columns an export may ask for, read off the case's row. */
const CASE_FIELDS: Record<string, (c: CaseRow) => Cell> = {
  id: (c) => c.id,
  reference: (c) => c.reference,
  worker: (c) => c.worker,
  practitioner_role: (c) => c.practitioner_role,
  opened: (c) => c.opened_at,
  closed: (c) => c.closed_at,
  status: (c) => c.status,
  project: (c) => c.project,
};

const caseValue = (c: CaseRow, column: ExportColumn): Cell =>
  column.source.kind === 'case' ? (CASE_FIELDS[column.source.field]?.(c) ?? null) : null;

export async function exportRows(
  tx: Tx,
  options: {
    serviceId: string;
    period: { from: string; to: string };
    projectId?: string;
    tables: readonly ExportTable[];
    sealer: AnswerSealer;
    includeFreeText: boolean;
  },
): Promise<Map<string, Cell[][]>> {
  const { serviceId, period } = options;
  const { rows: cases } = await sql<CaseRow>`select c.id, c.reference, u.name as worker, c.practitioner_role,
      to_char(c.opened_at, 'YYYY-MM-DD') as opened_at, to_char(c.closed_at, 'YYYY-MM-DD') as closed_at, c.status,
      p.name as project
    from cases c
    join users u on u.id = c.worker_id
    left join projects p on p.service_id = c.service_id and p.id = c.project_id
    where c.service_id = ${serviceId}::uuid and c.opened_at <= ${period.to}::date
      and (c.closed_at is null or c.closed_at >= ${period.from}::date)
      ${options.projectId ? sql`and c.id in (${projectCases(options.projectId)})` : sql``}
    order by c.opened_at, c.reference, c.id`.execute(tx);
  const ids = cases.map((c) => c.id);
  const { rows: forms } =
    ids.length > 0
      ? await sql<FormRow>`select r.case_id, r.form_key, r.answers, r.sealed, r.scores from responses r
          where r.service_id = ${serviceId}::uuid and r.status = 'submitted' and r.case_id = any(${ids}::uuid[])`.execute(
          tx,
        )
      : { rows: [] as FormRow[] };
  const byCase = new Map<string, Map<string, { answers: Record<string, unknown>; scores: Record<string, unknown> }>>();
  for (const form of forms) {
    const answers = options.includeFreeText
      ? await options.sealer.unsealAnswers(tx, {
          serviceId,
          caseId: form.case_id,
          formKey: form.form_key,
          answers: form.answers,
          sealed: form.sealed,
        })
      : form.answers;
    const ofCase = byCase.get(form.case_id) ?? new Map();
    ofCase.set(form.form_key, { answers, scores: form.scores });
    byCase.set(form.case_id, ofCase);
  }
  const result = new Map<string, Cell[][]>();
  for (const table of options.tables) {
    const rows: Cell[][] = [];
    for (const c of cases) {
      const formsOfCase = byCase.get(c.id);
      if (!table.list) {
        rows.push(
          table.columns.map((column) => {
            if (column.source.kind === 'case') return caseValue(c, column);
            if (column.source.kind !== 'answer') return null;
            const form = formsOfCase?.get(column.source.form);
            return cellOf(
              column,
              column.source.derived ? form?.scores[column.source.field] : form?.answers[column.source.field],
            );
          }),
        );
        continue;
      }
      const items = formsOfCase?.get(table.form ?? '')?.answers[table.list];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => {
        const object = (item ?? {}) as Record<string, unknown>;
        rows.push(
          table.columns.map((column) => {
            if (column.source.kind === 'case') return caseValue(c, column);
            if (column.source.kind === 'item_number') return i + 1;
            return column.source.kind === 'item' ? cellOf(column, object[column.source.field]) : null;
          }),
        );
      });
    }
    result.set(table.name, rows);
  }
  return result;
}

/**
 * The columns an import file may have: the case's own (`case.*`) and every answer field of the
 * data dictionary, named `<formKey>.<field>` (`core.intake.referral_source`). Array answers are
 * `a|b|c` in a CSV cell; a list of items (children) is a JSON array in one cell.
 */
import type { DictionaryFieldType, Registry } from '@harbour/forms';

export const CASE_COLUMNS = [
  'case.reference',
  'case.opened_at',
  'case.worker_email',
  'case.practitioner_role',
] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];

export type AnswerColumn = { formKey: string; field: string; type: DictionaryFieldType };

export type ImportColumns = { answers: Map<string, AnswerColumn> };

export function importColumns(registry: Registry): ImportColumns {
  const answers = new Map<string, AnswerColumn>();
  for (const entry of registry.dictionary()) {
    if (entry.derived || entry.parent !== undefined) continue;
    answers.set(entry.key, { formKey: entry.form, field: entry.field, type: entry.type });
  }
  return { answers };
}

const caseColumns: ReadonlySet<string> = new Set(CASE_COLUMNS);

export function isCaseColumn(column: string): column is CaseColumn {
  return caseColumns.has(column);
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/**
 * A CSV cell as the JSON value its field expects. A cell that cannot be read as that type stays
 * a string, so that validation reports it against its field like any other wrong answer.
 */
export function cellValue(cell: string, type: DictionaryFieldType): unknown {
  switch (type) {
    case 'integer':
      return /^[-+]?\d+$/.test(cell) ? Number(cell) : cell;
    case 'number':
      return cell.trim() !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell;
    case 'boolean': {
      const lower = cell.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : cell;
    }
    case 'codes':
      return cell
        .split('|')
        .map((code) => code.trim())
        .filter((code) => code !== '');
    case 'items':
      try {
        return JSON.parse(cell);
      } catch {
        return cell;
      }
    default:
      return cell;
  }
}

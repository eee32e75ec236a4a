/**
 * The columns an import file may have: the case's own (`case.*`) and every answer field of the
 * data dictionary, named `<formKey>.<field>` (`core.intake.referral_source`). A form answered on
 * numbered occasions (reviews) has its number between form and field: `core.review.2.risk_level`
 * is the second review's risk level. Array answers are `a|b|c` in a CSV cell; a list of items
 * (children) is a JSON array in one cell.
 */
import { type DictionaryFieldType, isRepeatedStage, type Registry } from '@harbour/forms';

export const CASE_COLUMNS = [
  'case.reference',
  'case.opened_at',
  'case.worker_email',
  'case.practitioner_role',
] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];

/**
 * `occasion` is 0 for a form answered once, the review number otherwise; `response` names the
 * response of a row the answer belongs to: the form key, or `<formKey>.<occasion>` for a review.
 */
export type AnswerColumn = {
  formKey: string;
  field: string;
  type: DictionaryFieldType;
  occasion: number;
  response: string;
};

export type ImportColumns = {
  answers: Map<string, AnswerColumn>;
  /** Fields of forms answered on numbered occasions, by `<formKey>.<field>`: named with a number in files. */
  repeated: Map<string, AnswerColumn>;
  /**
   * Numbered columns already looked up (`core.review.2.risk_level`): every row of a file names
   * the same columns, so each name is matched against the dictionary once an import, not once a row.
   */
  numbered: Map<string, AnswerColumn>;
};

/** Reviews a row may carry: enough for years of quarterly reviews. */
export const MAX_IMPORTED_OCCASION = 40;

export function importColumns(registry: Registry): ImportColumns {
  const answers = new Map<string, AnswerColumn>();
  const repeated = new Map<string, AnswerColumn>();
  for (const entry of registry.dictionary()) {
    if (entry.derived || entry.parent !== undefined) continue;
    const stage = registry.form(entry.form)?.stage;
    // follow-ups are answered by clients through their links after closure, never imported
    if (stage === 'follow_up') continue;
    const column = { formKey: entry.form, field: entry.field, type: entry.type, occasion: 0, response: entry.form };
    (stage && isRepeatedStage(stage) ? repeated : answers).set(entry.key, column);
  }
  return { answers, repeated, numbered: new Map() };
}

const NUMBERED = /^(.+)\.([1-9][0-9]?)\.([a-z][a-z0-9_]*)$/;

/** The answer a file's column holds, or undefined when it is not a column of the dictionary. */
export function answerColumn(columns: ImportColumns, name: string): AnswerColumn | undefined {
  const once = columns.answers.get(name);
  if (once) return once;
  const seen = columns.numbered.get(name);
  if (seen) return seen;
  const column = numberedColumn(columns, name);
  // only names of the dictionary are kept: a file's unknown names cannot grow the map
  if (column) columns.numbered.set(name, column);
  return column;
}

function numberedColumn(columns: ImportColumns, name: string): AnswerColumn | undefined {
  const numbered = NUMBERED.exec(name);
  if (!numbered) return undefined;
  const occasion = Number(numbered[2]);
  const field = columns.repeated.get(`${numbered[1]}.${numbered[3]}`);
  return field && occasion <= MAX_IMPORTED_OCCASION
    ? { ...field, occasion, response: `${field.formKey}.${occasion}` }
    : undefined;
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

/** A column a spreadsheet's heading can be mapped to, as a person picks it from a list. */
export type ColumnChoice = { column: string; label: string; form: string | null; formTitle: string };

/** Reviews offered by number when mapping a heading: a year of quarterly reviews. */
const OFFERED_REVIEWS = 4;

const CASE_COLUMN_LABELS: Record<CaseColumn, string> = {
  'case.reference': 'Case reference',
  'case.opened_at': 'Date the case was opened',
  'case.worker_email': "Worker's email",
  'case.practitioner_role': 'Practitioner role',
};

/** Every column an import takes, the case's first, then each form's fields in dictionary order. */
export function importColumnChoices(registry: Registry): ColumnChoice[] {
  const columns = importColumns(registry);
  const choices: ColumnChoice[] = CASE_COLUMNS.map((column) => ({
    column,
    label: CASE_COLUMN_LABELS[column],
    form: null,
    formTitle: 'Case',
  }));
  const labelOf = new Map(registry.dictionary().map((entry) => [entry.key, entry.label]));
  const title = (formKey: string) => registry.form(formKey)?.title ?? formKey;
  for (const [key, answer] of columns.answers) {
    choices.push({
      column: key,
      label: labelOf.get(key) ?? key,
      form: answer.formKey,
      formTitle: title(answer.formKey),
    });
  }
  for (let occasion = 1; occasion <= OFFERED_REVIEWS; occasion++) {
    for (const [key, answer] of columns.repeated) {
      choices.push({
        column: `${answer.formKey}.${occasion}.${answer.field}`,
        label: labelOf.get(key) ?? key,
        form: answer.formKey,
        formTitle: `${title(answer.formKey)} ${occasion}`,
      });
    }
  }
  return choices;
}

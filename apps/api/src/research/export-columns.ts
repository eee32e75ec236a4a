/**
 * The columns of a research export, derived from the data dictionary. What is never exported:
 * free text and fields a form marks sensitive, strings without codes (references, the exact
 * local authority, the child's reference), and codes with so many values that one alone can
 * single a person out (country of birth). Dates are exported as months (or coarser, see
 * quasi-identifiers.ts), age as a band and the local authority as its region.
 */
import type { DictionaryEntry, Registry } from '@harbour/forms';
import {
  AGE_BANDS,
  CHILD_AGE_BANDS,
  ETHNICITY_GROUPS,
  type QuasiIdentifier,
  WIDE_AGE_BANDS,
} from './quasi-identifiers';
import { NATIONS, REGIONS } from './regions';

/**
 * `cases`: one row per case; `children`: one per child; `reviews` and `follow_ups`: one per review
 * or follow-up of a case, the forms answered on numbered occasions (each form's fields once).
 */
export type ExportTable = 'cases' | 'children' | 'reviews' | 'follow_ups';

/** The table of the forms of a stage answered on numbered occasions. */
const OCCASION_TABLES = { review: 'reviews', follow_up: 'follow_ups' } as const;
export type OccasionTable = (typeof OCCASION_TABLES)[keyof typeof OCCASION_TABLES];

/** Codes fields with more values than this stay out of row-level exports (crosstabs still have them). */
export const MAX_EXPORTED_CODES = 60;

const LOCAL_AUTHORITY = 'core.intake.local_authority';
const QUASI_IDENTIFIER_FIELDS: Record<string, QuasiIdentifier> = {
  'core.intake.age': 'age',
  'core.intake.gender': 'gender',
  'core.intake.ethnicity': 'ethnicity',
  'core.intake.disability': 'disability',
  [LOCAL_AUTHORITY]: 'region',
};
/** Fields that give a quasi-identifier away: blanked with it. */
const LINKED_FIELDS: Record<string, QuasiIdentifier> = { 'core.intake.disability_types': 'disability' };

export type CaseField =
  | 'pseudonym'
  | 'person'
  | 'service'
  | 'service_kind'
  | 'practitioner_role'
  | 'opened'
  | 'closed'
  | 'status';

export type ColumnSource =
  | { kind: 'case'; field: CaseField }
  | { kind: 'answer'; form: string; field: string; derived: boolean; as: 'value' | 'period' }
  | { kind: 'quasi'; name: QuasiIdentifier }
  | { kind: 'linked'; form: string; field: string; name: QuasiIdentifier }
  | { kind: 'child_number' }
  | { kind: 'occasion' }
  | { kind: 'item'; list: string; field: string; as: 'value' | 'age_band' };

export type ExportColumn = {
  table: ExportTable;
  key: string;
  label: string;
  type: string;
  codes: { code: string; label: string }[];
  form: string | null;
  module: string | null;
  version: number | null;
  source: ColumnSource;
};

const codesOf = (bands: { code: string; label: string }[]) => bands.map(({ code, label }) => ({ code, label }));
const uniqueCodes = (codes: { code: string; label: string }[]) =>
  codes.filter((c, i) => codes.findIndex((o) => o.code === c.code) === i);

const PERIOD_LABEL = 'YYYY-MM, or YYYY-Qn when generalised for k-anonymity, empty when blanked';

function caseColumns(): ExportColumn[] {
  const column = (key: string, label: string, type: string, field: CaseField): ExportColumn => ({
    table: 'cases',
    key,
    label,
    type,
    codes: [],
    form: null,
    module: null,
    version: null,
    source: { kind: 'case', field },
  });
  return [
    column('case.pseudonym', 'Case pseudonym: stable within one export only', 'pseudonym', 'pseudonym'),
    column(
      'case.person',
      'Person pseudonym: cases the "known elsewhere" linkage found to be one person share it; stable within one export only',
      'pseudonym',
      'person',
    ),
    column(
      'case.service',
      'Service: a pseudonym, or its name where the service agreed to be named',
      'string',
      'service',
    ),
    column('case.service_kind', 'Kind of service', 'code', 'service_kind'),
    column('case.practitioner_role', 'Role of the practitioner holding the case', 'code', 'practitioner_role'),
    column('case.opened_month', `Month the case opened (${PERIOD_LABEL})`, 'period', 'opened'),
    column('case.closed_month', `Month the case closed (${PERIOD_LABEL})`, 'period', 'closed'),
    column('case.status', 'Open or closed', 'code', 'status'),
  ];
}

/** A dictionary entry that may leave the platform at row level. */
function exportable(entry: DictionaryEntry, sensitive: Set<string>): boolean {
  if (entry.sensitive || sensitive.has(entry.key) || entry.type === 'text' || entry.type === 'items') return false;
  if (entry.type === 'string' && entry.codes.length === 0) return false;
  return entry.codes.length <= MAX_EXPORTED_CODES;
}

function quasiColumn(entry: DictionaryEntry, name: QuasiIdentifier): ExportColumn {
  const base = { table: 'cases' as const, form: entry.form, module: entry.module, version: entry.version };
  const source: ColumnSource = { kind: 'quasi', name };
  switch (name) {
    case 'age':
      return {
        ...base,
        key: `${entry.form}.age_band`,
        label: `${entry.label}: band (wider when generalised for k-anonymity)`,
        type: 'band',
        codes: uniqueCodes([...codesOf(AGE_BANDS), ...codesOf(WIDE_AGE_BANDS)]),
        source,
      };
    case 'region':
      return {
        ...base,
        key: `${entry.form}.region`,
        label: 'Region of the local authority (England), or nation; the nation when generalised',
        type: 'code',
        codes: uniqueCodes([...REGIONS, ...NATIONS].map(({ code, label }) => ({ code, label }))),
        source,
      };
    case 'ethnicity':
      return {
        ...base,
        key: entry.key,
        label: `${entry.label} (the high-level group when generalised)`,
        type: 'code',
        codes: [...entry.codes, ...ETHNICITY_GROUPS],
        source,
      };
    default:
      return { ...base, key: entry.key, label: entry.label, type: entry.type, codes: entry.codes, source };
  }
}

function answerColumn(entry: DictionaryEntry, table: ExportTable = 'cases'): ExportColumn {
  const linked = LINKED_FIELDS[entry.key];
  const base = {
    table,
    label: entry.label,
    codes: entry.codes,
    form: entry.form,
    module: entry.module,
    version: entry.version,
  };
  if (entry.type === 'date') {
    return {
      ...base,
      key: `${entry.key.replace(/_date$/, '')}_month`,
      label: `${entry.label} (${PERIOD_LABEL})`,
      type: 'period',
      source: { kind: 'answer', form: entry.form, field: entry.field, derived: false, as: 'period' },
    };
  }
  return {
    ...base,
    key: entry.key,
    type: entry.type,
    source: linked
      ? { kind: 'linked', form: entry.form, field: entry.field, name: linked }
      : { kind: 'answer', form: entry.form, field: entry.field, derived: entry.derived, as: 'value' },
  };
}

function childColumns(entries: DictionaryEntry[], sensitive: Set<string>): ExportColumn[] {
  const items = entries.filter((e) => e.parent?.endsWith('.children'));
  const roster = items[0];
  if (!roster) return [];
  const numberColumn: ExportColumn = {
    table: 'children',
    key: 'child.number',
    label: 'Number of the child within the case (1, 2, …)',
    type: 'integer',
    codes: [],
    form: roster.form,
    module: roster.module,
    version: roster.version,
    source: { kind: 'child_number' },
  };
  const pseudonym: ExportColumn = { ...caseColumns()[0]!, table: 'children' };
  const fields = items
    .filter((e) => exportable(e, sensitive))
    .map((e): ExportColumn => {
      const field = e.field.split('.').pop() as string;
      const isAge = field === 'age';
      return {
        table: 'children',
        key: isAge ? `${e.key}_band` : e.key,
        label: isAge ? `${e.label}: band` : e.label,
        type: isAge ? 'band' : e.type,
        codes: isAge ? codesOf(CHILD_AGE_BANDS) : e.codes,
        form: e.form,
        module: e.module,
        version: e.version,
        source: { kind: 'item', list: e.parent as string, field, as: isAge ? 'age_band' : 'value' },
      };
    });
  return [pseudonym, numberColumn, ...fields];
}

/** The case pseudonym and the occasion's number, then each field of the stage's forms. */
function occasionColumns(table: OccasionTable, entries: DictionaryEntry[], sensitive: Set<string>): ExportColumn[] {
  if (entries.length === 0) return [];
  const pseudonym: ExportColumn = { ...caseColumns()[0]!, table };
  const number: ExportColumn = {
    table,
    key: table === 'reviews' ? 'review.number' : 'follow_up.number',
    label:
      table === 'reviews'
        ? 'Number of the review within the case (1, 2, …)'
        : "Number of the follow-up after closure (1 = the service's first follow-up point, 2 = the second)",
    type: 'integer',
    codes: [],
    form: null,
    module: null,
    version: null,
    source: { kind: 'occasion' },
  };
  return [pseudonym, number, ...entries.filter((e) => exportable(e, sensitive)).map((e) => answerColumn(e, table))];
}

/** Every column of the export tables, in dictionary order. */
export function exportColumns(registry: Registry): ExportColumn[] {
  const entries = registry.dictionary();
  const sensitive = new Set(
    registry.forms().flatMap((form) => registry.sensitiveKeys(form.key).map((key) => `${form.key}.${key}`)),
  );
  const stageOf = (e: DictionaryEntry) => registry.form(e.form)?.stage;
  const ofStage = (stage: keyof typeof OCCASION_TABLES) => entries.filter((e) => !e.parent && stageOf(e) === stage);
  const caseLevel = entries
    .filter((e) => !e.parent && !(stageOf(e) === 'review' || stageOf(e) === 'follow_up'))
    .flatMap((e): ExportColumn[] => {
      const quasi = QUASI_IDENTIFIER_FIELDS[e.key];
      if (quasi) return [quasiColumn(e, quasi)];
      return exportable(e, sensitive) ? [answerColumn(e)] : [];
    });
  return [
    ...caseColumns(),
    ...caseLevel,
    ...childColumns(entries, sensitive),
    ...occasionColumns('reviews', ofStage('review'), sensitive),
    ...occasionColumns('follow_ups', ofStage('follow_up'), sensitive),
  ];
}

/** The item lists the children table reads: the first is the roster, the others join it by child_ref. */
export function childLists(columns: ExportColumn[]): string[] {
  const lists = columns.flatMap((c) => (c.source.kind === 'item' ? [c.source.list] : []));
  return [...new Set(lists)];
}

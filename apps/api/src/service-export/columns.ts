/**
 * The columns of a service's export of its own cases: one column a field of the data
 * dictionary, one table (sheet or file) per repeated group (an array of objects such as the
 * children), a codebook and value labels. Unlike the research export nothing is pseudonymised:
 * it is the service's own data. Free text and fields a form marks sensitive are left out unless
 * the manager asks for them.
 */
import type { DictionaryEntry, DictionaryFieldType, Registry } from '@harbour/forms';

export type CaseField =
  | 'id'
  | 'reference'
  | 'worker'
  | 'practitioner_role'
  | 'opened'
  | 'closed'
  | 'status'
  | 'project';

export type ExportColumn = {
  key: string;
  label: string;
  type: DictionaryFieldType | 'uuid';
  codes: { code: string; label: string }[];
  form: string | null;
  source:
    | { kind: 'case'; field: CaseField }
    | { kind: 'answer'; form: string; field: string; derived: boolean }
    | { kind: 'item_number' }
    | { kind: 'item'; field: string };
};

export type ExportTable = {
  name: string;
  label: string;
  form: string | null;
  list: string | null;
  columns: ExportColumn[];
};

const caseColumn = (
  key: string,
  label: string,
  field: CaseField,
  type: ExportColumn['type'] = 'string',
): ExportColumn => ({
  key,
  label,
  type,
  codes: [],
  form: null,
  source: { kind: 'case', field },
});

const CASE_COLUMNS: ExportColumn[] = [
  caseColumn('case.id', 'Case id (Harbour)', 'id', 'uuid'),
  caseColumn('case.reference', "The service's case reference", 'reference'),
  caseColumn('case.worker', 'Worker holding the case', 'worker'),
  caseColumn('case.practitioner_role', 'Role of the practitioner holding the case', 'practitioner_role', 'code'),
  caseColumn('case.opened', 'Date the case opened', 'opened', 'date'),
  caseColumn('case.closed', 'Date the case closed (empty while open)', 'closed', 'date'),
  caseColumn('case.status', 'Open or closed', 'status', 'code'),
  caseColumn('case.project', "The case's project", 'project'),
];

const isFreeText = (entry: DictionaryEntry) => entry.type === 'text' || entry.sensitive;

/** A name a spreadsheet accepts for a sheet (31 characters, no punctuation it forbids). */
export const sheetName = (key: string) => key.replace(/[^a-z0-9_]/gi, '_').slice(0, 31);

export function serviceExportTables(registry: Registry, includeFreeText: boolean): ExportTable[] {
  const entries = registry.dictionary().filter((e) => includeFreeText || !isFreeText(e));
  const answerColumn = (e: DictionaryEntry): ExportColumn => ({
    key: e.key,
    label: e.label,
    type: e.type,
    codes: e.codes,
    form: e.form,
    source: { kind: 'answer', form: e.form, field: e.field, derived: e.derived },
  });
  const cases: ExportTable = {
    name: 'cases',
    label: 'One row a case',
    form: null,
    list: null,
    columns: [...CASE_COLUMNS, ...entries.filter((e) => !e.parent && e.type !== 'items').map(answerColumn)],
  };
  const repeated = entries
    .filter((e) => e.type === 'items')
    .map(
      (list): ExportTable => ({
        name: sheetName(list.key),
        label: `One row a ${list.label.toLowerCase()} item`,
        form: list.form,
        list: list.field,
        columns: [
          CASE_COLUMNS[0] as ExportColumn,
          {
            key: 'item.number',
            label: 'Number of the item within the case (1, 2, …)',
            type: 'integer',
            codes: [],
            form: list.form,
            source: { kind: 'item_number' },
          },
          ...entries
            .filter((e) => e.parent === list.key)
            .map(
              (e): ExportColumn => ({
                key: e.key,
                label: e.label,
                type: e.type,
                codes: e.codes,
                form: e.form,
                source: { kind: 'item', field: e.field.split('.').pop() as string },
              }),
            ),
        ],
      }),
    );
  return [cases, ...repeated];
}

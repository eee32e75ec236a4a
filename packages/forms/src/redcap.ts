/**
 * A module as a REDCap data dictionary: one row per question of every form's latest version, in
 * REDCap's own column order, so that a research team can build the same instruments in REDCap and
 * load Harbour's exports into them. The items of a list (one entry per child) become a separate
 * instrument, `<form>_<list>`, for REDCap's repeating instruments, its fields named `<form>_<list>_<field>`.
 */
import { codesOf, integerRangeOf, itemObjectOf, propertiesOf, requiredWhenAsked } from './schema-walk';
import {
  type FieldHint,
  type FormDefinition,
  type JsonSchema,
  latestVersions,
  type ModuleDefinition,
  type UiHints,
} from './types';

export const REDCAP_COLUMNS = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
] as const;

export type RedcapRow = {
  field: string;
  form: string;
  section: string;
  type: 'text' | 'notes' | 'radio' | 'checkbox' | 'yesno';
  label: string;
  choices: string;
  note: string;
  validation: '' | 'integer' | 'number' | 'date_ymd';
  min: string;
  max: string;
  identifier: boolean;
  branching: string;
  required: boolean;
  annotation: string;
};

/** `code, label | code, label`: REDCap's choices. A label may hold commas; only the first one separates. */
export function redcapChoices(options: { code: string; label: string }[]): string {
  return options.map((option) => `${option.code}, ${option.label.replace(/\|/g, '/')}`).join(' | ');
}

/** The options of a REDCap choices cell, in order. */
export function parseRedcapChoices(choices: string): { code: string; label: string }[] {
  if (choices.trim() === '') return [];
  return choices.split('|').map((choice) => {
    const comma = choice.indexOf(',');
    return { code: choice.slice(0, comma).trim(), label: choice.slice(comma + 1).trim() };
  });
}

/** REDCap field names: lower-case letters, digits and underscores, starting with a letter. */
const redcapName = (name: string) => name.toLowerCase().replace(/[^a-z0-9_]/g, '_');

const formNameOf = (form: FormDefinition) => redcapName(form.key.slice(form.key.indexOf('.') + 1));

type Scope = {
  schema: JsonSchema;
  ui: UiHints;
  instrument: string;
  /** Field name of a question: its key, or `<list>_<key>` inside a list. */
  nameOf: (key: string) => string;
  /** The data dictionary's key of a question, e.g. `children.intake.children.age`. */
  keyPrefix: string;
};

function branchingOf(scope: Scope, hint: FieldHint): string {
  const condition = hint.showWhen;
  if (!condition) return '';
  const target = propertiesOf(scope.schema)[condition.field] ?? {};
  const name = scope.nameOf(condition.field);
  const values = condition.in ?? [condition.equals];
  return values
    .map((value) => {
      if (target.type === 'array') return `[${name}(${String(value)})] = '1'`;
      if (typeof value === 'boolean') return `[${name}] = '${value ? 1 : 0}'`;
      return `[${name}] = '${String(value)}'`;
    })
    .join(' or ');
}

function fieldRow(
  scope: Scope,
  key: string,
  field: JsonSchema,
  hint: FieldHint | undefined,
  required: boolean,
  identifying: boolean,
): RedcapRow {
  const options = hint?.options;
  const codes = codesOf(field)?.map(String) ?? (options ? integerRangeOf(field)?.map(String) : undefined);
  const base: RedcapRow = {
    field: scope.nameOf(key),
    form: scope.instrument,
    section: '',
    type: 'text',
    label: hint?.label ?? key,
    choices: '',
    note: hint?.help ?? '',
    validation: '',
    min: '',
    max: '',
    identifier: identifying,
    branching: hint ? branchingOf(scope, hint) : '',
    required,
    annotation: `@harbour ${scope.keyPrefix}${key}`,
  };
  if (codes) {
    return {
      ...base,
      type: field.type === 'array' ? 'checkbox' : 'radio',
      choices: redcapChoices(codes.map((code) => ({ code, label: options?.[code] ?? code }))),
    };
  }
  if (field.type === 'boolean') return { ...base, type: 'yesno' };
  if (field.type === 'integer' || field.type === 'number') {
    return {
      ...base,
      validation: field.type === 'integer' ? 'integer' : 'number',
      min: typeof field.minimum === 'number' ? String(field.minimum) : '',
      max: typeof field.maximum === 'number' ? String(field.maximum) : '',
    };
  }
  if (field.format === 'date') return { ...base, validation: 'date_ymd' };
  if (typeof field.pattern === 'string') return { ...base, annotation: `${base.annotation} pattern ${field.pattern}` };
  if (typeof field.maxLength === 'number' && field.maxLength > 255) return { ...base, type: 'notes' };
  return base;
}

function scopeRows(scope: Scope, form: FormDefinition, topLevel: boolean): RedcapRow[] {
  const properties = propertiesOf(scope.schema);
  const required = requiredWhenAsked(scope.schema);
  const sensitive = new Set(topLevel ? (form.sensitive ?? []) : []);
  const rows: RedcapRow[] = [];
  const lists: RedcapRow[] = [];
  const headed = new Set<string>();
  for (const key of scope.ui.order) {
    const field = properties[key] ?? {};
    const hint = scope.ui.fields[key];
    const itemObject = itemObjectOf(field);
    if (itemObject && hint?.items) {
      const list = redcapName(key);
      lists.push(
        ...scopeRows(
          {
            schema: itemObject,
            ui: hint.items,
            instrument: `${scope.instrument}_${list}`,
            // Lists of the same name in two forms (children at intake and exit) stay apart.
            nameOf: (itemKey) => `${scope.instrument}_${list}_${redcapName(itemKey)}`,
            keyPrefix: `${scope.keyPrefix}${key}.`,
          },
          form,
          false,
        ),
      );
      continue;
    }
    const row = fieldRow(scope, key, field, hint, required.has(key), sensitive.has(key));
    const group = hint?.group;
    if (group && !headed.has(group) && scope.ui.groups?.[group]) {
      headed.add(group);
      row.section = scope.ui.groups[group].legend;
    }
    rows.push(row);
  }
  return [...rows, ...lists];
}

/**
 * The rows of a module's REDCap data dictionary. The first field is REDCap's record id; a field
 * key that two forms of the module share is prefixed with its form's name so names stay unique.
 */
export function redcapDictionaryOf(module: ModuleDefinition): RedcapRow[] {
  const latest = latestVersions(module.forms);
  const keyCounts = new Map<string, number>();
  for (const form of latest) for (const key of form.ui.order) keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
  const rows = latest.flatMap((form) => {
    const instrument = formNameOf(form);
    return scopeRows(
      {
        schema: form.schema,
        ui: form.ui,
        instrument,
        nameOf: (key) => ((keyCounts.get(key) ?? 0) > 1 ? `${instrument}_${redcapName(key)}` : redcapName(key)),
        keyPrefix: `${form.key}.`,
      },
      form,
      true,
    );
  });
  const first = latest[0];
  const recordId: RedcapRow = {
    field: 'record_id',
    form: first ? formNameOf(first) : redcapName(module.key),
    section: '',
    type: 'text',
    label: 'Record ID',
    choices: '',
    note: 'The pseudonymous case id of the export.',
    validation: '',
    min: '',
    max: '',
    identifier: false,
    branching: '',
    required: false,
    annotation: '@harbour case_id',
  };
  return [recordId, ...rows];
}

/** A row as the cells of REDCap's columns. */
export function redcapCells(row: RedcapRow): string[] {
  return [
    row.field,
    row.form,
    row.section,
    row.type,
    row.label,
    row.choices,
    row.note,
    row.validation,
    row.min,
    row.max,
    row.identifier ? 'y' : '',
    row.branching,
    row.required ? 'y' : '',
    '',
    '',
    '',
    '',
    row.annotation,
  ];
}

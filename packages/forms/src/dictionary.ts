/**
 * The flat data dictionary of every installed form field and derived score: what research
 * exports describe and imports read column names from, and docs/data-dictionary.md shows
 * (`npm run docs`). Keys are `<form>.<field>` (`core.intake.referral_source`); the fields of list items are `<form>.<list>.<field>`
 * (`children.intake.children.age`), each with `parent` naming its list.
 */

import { codesOf, itemObjectOf, propertiesOf, requiredOf } from './schema-walk';
import { bandKeyOf, casenessKeyOf } from './scores';
import type {
  DictionaryEntry,
  DictionaryFieldType,
  FieldHint,
  FormDefinition,
  JsonSchema,
  ModuleDefinition,
  UiHints,
} from './types';

function typeOf(field: JsonSchema, codes: unknown[] | undefined): DictionaryFieldType {
  if (field.type === 'array') return itemObjectOf(field) ? 'items' : 'codes';
  if (codes) return 'code';
  if (field.type === 'string') {
    if (field.format === 'date') return 'date';
    return typeof field.maxLength === 'number' && field.pattern === undefined ? 'text' : 'string';
  }
  return field.type as DictionaryFieldType;
}

function codeList(codes: unknown[] | undefined, hint: FieldHint | undefined): { code: string; label: string }[] {
  return (codes ?? []).map((code) => ({ code: String(code), label: hint?.options?.[String(code)] ?? String(code) }));
}

function fieldEntries(
  module: ModuleDefinition,
  form: FormDefinition,
  schema: JsonSchema,
  ui: UiHints,
  prefix: string,
  parent: string | undefined,
): DictionaryEntry[] {
  const properties = propertiesOf(schema);
  const required = requiredOf(schema);
  const sensitive = new Set(form.sensitive ?? []);
  return ui.order.flatMap((key) => {
    const field = properties[key] as JsonSchema;
    const hint = ui.fields[key];
    const codes = codesOf(field);
    const entry: DictionaryEntry = {
      key: `${prefix}.${key}`,
      form: form.key,
      module: module.key,
      version: form.version,
      field: parent ? `${parent.slice(form.key.length + 1)}.${key}` : key,
      label: hint?.label ?? key,
      type: typeOf(field, codes),
      codes: codeList(codes, hint),
      required: required.includes(key),
      ...(typeof field.minimum === 'number' ? { minimum: field.minimum } : {}),
      ...(typeof field.maximum === 'number' ? { maximum: field.maximum } : {}),
      ...(typeof field.pattern === 'string' ? { pattern: field.pattern } : {}),
      ...(typeof field.maxLength === 'number' ? { maxLength: field.maxLength } : {}),
      sensitive: !parent && sensitive.has(key),
      ...(parent ? { parent } : {}),
      derived: false,
    };
    const item = itemObjectOf(field);
    return item && hint?.items
      ? [entry, ...fieldEntries(module, form, item, hint.items, entry.key, entry.key)]
      : [entry];
  });
}

function scoreEntries(module: ModuleDefinition, form: FormDefinition): DictionaryEntry[] {
  const base = { form: form.key, module: module.key, version: form.version, required: false, sensitive: false };
  return (module.scores ?? [])
    .filter((score) => score.forms.includes(form.key))
    .flatMap((score) => {
      const entries: DictionaryEntry[] = [
        {
          ...base,
          key: `${form.key}.${score.key}`,
          field: score.key,
          label: score.label,
          type: 'score',
          codes: [],
          minimum: score.range[0],
          maximum: score.range[1],
          derived: true,
        },
      ];
      if (score.bands) {
        entries.push({
          ...base,
          key: `${form.key}.${bandKeyOf(score)}`,
          field: bandKeyOf(score),
          label: `${score.label}: band`,
          type: 'band',
          codes: score.bands.map((band) => ({ code: band.code, label: `${band.label} (${band.from}–${band.to})` })),
          derived: true,
        });
      }
      if (score.caseness !== undefined) {
        entries.push({
          ...base,
          key: `${form.key}.${casenessKeyOf(score)}`,
          field: casenessKeyOf(score),
          label: `${score.label}: at or above ${score.caseness} (a clinical case)`,
          type: 'caseness',
          codes: [],
          derived: true,
        });
      }
      return entries;
    });
}

/** Entries of the given forms (the latest version of each), in module and display order. */
export function dictionaryOf(modules: ModuleDefinition[], forms: FormDefinition[]): DictionaryEntry[] {
  return forms.flatMap((form) => {
    const module = modules.find((candidate) => form.key.startsWith(`${candidate.key}.`)) as ModuleDefinition;
    return [...fieldEntries(module, form, form.schema, form.ui, form.key, undefined), ...scoreEntries(module, form)];
  });
}

/**
 * `defineModule` checks a module against the contract when it is loaded, so that a mistake in
 * a module stops the server at start-up with a message naming the module, form and field,
 * instead of surfacing as a confusing validation error in front of a practitioner.
 */
import { reportProblems } from './report-check';
import { codesOf, integerRangeOf, isObject, itemObjectOf, propertiesOf } from './schema-walk';
import type { FormDefinition, JsonSchema, ModuleDefinition, UiHints } from './types';

/** Field keys and the last part of form keys: valid in JSON, SQL, REDCap, XLSForm and FHIR. */
export const fieldKeyPattern = /^[a-z][a-z0-9_]*$/;
/** Module keys may contain hyphens (`mental-health`); they are package names too. */
export const moduleKeyPattern = /^[a-z][a-z0-9-]*$/;
/** Option codes: snake_case codes, or standard codes such as ISO country codes (`GB`). */
const codePattern = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

export class ModuleDefinitionError extends Error {
  constructor(
    readonly moduleKey: string,
    readonly problems: string[],
  ) {
    super(`module ${JSON.stringify(moduleKey)} is not valid:\n- ${problems.join('\n- ')}`);
    this.name = 'ModuleDefinitionError';
  }
}

export function defineModule(def: ModuleDefinition): ModuleDefinition {
  const problems = moduleProblems(def);
  if (problems.length > 0) throw new ModuleDefinitionError(def.key, problems);
  return def;
}

export function moduleProblems(def: ModuleDefinition): string[] {
  const problems: string[] = [];
  if (!moduleKeyPattern.test(def.key)) problems.push(`key ${JSON.stringify(def.key)} must match ${moduleKeyPattern}`);
  if (!Number.isInteger(def.version) || def.version < 1) problems.push('version must be a whole number from 1');
  if (def.forms.length === 0) problems.push('has no forms');
  const minimumAge = def.clients?.minimumAge;
  if (minimumAge !== undefined && (!Number.isInteger(minimumAge) || minimumAge < 0)) {
    problems.push('clients.minimumAge must be a whole number from 0');
  }

  const seen = new Set<string>();
  for (const form of def.forms) {
    const id = `${form.key}@${form.version}`;
    if (seen.has(id)) problems.push(`form ${form.key} version ${form.version} is defined twice`);
    seen.add(id);
    problems.push(...formProblems(def.key, form).map((problem) => `form ${form.key}: ${problem}`));
  }

  const formKeys = new Set(def.forms.map((form) => form.key));
  const ownForms = (what: string, forms: string[]) => {
    for (const key of forms) {
      if (!formKeys.has(key)) problems.push(`${what} refers to ${key}, which is not a form of this module`);
    }
  };
  const scoreKeys = new Set<string>();
  for (const score of def.scores ?? []) {
    if (!fieldKeyPattern.test(score.key))
      problems.push(`score key ${JSON.stringify(score.key)} must match ${fieldKeyPattern}`);
    if (scoreKeys.has(score.key)) problems.push(`score ${score.key} is defined twice`);
    scoreKeys.add(score.key);
    ownForms(`score ${score.key}`, score.forms);
    const [low, high] = score.range;
    for (const band of score.bands ?? []) {
      if (band.from > band.to || band.from < low || band.to > high) {
        problems.push(`score ${score.key}: band ${band.code} (${band.from}–${band.to}) lies outside ${low}–${high}`);
      }
      if (!fieldKeyPattern.test(band.code))
        problems.push(`score ${score.key}: band code ${band.code} must match ${fieldKeyPattern}`);
    }
  }
  for (const flag of def.flags ?? []) {
    if (!fieldKeyPattern.test(flag.key))
      problems.push(`flag key ${JSON.stringify(flag.key)} must match ${fieldKeyPattern}`);
    ownForms(`flag ${flag.key}`, flag.forms);
  }
  for (const rule of def.rules ?? []) ownForms('a rule', rule.forms);
  for (const answerDefault of def.defaults ?? []) ownForms('a default', answerDefault.forms);
  for (const migration of def.migrations ?? []) {
    ownForms(`migration of ${migration.form}`, [migration.form]);
    if (migration.toVersion !== migration.fromVersion + 1) {
      problems.push(
        `migration of ${migration.form} must go one version up (${migration.fromVersion} → ${migration.toVersion})`,
      );
    }
    if (!seen.has(`${migration.form}@${migration.toVersion}`)) {
      problems.push(`migration of ${migration.form} goes to version ${migration.toVersion}, which is not defined`);
    }
  }
  problems.push(...reportProblems([def], { ownFormsOnly: true }).map((p) => p.slice(`${def.key}: `.length)));
  return problems;
}

function formProblems(moduleKey: string, form: FormDefinition): string[] {
  const problems: string[] = [];
  const prefix = `${moduleKey}.`;
  if (!form.key.startsWith(prefix) || !fieldKeyPattern.test(form.key.slice(prefix.length))) {
    problems.push(`key must be "${prefix}<name>" with <name> matching ${fieldKeyPattern}`);
  }
  if (!Number.isInteger(form.version) || form.version < 1) problems.push('version must be a whole number from 1');
  if (form.schema.type !== 'object') problems.push('schema must describe an object');
  problems.push(...objectProblems(form.schema, form.ui, ''));
  for (const key of form.sensitive ?? []) {
    if (!(key in propertiesOf(form.schema))) problems.push(`sensitive key ${key} is not a field`);
  }
  return problems;
}

/** Checks an answers object (or an item object) against its UI hints, field by field. */
function objectProblems(schema: JsonSchema, ui: UiHints, path: string): string[] {
  const problems: string[] = [];
  const where = path ? `${path}: ` : '';
  if (schema.additionalProperties !== false && schema.unevaluatedProperties !== false) {
    problems.push(`${where}schema must reject unknown answers (additionalProperties: false)`);
  }
  const properties = propertiesOf(schema);
  const keys = Object.keys(properties);
  if (keys.length === 0) problems.push(`${where}schema has no fields`);

  const order = ui.order;
  const duplicates = order.filter((key, index) => order.indexOf(key) !== index);
  if (duplicates.length > 0) problems.push(`${where}ui.order lists ${duplicates.join(', ')} twice`);
  const missing = keys.filter((key) => !order.includes(key));
  if (missing.length > 0) problems.push(`${where}ui.order misses ${missing.join(', ')}`);
  const unknown = order.filter((key) => !(key in properties));
  if (unknown.length > 0) problems.push(`${where}ui.order names ${unknown.join(', ')}, not fields of the schema`);

  for (const key of keys) {
    const field = properties[key] as JsonSchema;
    const at = `${where}field ${key}`;
    if (!fieldKeyPattern.test(key)) problems.push(`${at}: key must match ${fieldKeyPattern}`);
    const hint = ui.fields[key];
    if (!hint?.label) {
      problems.push(`${at} has no label`);
      continue;
    }
    const fieldCodes = codesOf(field);
    if (fieldCodes) {
      const bad = fieldCodes.filter((value) => typeof value !== 'string' || !codePattern.test(value));
      if (bad.length > 0) problems.push(`${at}: codes ${bad.join(', ')} must match ${codePattern}`);
      problems.push(...optionProblems(at, fieldCodes.map(String), hint.options));
    } else if (hint.options) {
      const range = integerRangeOf(field);
      if (range) problems.push(...optionProblems(at, range.map(String), hint.options));
      else problems.push(`${at} has option labels but no codes`);
    }
    if (field.pattern !== undefined && typeof field.description !== 'string') {
      problems.push(`${at} has a pattern but no description to explain it in error messages`);
    }
    if (hint.showWhen && !(hint.showWhen.field in properties)) {
      problems.push(`${at}: showWhen refers to ${hint.showWhen.field}, not a field here`);
    }
    if (hint.group && !ui.groups?.[hint.group]) problems.push(`${at}: group ${hint.group} is not in ui.groups`);
    const item = itemObjectOf(field);
    if (item) {
      if (!hint.items) problems.push(`${at} is a list of items but has no items hints`);
      else problems.push(...objectProblems(item, hint.items, `${path ? `${path}.` : ''}${key}[]`));
    } else if (field.type === 'array' && !fieldCodes) {
      problems.push(`${at}: a list must be of codes or of objects`);
    }
    if (field.type === 'object') problems.push(`${at}: nested objects are not supported; use a list of items`);
  }
  if (!isObject(ui.fields)) problems.push(`${where}ui.fields is missing`);
  return problems;
}

function optionProblems(at: string, codes: string[], options: Record<string, string> | undefined): string[] {
  if (!options) return [`${at} has no option labels`];
  const problems: string[] = [];
  const missing = codes.filter((code) => !(code in options));
  if (missing.length > 0) problems.push(`${at} has no label for ${missing.join(', ')}`);
  const extra = Object.keys(options).filter((code) => !codes.includes(code));
  if (extra.length > 0) problems.push(`${at} labels ${extra.join(', ')}, which are not codes of the field`);
  return problems;
}

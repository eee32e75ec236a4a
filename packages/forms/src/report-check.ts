/**
 * Checks of the modules' report specs, run by `defineModule` (within one module) and
 * `createRegistry` (across the installed modules and against the report engine's own keys), so
 * that a report section or figure that collides with another or reads a question that does not
 * exist stops start-up instead of corrupting or emptying a funder's report.
 */
import type { AnswerCondition, ReportFigureSpec } from './report-spec';
import { codesOf, itemObjectOf, propertiesOf } from './schema-walk';
import { type FormDefinition, latestVersions, type ModuleDefinition } from './types';

/** What one report figure reads: a form, and one of its fields, item fields or scores. */
export type ReportRead = { form: string; field?: string; item?: string; score?: string };

/** The section and figure keys the report engine itself uses; module keys must not reuse them. */
export type ReservedReportKeys = {
  sections: readonly string[];
  figures: readonly string[];
  /** Prefixes of figure keys the engine makes per form or per worker (`completeness_`). */
  figurePrefixes?: readonly string[];
};

export function reportReads(figure: ReportFigureSpec): ReportRead[] {
  const fields = (form: string, tests: AnswerCondition[] = [], items?: string) =>
    tests.map((t) => (items ? { form, field: items, item: t.field } : { form, field: t.field }));
  switch (figure.kind) {
    case 'rate':
      return [
        { form: figure.form },
        ...fields(figure.form, figure.where),
        ...fields(figure.form, figure.numerator),
        ...(figure.also ?? []).flatMap((other) => [{ form: other.form }, ...fields(other.form, other.where)]),
      ];
    case 'child_pair_rate':
      return [
        ...figure.intakeForms.flatMap((form) => [{ form }, ...fields(form, figure.intakeWhere)]),
        ...figure.exitForms.flatMap((form) => [
          { form },
          ...fields(form, figure.where),
          ...fields(form, figure.numerator),
        ]),
      ];
    case 'client_outcome_for_child_pairs':
      return [...figure.intakeForms, ...figure.exitForms].map((form) => ({ form }));
    case 'distribution':
      return [{ form: figure.form, field: figure.field }];
    case 'mean':
      return [{ form: figure.form, score: figure.score }];
    case 'change':
    case 'reliable_change':
      return [
        { form: figure.intakeForm, score: figure.score },
        { form: figure.exitForm, score: figure.score },
      ];
    case 'recovery':
      return figure.measures.flatMap((m) => [
        { form: m.intakeForm, score: m.score },
        { form: m.exitForm, score: m.score },
      ]);
    case 'item_count':
      return [{ form: figure.items.form, field: figure.items.field }];
    case 'item_rate':
      return [
        { form: figure.items.form, field: figure.items.field },
        ...fields(figure.items.form, figure.where, figure.items.field),
        ...fields(figure.items.form, figure.numerator, figure.items.field),
      ];
  }
}

/** The latest version of each form of these modules. */
function latestForms(modules: readonly ModuleDefinition[]): Map<string, FormDefinition> {
  return new Map(latestVersions(modules.flatMap((m) => m.forms)).map((form) => [form.key, form]));
}

/** The figure keys a spec produces: a distribution's one per code of its field. */
function figureKeysOf(figure: ReportFigureSpec, forms: ReadonlyMap<string, FormDefinition>): string[] {
  if (figure.kind !== 'distribution') return [figure.key];
  const field = propertiesOf(forms.get(figure.form)?.schema ?? {})[figure.field];
  const codes = field ? (codesOf(field) ?? []) : [];
  return [figure.key, ...codes.map((code) => `${figure.key}_${String(code)}`)];
}

function readProblems(read: ReportRead, modules: readonly ModuleDefinition[], forms: Map<string, FormDefinition>) {
  const form = forms.get(read.form);
  if (!form) return [`reads form ${read.form}, which no installed module defines`];
  if (read.score) {
    const known = modules.some((m) =>
      (m.scores ?? []).some((s) => s.key === read.score && s.forms.includes(read.form)),
    );
    return known ? [] : [`reads score ${read.score} of ${read.form}, which no module computes on that form`];
  }
  if (read.field === undefined) return [];
  const field = propertiesOf(form.schema)[read.field];
  if (!field) return [`reads ${read.form}.${read.field}, which is not a field of that form`];
  if (read.item === undefined) return [];
  const item = itemObjectOf(field);
  if (!item) return [`reads items of ${read.form}.${read.field}, which is not a list of items`];
  return read.item in propertiesOf(item)
    ? []
    : [`reads ${read.form}.${read.field}[].${read.item}, which is not a field of those items`];
}

/**
 * Problems of the report specs of these modules together: keys used twice (within and across
 * modules, or the engine's own), and reads of forms, fields, items or scores that do not exist.
 * `ownFormsOnly` is for one module checked alone (defineModule): reads of other modules' forms
 * wait for createRegistry, which knows every installed module.
 */
export function reportProblems(
  modules: readonly ModuleDefinition[],
  options: { reserved?: ReservedReportKeys; ownFormsOnly?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const reserved = options.reserved ?? { sections: [], figures: [] };
  const forms = latestForms(modules);
  const sectionOwner = new Map<string, string>(reserved.sections.map((key) => [key, 'the core report']));
  const figureOwner = new Map<string, string>(reserved.figures.map((key) => [key, 'the core report']));
  for (const module of modules) {
    for (const section of module.report ?? []) {
      const where = `${module.key}: report section ${section.key}`;
      const sectionTaken = sectionOwner.get(section.key);
      if (sectionTaken) problems.push(`${where}: the key is already used by ${sectionTaken}`);
      sectionOwner.set(section.key, `module ${module.key}`);
      for (const figure of section.figures) {
        for (const key of figureKeysOf(figure, forms)) {
          const taken =
            figureOwner.get(key) ??
            (reserved.figurePrefixes?.some((prefix) => key.startsWith(prefix)) ? 'the core report' : undefined);
          if (taken) problems.push(`${where}: figure key ${key} is already used by ${taken}`);
          figureOwner.set(key, `module ${module.key}`);
        }
        for (const read of reportReads(figure)) {
          if (options.ownFormsOnly && !read.form.startsWith(`${module.key}.`)) continue;
          problems.push(...readProblems(read, modules, forms).map((p) => `${where}: figure ${figure.key} ${p}`));
        }
      }
    }
  }
  return [...new Set(problems)];
}

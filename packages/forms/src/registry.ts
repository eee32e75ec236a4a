/**
 * The registry of installed modules. The composition root (API, CLI) builds it once at start-up
 * from the module packages it imports; everything else asks the registry and never names a
 * module. Every form version's validators are compiled here, once, so that a broken schema stops
 * start-up rather than a request.
 */
import { type CompiledAnswers, compileAnswers, createAnswerAjv } from './answer-validator';
import { moduleProblems } from './define-module';
import { dictionaryOf } from './dictionary';
import { dedupe, fieldErrorsOf, notAnswersError } from './field-errors';
import { scoreResults } from './scores';
import { applyTextPack, TextPackError, textPackProblems } from './text-pack';
import type {
  DictionaryEntry,
  FieldError,
  FormContext,
  FormDefinition,
  ModuleDefinition,
  Registry,
  ScoreResults,
  TextPack,
  ValidationMode,
} from './types';

export class UnknownFormError extends Error {
  constructor(readonly formKey: string) {
    super(`no installed module has a form ${JSON.stringify(formKey)}`);
    this.name = 'UnknownFormError';
  }
}

type CompiledForm = { form: FormDefinition; draft: CompiledAnswers; submitted: CompiledAnswers };

function isAnswers(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Errors in the order the questions appear, so that a form can list them top to bottom. */
function inFormOrder(form: FormDefinition, errors: FieldError[]): FieldError[] {
  const position = (error: FieldError) => {
    const index = form.ui.order.indexOf(error.pointer.split('/')[1] ?? '');
    return index === -1 ? form.ui.order.length : index;
  };
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => position(a.error) - position(b.error) || a.index - b.index)
    .map(({ error }) => error);
}

export function createRegistry(installed: ModuleDefinition[], options: { textPack?: TextPack } = {}): Registry {
  const problems = installed.flatMap((module) => moduleProblems(module).map((problem) => `${module.key}: ${problem}`));
  const moduleKeys = installed.map((module) => module.key);
  for (const key of moduleKeys.filter((key, index) => moduleKeys.indexOf(key) !== index)) {
    problems.push(`module ${key} is registered twice`);
  }
  if (problems.length > 0) throw new Error(`the installed modules are not valid:\n- ${problems.join('\n- ')}`);

  const latestOf = (forms: FormDefinition[]) =>
    forms.filter((form) => !forms.some((other) => other.key === form.key && other.version > form.version));
  const rawLatest = installed.flatMap((module) => latestOf(module.forms));
  const textPack = options.textPack;
  if (textPack) {
    const packProblems = textPackProblems(textPack, rawLatest);
    if (packProblems.length > 0) throw new TextPackError(packProblems);
  }
  const worded = (form: FormDefinition) => (textPack ? applyTextPack(form, textPack) : form);
  const modules: ModuleDefinition[] = installed.map((module) => ({ ...module, forms: module.forms.map(worded) }));

  const ajv = createAnswerAjv();
  const compiled = new Map<string, CompiledForm>();
  for (const module of modules) {
    for (const form of module.forms) {
      compiled.set(`${form.key}@${form.version}`, {
        form,
        draft: compileAnswers(ajv, form.schema, 'draft'),
        submitted: compileAnswers(ajv, form.schema, 'submitted'),
      });
    }
  }
  const allForms = modules.flatMap((module) => module.forms);
  const latest = new Map(latestOf(allForms).map((form) => [form.key, form]));
  const moduleOf = (formKey: string) => modules.find((module) => module.forms.some((form) => form.key === formKey));
  const within = <T extends { forms: string[] }>(
    list: (module: ModuleDefinition) => T[] | undefined,
    formKey: string,
  ) => modules.flatMap((module) => list(module) ?? []).filter((item) => item.forms.includes(formKey));

  const latestForm = (formKey: string): FormDefinition => {
    const form = latest.get(formKey);
    if (!form) throw new UnknownFormError(formKey);
    return form;
  };
  const compiledOf = (formKey: string, version?: number): CompiledForm => {
    const entry = compiled.get(`${formKey}@${version ?? latestForm(formKey).version}`);
    if (!entry) throw new UnknownFormError(`${formKey} version ${version}`);
    return entry;
  };

  let dictionary: DictionaryEntry[] | undefined;

  return {
    modules: () => modules,
    module: (key) => modules.find((module) => module.key === key),
    moduleOf,
    forms: () => [...latest.values()],
    form: (formKey) => latest.get(formKey),
    formVersion: (formKey, version) => compiled.get(`${formKey}@${version}`)?.form,

    validate(formKey, answers, mode: ValidationMode, ctx: FormContext) {
      const { form, ...validators } = compiledOf(formKey);
      if (!isAnswers(answers)) return { ok: false, errors: [notAnswersError] };
      const validator = validators[mode];
      const schemaErrors = validator(answers) ? [] : fieldErrorsOf(form, validator.errors ?? []);
      const ruleErrors: FieldError[] = within((module) => module.rules, formKey)
        .filter((rule) => !rule.modes || rule.modes.includes(mode))
        .flatMap((rule) => rule.check(answers, ctx));
      const errors = inFormOrder(form, dedupe([...schemaErrors, ...ruleErrors]));
      return errors.length === 0 ? { ok: true } : { ok: false, errors };
    },

    compiled: (formKey, mode, version) => compiledOf(formKey, version)[mode],

    prepare(formKey, answers, ctx) {
      latestForm(formKey);
      return within((module) => module.defaults, formKey).reduce(
        (prepared, answerDefault) => answerDefault.apply(prepared, ctx),
        { ...answers },
      );
    },

    score(formKey, answers): ScoreResults {
      latestForm(formKey);
      return Object.assign(
        {},
        ...within((module) => module.scores, formKey).map((score) => scoreResults(score, answers)),
      );
    },

    flags(formKey, answers) {
      latestForm(formKey);
      return within((module) => module.flags, formKey)
        .filter((flag) => flag.test(answers))
        .map((flag) => flag.key);
    },

    migrateAnswers(formKey, fromVersion, answers) {
      const target = latestForm(formKey).version;
      const steps = modules.flatMap((module) => module.migrations ?? []).filter((step) => step.form === formKey);
      let migrated = { ...answers };
      for (let version = fromVersion; version < target; version++) {
        const step = steps.find((candidate) => candidate.fromVersion === version);
        if (!step) throw new Error(`${formKey} has no migration from version ${version} to ${version + 1}`);
        migrated = step.migrate(migrated);
      }
      return migrated;
    },

    // Every version's: answers stored under an older version are still never exported.
    sensitiveKeys: (formKey) => {
      latestForm(formKey);
      const keys = allForms.filter((form) => form.key === formKey).flatMap((form) => form.sensitive ?? []);
      return [...new Set(keys)];
    },
    scoreDefinitions: () => modules.flatMap((module) => module.scores ?? []),
    flagDefinitions: () => modules.flatMap((module) => module.flags ?? []),
    dictionary: (): DictionaryEntry[] => {
      dictionary ??= dictionaryOf(modules, [...latest.values()]);
      return dictionary;
    },
  };
}

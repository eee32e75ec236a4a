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
import { type ReservedReportKeys, reportProblems } from './report-check';
import { scoreResults } from './scores';
import { applyTextPack, TextPackError, textPackProblems } from './text-pack';
import type {
  AnswerDefault,
  ClientRules,
  DictionaryEntry,
  FieldError,
  FlagDefinition,
  FormContext,
  FormDefinition,
  FormRule,
  ModuleDefinition,
  Registry,
  ScoreDefinition,
  ScoreResults,
  TextPack,
  ValidationMode,
} from './types';
import { latestVersions } from './types';

export class UnknownFormError extends Error {
  constructor(readonly formKey: string) {
    super(`no installed module has a form ${JSON.stringify(formKey)}`);
    this.name = 'UnknownFormError';
  }
}

type CompiledForm = { form: FormDefinition; draft: CompiledAnswers; submitted: CompiledAnswers };

/**
 * What every module contributes to one form, collected once: validation, scoring and flagging
 * run for every answer saved or imported, and gathering them per call cost several times the
 * compiled validator itself.
 */
type FormPlan = {
  latest: CompiledForm;
  rules: Record<ValidationMode, FormRule[]>;
  defaults: AnswerDefault[];
  scores: ScoreDefinition[];
  flags: FlagDefinition[];
  sensitiveKeys: string[];
};

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

/** Adult rules when no module says otherwise: the core intake's own minimum age. */
export const ADULT_CLIENT_RULES: ClientRules = { minimumAge: 13, childClients: false };

function clientRulesOf(modules: readonly ModuleDefinition[], moduleKeys: readonly string[]): ClientRules {
  const offered = modules.filter((module) => module.alwaysActive || moduleKeys.includes(module.key));
  const ages = offered.flatMap((module) =>
    module.clients?.minimumAge === undefined ? [] : [module.clients.minimumAge],
  );
  return {
    minimumAge: ages.length > 0 ? Math.min(...ages) : ADULT_CLIENT_RULES.minimumAge,
    childClients: offered.some((module) => module.clients?.childClients === true),
  };
}

export type RegistryOptions = {
  textPack?: TextPack;
  /** The report engine's own section and figure keys, which no module's report may reuse. */
  reservedReportKeys?: ReservedReportKeys;
};

export function createRegistry(installed: readonly ModuleDefinition[], options: RegistryOptions = {}): Registry {
  const problems = installed.flatMap((module) => moduleProblems(module).map((problem) => `${module.key}: ${problem}`));
  const moduleKeys = installed.map((module) => module.key);
  for (const key of moduleKeys.filter((key, index) => moduleKeys.indexOf(key) !== index)) {
    problems.push(`module ${key} is registered twice`);
  }
  if (problems.length === 0) {
    problems.push(...reportProblems(installed, { reserved: options.reservedReportKeys }));
  }
  if (problems.length > 0) throw new Error(`the installed modules are not valid:\n- ${problems.join('\n- ')}`);

  const rawLatest = installed.flatMap((module) => latestVersions(module.forms));
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
  const latest = new Map(latestVersions(allForms).map((form) => [form.key, form]));
  const moduleByForm = new Map<string, ModuleDefinition>();
  for (const module of [...modules].reverse()) for (const form of module.forms) moduleByForm.set(form.key, module);
  const within = <T extends { forms: string[] }>(
    list: (module: ModuleDefinition) => T[] | undefined,
    formKey: string,
  ) => modules.flatMap((module) => list(module) ?? []).filter((item) => item.forms.includes(formKey));

  const plans = new Map<string, FormPlan>();
  for (const form of latest.values()) {
    const rules = within((module) => module.rules, form.key);
    plans.set(form.key, {
      latest: compiled.get(`${form.key}@${form.version}`)!,
      rules: {
        draft: rules.filter((rule) => !rule.modes || rule.modes.includes('draft')),
        submitted: rules.filter((rule) => !rule.modes || rule.modes.includes('submitted')),
      },
      defaults: within((module) => module.defaults, form.key),
      scores: within((module) => module.scores, form.key),
      flags: within((module) => module.flags, form.key),
      // Every version's: answers stored under an older version are still never exported.
      sensitiveKeys: [
        ...new Set(allForms.filter((other) => other.key === form.key).flatMap((other) => other.sensitive ?? [])),
      ],
    });
  }

  const planOf = (formKey: string): FormPlan => {
    const plan = plans.get(formKey);
    if (!plan) throw new UnknownFormError(formKey);
    return plan;
  };
  const latestForm = (formKey: string): FormDefinition => planOf(formKey).latest.form;
  const compiledOf = (formKey: string, version?: number): CompiledForm => {
    if (version === undefined) return planOf(formKey).latest;
    const entry = compiled.get(`${formKey}@${version}`);
    if (!entry) throw new UnknownFormError(`${formKey} version ${version}`);
    return entry;
  };

  let dictionary: DictionaryEntry[] | undefined;

  return {
    modules: () => modules,
    module: (key) => modules.find((module) => module.key === key),
    moduleOf: (formKey) => moduleByForm.get(formKey),
    forms: () => [...latest.values()],
    form: (formKey) => latest.get(formKey),
    formVersion: (formKey, version) => compiled.get(`${formKey}@${version}`)?.form,

    validate(formKey, answers, mode: ValidationMode, ctx: FormContext) {
      const plan = planOf(formKey);
      if (!isAnswers(answers)) return { ok: false, errors: [notAnswersError] };
      const { form, [mode]: validator } = plan.latest;
      const schemaErrors = validator(answers) ? [] : fieldErrorsOf(form, validator.errors ?? []);
      const ruleErrors: FieldError[] = plan.rules[mode].flatMap((rule) => rule.check(answers, ctx));
      if (schemaErrors.length === 0 && ruleErrors.length === 0) return { ok: true };
      return { ok: false, errors: inFormOrder(form, dedupe([...schemaErrors, ...ruleErrors])) };
    },

    compiled: (formKey, mode, version) => compiledOf(formKey, version)[mode],

    prepare(formKey, answers, ctx) {
      return planOf(formKey).defaults.reduce((prepared, answerDefault) => answerDefault.apply(prepared, ctx), {
        ...answers,
      });
    },

    score(formKey, answers): ScoreResults {
      const results: ScoreResults = {};
      for (const score of planOf(formKey).scores) Object.assign(results, scoreResults(score, answers));
      return results;
    },

    flags(formKey, answers) {
      return planOf(formKey)
        .flags.filter((flag) => flag.test(answers))
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

    sensitiveKeys: (formKey) => [...planOf(formKey).sensitiveKeys],
    clientRules: (moduleKeys) => clientRulesOf(modules, moduleKeys),
    scoreDefinitions: () => modules.flatMap((module) => module.scores ?? []),
    flagDefinitions: () => modules.flatMap((module) => module.flags ?? []),
    dictionary: (): DictionaryEntry[] => {
      dictionary ??= dictionaryOf(modules, [...latest.values()]);
      return dictionary;
    },
  };
}

/**
 * The module contract. A module is a workspace package that default-exports
 * `defineModule({...})`; the composition root (API, CLI) hands the list of installed modules to
 * `createRegistry`. Nothing in `forms` or `reports` knows any module by name.
 */
import type { ReportSectionSpec } from './report-spec';
import type { ModuleSynthetic } from './synthetic';

/**
 * When a form is answered. Intake and exit forms are answered once per case; review forms on each
 * review while the case is open, and follow-up forms at each follow-up point after it closed:
 * those two are answered on numbered occasions (1, 2, 3…), each its own response.
 */
export type FormStage = 'intake' | 'review' | 'exit' | 'follow_up';

/** Whether a form of this stage is answered on numbered occasions rather than once per case. */
export const isRepeatedStage = (stage: FormStage): boolean => stage === 'review' || stage === 'follow_up';
export type FormAudience = 'practitioner' | 'client';

/** A JSON Schema (draft 2020-12) object describing a form's answers. */
export type JsonSchema = Record<string, unknown>;

/** How a renderer (web app, client page) shows one question. */
export type FieldHint = {
  label: string;
  help?: string;
  /** Labels of the codes of an enum or of an array of enums, by code, in display order. */
  options?: Record<string, string>;
  /** 'radio' | 'select' | 'checkboxes' | 'scale' | 'textarea' | 'date' | 'number' | 'yesno' ... */
  widget?: string;
  /** Show only when another answer of the same form (or item) matches. */
  showWhen?: { field: string; equals?: unknown; in?: unknown[] };
  /** Labels of the two ends of a numeric scale. */
  scaleLabels?: { min: string; max: string };
  /** For an array of objects (children): hints of each item's fields. */
  items?: UiHints;
  /** The key of a legend that groups this field with others (e.g. the PHQ-9 items). */
  group?: string;
  /**
   * With widget `pictures`: the picture shown with each code's words, for children who answer
   * by touching a face (`happy`, `okay`, `sad`, `unsure`); the words are always shown too.
   */
  pictures?: Record<string, 'happy' | 'okay' | 'sad' | 'unsure'>;
};

export type UiHints = {
  /** Field keys in display order. */
  order: string[];
  fields: Record<string, FieldHint>;
  /** Headings and introductions of groups named by FieldHint.group. */
  groups?: Record<string, { legend: string; help?: string }>;
  /** A sentence shown above the form. */
  intro?: string;
};

export type FormDefinition = {
  /** `<moduleKey>.<name>`, e.g. `mental-health.client_intake`. */
  key: string;
  version: number;
  stage: FormStage;
  audience: FormAudience;
  title: string;
  description?: string;
  schema: JsonSchema;
  ui: UiHints;
  /** Answer keys that are free text or identifying: encrypted at rest, never exported. */
  sensitive?: string[];
  /**
   * A form that may be answered for each child recorded on the case (by `child_ref`), one
   * response per child, as well as for a case whose client is a child: the child's own voice.
   */
  perChild?: true;
  /** A child's own questionnaire written for an age band: the youngest and oldest it is for. */
  ages?: { from: number; to: number };
};

/** What validation and scoring may look at besides the answers themselves. */
export type FormContext = {
  /** Today's date in the service's time zone, `YYYY-MM-DD`. */
  today: string;
  /** Submitted or draft answers of the case's other forms, by form key. */
  otherAnswers: Record<string, Record<string, unknown>>;
  /** Service settings that change defaults, e.g. Dash thresholds. */
  settings: { riskHighFrom: number; riskMediumFrom: number };
  /**
   * Who the case's client may be, from the modules offered to the case
   * (`registry.clientRules`). Absent: the adult rules of the modules that are always active.
   */
  clients?: ClientRules;
};

/**
 * The rules about who a client is that assume an adult, and that a module for children and
 * young people as clients in their own right bends for its services' cases.
 */
export type ClientRules = {
  /** The youngest client age the core intake accepts. */
  minimumAge: number;
  /** The client may be a child: the codes for a child's abusers (parent, sibling, peer) apply. */
  childClients: boolean;
};

export type ScoreBand = { from: number; to: number; label: string; code: string };

export type ScoreDefinition = {
  /** e.g. `phq9_total`. */
  key: string;
  /** The forms whose answers it is computed from. */
  forms: string[];
  label: string;
  range: [number, number];
  bands?: ScoreBand[];
  /** A threshold at or above which a case counts as a clinical case. */
  caseness?: number;
  source?: string;
  /** Key of the band code in score results; defaults to the score key with its last `_part` replaced by `_band` (`phq9_total` → `phq9_band`). */
  bandKey?: string;
  /** Key of the caseness boolean in score results; defaults likewise to `..._case` (`phq9_case`). */
  casenessKey?: string;
  /** Null when an answer it needs is missing. Pure. */
  compute(answers: Record<string, unknown>): number | null;
};

/** A rule across answers that JSON Schema cannot express (cross-field or cross-form). */
export type FormRule = {
  forms: string[];
  /** The validation modes the rule runs in (both when absent); e.g. cross-form matching only on submission. */
  modes?: ValidationMode[];
  /** Problems found, each at a JSON pointer into the answers. Pure. */
  check(answers: Record<string, unknown>, ctx: FormContext): FieldError[];
};

/** A flag set on the case when answers match, e.g. PHQ-9 item 9 above 0. */
export type FlagDefinition = {
  key: string;
  forms: string[];
  label: string;
  test(answers: Record<string, unknown>): boolean;
};

/** Fills answers a practitioner may leave to a default (e.g. risk level from the Dash score). */
export type AnswerDefault = {
  forms: string[];
  apply(answers: Record<string, unknown>, ctx: FormContext): Record<string, unknown>;
};

/** Moves answers stored under an older version of a form to the next version. */
export type AnswerMigration = {
  form: string;
  fromVersion: number;
  toVersion: number;
  migrate(answers: Record<string, unknown>): Record<string, unknown>;
};

export type ModuleDefinition = {
  key: string;
  version: number;
  title: string;
  description: string;
  /** `core` is always active; other modules only in their activation window. */
  alwaysActive?: boolean;
  /**
   * How the module changes who a case's client may be, for the cases of the services where it
   * is active: the lowest `minimumAge` of the offered modules applies, and `childClients` when
   * any says so. `core` declares the adult rules.
   */
  clients?: Partial<ClientRules>;
  forms: FormDefinition[];
  scores?: ScoreDefinition[];
  rules?: FormRule[];
  flags?: FlagDefinition[];
  defaults?: AnswerDefault[];
  migrations?: AnswerMigration[];
  /** Declarative report sections the report engine computes. */
  report?: ReportSectionSpec[];
  /** How the synthetic data (demo, benchmarks) answers the module's forms. */
  synthetic?: ModuleSynthetic;
};

export type FieldError = { pointer: string; message: string };

export type ValidationMode = 'draft' | 'submitted';

export type ValidationResult = { ok: true } | { ok: false; errors: FieldError[] };

/** Wording that replaces a form's own labels: published instrument text, translations. */
export type TextPackField = {
  label?: string;
  help?: string;
  /** Labels by option code. */
  options?: Record<string, string>;
  scaleLabels?: { min: string; max: string };
  /** For an array of objects (children): wording of each item's fields. */
  items?: Record<string, TextPackField>;
};

export type TextPackForm = {
  title?: string;
  intro?: string;
  fields?: Record<string, TextPackField>;
  groups?: Record<string, { legend?: string; help?: string }>;
};

/** A text pack file: wording by form key, checked against the modules at start-up. */
export type TextPack = Record<string, TextPackForm>;

export type DictionaryFieldType =
  | 'date'
  | 'code'
  | 'codes'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'string'
  | 'text'
  | 'items'
  | 'score'
  | 'band'
  | 'caseness';

/**
 * One entry of the data dictionary. `key` is `<formKey>.<field>`; the fields of the items of an
 * array of objects are `<formKey>.<arrayField>.<itemField>` (e.g. `children.intake.children.age`)
 * with `parent` naming the array. Derived scores of a form are listed as `<formKey>.<scoreKey>`.
 */
export type DictionaryEntry = {
  key: string;
  form: string;
  module: string;
  version: number;
  field: string;
  label: string;
  type: DictionaryFieldType;
  codes: { code: string; label: string }[];
  required: boolean;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  maxLength?: number;
  /** Free text or identifying: never exported for research. */
  sensitive: boolean;
  /** For an item field: the key of its array (`children.intake.children`). */
  parent?: string;
  /** For a score, band or caseness entry: true (computed, not asked). */
  derived: boolean;
};

export type ScoreResults = Record<string, number | string | boolean | null>;

/** The installed modules, as the composition root hands them to the API, CLI and reports. */
export type Registry = {
  modules(): ModuleDefinition[];
  module(key: string): ModuleDefinition | undefined;
  /** The module a form belongs to. */
  moduleOf(formKey: string): ModuleDefinition | undefined;
  /** The latest version of every form. */
  forms(): FormDefinition[];
  /** The latest version of a form. */
  form(formKey: string): FormDefinition | undefined;
  formVersion(formKey: string, version: number): FormDefinition | undefined;
  /** Answers checked against the latest version's schema and the modules' rules. */
  validate(formKey: string, answers: unknown, mode: ValidationMode, ctx: FormContext): ValidationResult;
  /** The compiled validator of a form version and mode: compiled once, then the same function. */
  compiled(formKey: string, mode: ValidationMode, version?: number): (answers: unknown) => boolean;
  /** Answers with the modules' defaults applied (a new object; the input is not changed). */
  prepare(formKey: string, answers: Record<string, unknown>, ctx: FormContext): Record<string, unknown>;
  score(formKey: string, answers: Record<string, unknown>): ScoreResults;
  flags(formKey: string, answers: Record<string, unknown>): string[];
  /** Answers stored under an older version moved to the latest version. */
  migrateAnswers(formKey: string, fromVersion: number, answers: Record<string, unknown>): Record<string, unknown>;
  sensitiveKeys(formKey: string): string[];
  /** The client rules of a case offered these modules (ModuleDefinition.clients). */
  clientRules(moduleKeys: readonly string[]): ClientRules;
  scoreDefinitions(): ScoreDefinition[];
  flagDefinitions(): FlagDefinition[];
  dictionary(): DictionaryEntry[];
};

/** The latest version of each form, in the order given (a form is kept unless a later version of it is there). */
export function latestVersions<F extends Pick<FormDefinition, 'key' | 'version'>>(forms: readonly F[]): F[] {
  return forms.filter((form) => !forms.some((other) => other.key === form.key && other.version > form.version));
}

/**
 * A form's questions as pages show them: each answer's control, derived from the form's JSON
 * Schema and UI hints (the same definitions the answers are validated with), so a new module's
 * forms appear on the web app and the client page without a change here. Shared by the renderer
 * and by the reader of posted forms, so both agree. Pure.
 */
import type { FieldHint, JsonSchema, UiHints } from '@harbour/forms';

/** A picture drawn beside an answer's words, for children who answer by touching a face. */
export type Picture = 'happy' | 'okay' | 'sad' | 'unsure';

/** An answer's words, and for a child's pictorial question the picture shown with them. */
export type Option = { value: string; label: string; picture?: Picture };

/**
 * How the options of a one-answer question are laid out: `scale` bare numbers side by side
 * (with its ends named), `inline` a few short answers side by side where there is room, `list`
 * one under another, `select` a drop-down for long lists, `pictures` large faces each with its
 * words, for children who answer by touch. Each page's style sheet decides the look.
 */
export type ChoiceLayout = 'scale' | 'inline' | 'list' | 'select' | 'pictures';

export type Control =
  | { kind: 'choice'; layout: ChoiceLayout; options: Option[]; scaleLabels?: { min: string; max: string } }
  | { kind: 'checkboxes'; options: Option[] }
  | { kind: 'number'; integer: boolean }
  | { kind: 'date' }
  | { kind: 'text'; multiline: boolean; maxLength?: number }
  /** A list of entries (the children of a case), each asking the same questions. */
  | { kind: 'items'; questions: Question[] };

/** The JSON type of an answer: posted form strings are converted to it before validation. */
export type ValueType = 'integer' | 'number' | 'boolean' | 'date' | 'string';

export type Question = {
  key: string;
  label: string;
  help?: string;
  required: boolean;
  /** The heading this question is grouped under, with its introduction. */
  group?: { key: string; legend: string; help?: string };
  /**
   * When the question is asked: the answer it depends on and the values (as the strings a form
   * control carries) that ask it, with the condition in words for a page read without JavaScript.
   */
  showWhen?: { field: string; values: string[]; words: string };
  control: Control;
  valueType: ValueType;
  /** The answer is a list of values (checkboxes). */
  many: boolean;
};

/** Integer ranges up to this wide are answered with radio buttons, wider ones by typing a number. */
const WIDEST_SCALE = 10;
/** One-answer questions with more options than this are a drop-down unless the hints ask for radios. */
const MOST_RADIOS = 8;
/** Up to this many options sit side by side where the page has room. */
const MOST_INLINE = 4;

export class UnrenderableQuestionError extends Error {
  constructor(key: string, where: string) {
    super(`${where} cannot show the question ${key}: no control answers it`);
    this.name = 'UnrenderableQuestionError';
  }
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null');
  return typeof type === 'string' ? type : undefined;
}

const propertiesOf = (schema: JsonSchema) => (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
const itemsOf = (schema: JsonSchema) => (schema.items as JsonSchema | undefined) ?? {};

/** Option codes and their labels: in the hints' order, then codes the hints leave out in schema order. */
function codeOptions(codes: unknown[], hint: FieldHint | undefined): Option[] {
  const labels = hint?.options ?? {};
  const values = codes.map(String);
  const ordered = [
    ...Object.keys(labels).filter((code) => values.includes(code)),
    ...values.filter((value) => !(value in labels)),
  ];
  return ordered.map((value) => ({ value, label: labels[value] ?? value }));
}

function choice(options: Option[], hint: FieldHint | undefined): Control {
  const pictures = hint?.widget === 'pictures' ? hint.pictures : undefined;
  if (pictures) {
    const pictured = options.map((option) => {
      const picture = pictures[option.value];
      return picture ? { ...option, picture } : option;
    });
    return { kind: 'choice', layout: 'pictures', options: pictured };
  }
  const layout: ChoiceLayout =
    hint?.widget === 'select' || (hint?.widget !== 'radio' && options.length > MOST_RADIOS)
      ? 'select'
      : options.length <= MOST_INLINE
        ? 'inline'
        : 'list';
  return { kind: 'choice', layout, options };
}

type Shown = Pick<Question, 'control' | 'valueType' | 'many'>;

function integerControl(schema: JsonSchema, hint: FieldHint | undefined): Shown {
  const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
  const bounded = minimum !== undefined && maximum !== undefined;
  const scale =
    hint?.widget === 'scale' ||
    (hint?.widget === undefined && bounded && (maximum as number) - (minimum as number) <= WIDEST_SCALE);
  if (!scale) return { control: { kind: 'number', integer: true }, valueType: 'integer', many: false };
  const low = minimum ?? 0;
  const high = maximum ?? WIDEST_SCALE;
  const range = Array.from({ length: high - low + 1 }, (_, i) => low + i);
  // A scale whose points are worded (PHQ-9's "Several days") is a list of those words.
  const control: Control = hint?.options
    ? { kind: 'choice', layout: 'list', options: codeOptions(range, hint) }
    : {
        kind: 'choice',
        layout: 'scale',
        options: range.map((n) => ({ value: String(n), label: String(n) })),
        ...(hint?.scaleLabels ? { scaleLabels: hint.scaleLabels } : {}),
      };
  return { control, valueType: 'integer', many: false };
}

function controlOf(schema: JsonSchema, hint: FieldHint | undefined): Shown | 'items' | null {
  const type = typeOf(schema);
  if (type === 'array') {
    const items = itemsOf(schema);
    if (typeOf(items) === 'object') return 'items';
    if (!Array.isArray(items.enum)) return null;
    return {
      control: { kind: 'checkboxes', options: codeOptions(items.enum, hint) },
      valueType: typeOf(items) === 'integer' ? 'integer' : 'string',
      many: true,
    };
  }
  if (type === 'boolean') {
    const options = [
      { value: 'true', label: hint?.options?.true ?? 'Yes' },
      { value: 'false', label: hint?.options?.false ?? 'No' },
    ];
    return { control: choice(options, hint), valueType: 'boolean', many: false };
  }
  if (Array.isArray(schema.enum)) {
    return {
      control: choice(codeOptions(schema.enum, hint), hint),
      valueType: type === 'integer' ? 'integer' : type === 'number' ? 'number' : 'string',
      many: false,
    };
  }
  if (type === 'integer') return integerControl(schema, hint);
  if (type === 'number') return { control: { kind: 'number', integer: false }, valueType: 'number', many: false };
  if (type === 'string') {
    if (schema.format === 'date') return { control: { kind: 'date' }, valueType: 'date', many: false };
    const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
    const multiline = hint?.widget === 'textarea' || (maxLength ?? 0) > 200;
    return {
      control: { kind: 'text', multiline, ...(maxLength !== undefined ? { maxLength } : {}) },
      valueType: 'string',
      many: false,
    };
  }
  return null;
}

function showWhenOf(ui: UiHints, hint: FieldHint | undefined): Question['showWhen'] {
  const when = hint?.showWhen;
  if (!when) return undefined;
  const other = ui.fields[when.field];
  const accepted = when.in ?? (when.equals !== undefined ? [when.equals] : []);
  const words = accepted.map((value) =>
    typeof value === 'boolean'
      ? (other?.options?.[String(value)] ?? (value ? 'Yes' : 'No'))
      : (other?.options?.[String(value)] ?? String(value)),
  );
  return {
    field: when.field,
    values: accepted.map(String),
    words: `Answer this only if your answer to “${other?.label ?? when.field}” was “${words.join('” or “')}”.`,
  };
}

/**
 * The questions of a form (or of each entry of a list) in the order of the UI hints, which name
 * every question that is asked. `where` names the form (`the form core.intake`) in the error
 * thrown for a question no page can show.
 */
export function questionsOf(schema: JsonSchema, ui: UiHints, where: string): Question[] {
  const properties = propertiesOf(schema);
  const required = (schema.required as string[] | undefined) ?? [];
  return ui.order.map((key) => {
    const field = properties[key];
    const hint = ui.fields[key];
    const shown = field ? controlOf(field, hint) : null;
    if (shown === null || (shown === 'items' && !hint?.items)) throw new UnrenderableQuestionError(key, where);
    const group = hint?.group ? ui.groups?.[hint.group] : undefined;
    const showWhen = showWhenOf(ui, hint);
    return {
      key,
      label: hint?.label ?? key,
      ...(hint?.help ? { help: hint.help } : {}),
      required: required.includes(key),
      ...(hint?.group
        ? {
            group: {
              key: hint.group,
              legend: group?.legend ?? hint.group,
              ...(group?.help ? { help: group.help } : {}),
            },
          }
        : {}),
      ...(showWhen ? { showWhen } : {}),
      ...(shown === 'items'
        ? {
            control: {
              kind: 'items' as const,
              questions: questionsOf(itemsOf(field as JsonSchema), hint?.items as UiHints, `${where} ${key}`),
            },
            valueType: 'string' as const,
            many: true,
          }
        : shown),
    };
  });
}

/** Whether a conditional question is asked, given the answers beside it. */
export function isAsked(question: Question, answers: Record<string, unknown>): boolean {
  const when = question.showWhen;
  if (!when) return true;
  const value = answers[when.field];
  if (value === undefined) return false;
  return Array.isArray(value)
    ? value.some((v) => when.values.includes(String(v)))
    : when.values.includes(String(value));
}

/**
 * The client page's view of a form: each question's control, derived from the form's JSON Schema
 * and UI hints in the registry (the same definitions the answers are validated with). Pure.
 */
import type { FieldHint, FormDefinition, JsonSchema } from '@harbour/forms';

export type Picture = 'happy' | 'okay' | 'sad' | 'unsure';

/** An answer's words, and for a child's pictorial question the picture shown with them. */
export type Option = { value: string; label: string; picture?: Picture };

export type Control =
  /**
   * One answer from a few: radio buttons. `scale` shows bare numbers side by side; `pictures`
   * shows large faces, each with its words, for children who answer by touch.
   */
  | {
      kind: 'choice';
      layout: 'scale' | 'list' | 'pictures';
      options: Option[];
      scaleLabels?: { min: string; max: string };
    }
  | { kind: 'checkboxes'; options: Option[] }
  | { kind: 'text'; multiline: boolean; maxLength?: number }
  | { kind: 'date' }
  | { kind: 'number'; integer: boolean; minimum?: number; maximum?: number };

/** The JSON type an answer must have: posted form strings are converted to it before validation. */
export type ValueType = 'integer' | 'number' | 'boolean' | 'string';

export type Question = {
  key: string;
  label: string;
  help?: string;
  group?: string;
  /** When the question applies, in words (the page shows every question; JavaScript is optional). */
  condition?: string;
  control: Control;
  valueType: ValueType;
  /** The answer is a list of values (checkboxes). */
  many: boolean;
};

/** Integer ranges up to this wide are answered with radio buttons, wider ones by typing a number. */
const WIDEST_SCALE = 10;

export class UnrenderableQuestionError extends Error {
  constructor(formKey: string, key: string) {
    super(`${formKey}: the question ${key} has a kind of answer the client page cannot show`);
    this.name = 'UnrenderableQuestionError';
  }
}

function codeOptions(codes: unknown[], hint: FieldHint | undefined): Option[] {
  const labels = hint?.options ?? {};
  const values = codes.map(String);
  // The hint lists the codes in display order; codes it leaves out follow in schema order.
  const ordered = [
    ...Object.keys(labels).filter((code) => values.includes(code)),
    ...values.filter((v) => !(v in labels)),
  ];
  return ordered.map((value) => ({ value, label: labels[value] ?? value }));
}

function controlOf(
  schema: JsonSchema,
  hint: FieldHint | undefined,
): { control: Control; valueType: ValueType; many: boolean } | null {
  const type = schema.type;
  if (Array.isArray(schema.enum)) {
    const valueType: ValueType = type === 'integer' ? 'integer' : 'string';
    const pictures = hint?.widget === 'pictures' ? hint.pictures : undefined;
    const options = codeOptions(schema.enum, hint).map((option) => {
      const picture = pictures?.[option.value];
      return picture ? { ...option, picture } : option;
    });
    return {
      control: { kind: 'choice', layout: pictures ? 'pictures' : 'list', options },
      valueType,
      many: false,
    };
  }
  if (type === 'integer' || type === 'number') {
    const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
    const small =
      type === 'integer' && minimum !== undefined && maximum !== undefined && maximum - minimum <= WIDEST_SCALE;
    if (!small) {
      return {
        control: { kind: 'number', integer: type === 'integer', minimum, maximum },
        valueType: type,
        many: false,
      };
    }
    const range = Array.from({ length: maximum - minimum + 1 }, (_, i) => minimum + i);
    const labelled = hint?.options !== undefined;
    return {
      control: {
        kind: 'choice',
        layout: labelled ? 'list' : 'scale',
        options: labelled ? codeOptions(range, hint) : range.map((n) => ({ value: String(n), label: String(n) })),
        ...(hint?.scaleLabels ? { scaleLabels: hint.scaleLabels } : {}),
      },
      valueType: 'integer',
      many: false,
    };
  }
  if (type === 'boolean') {
    const options = [
      { value: 'true', label: hint?.options?.true ?? 'Yes' },
      { value: 'false', label: hint?.options?.false ?? 'No' },
    ];
    return { control: { kind: 'choice', layout: 'list', options }, valueType: 'boolean', many: false };
  }
  if (type === 'string') {
    if (schema.format === 'date') return { control: { kind: 'date' }, valueType: 'string', many: false };
    const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
    const multiline = hint?.widget === 'textarea' || (maxLength ?? Number.POSITIVE_INFINITY) > 200;
    return {
      control: { kind: 'text', multiline, ...(maxLength !== undefined ? { maxLength } : {}) },
      valueType: 'string',
      many: false,
    };
  }
  if (type === 'array') {
    const items = (schema.items ?? {}) as JsonSchema;
    if (!Array.isArray(items.enum)) return null;
    return {
      control: { kind: 'checkboxes', options: codeOptions(items.enum, hint) },
      valueType: items.type === 'integer' ? 'integer' : 'string',
      many: true,
    };
  }
  return null;
}

function conditionOf(form: FormDefinition, hint: FieldHint | undefined): string | undefined {
  const when = hint?.showWhen;
  if (!when) return undefined;
  const other = form.ui.fields[when.field];
  const values = when.in ?? [when.equals];
  const words = values.map((value) =>
    typeof value === 'boolean' ? (value ? 'Yes' : 'No') : (other?.options?.[String(value)] ?? String(value)),
  );
  return `Answer this only if your answer to “${other?.label ?? when.field}” was “${words.join('” or “')}”.`;
}

/** The questions of a client form in display order. Throws if one cannot be shown. */
export function questionsOf(form: FormDefinition): Question[] {
  const properties = (form.schema.properties ?? {}) as Record<string, JsonSchema>;
  return form.ui.order.map((key) => {
    const schema = properties[key];
    const hint = form.ui.fields[key];
    const shown = schema ? controlOf(schema, hint) : null;
    if (!shown) throw new UnrenderableQuestionError(form.key, key);
    const condition = conditionOf(form, hint);
    return {
      key,
      label: hint?.label ?? key,
      ...(hint?.help ? { help: hint.help } : {}),
      ...(hint?.group ? { group: hint.group } : {}),
      ...(condition ? { condition } : {}),
      ...shown,
    };
  });
}

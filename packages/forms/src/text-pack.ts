/**
 * Text packs replace the wording of forms — the published wording of an instrument, a licensed
 * instrument's items, a translation — without touching keys or codes. A pack is checked against
 * the installed modules at start-up: a key it names that no form has is an error, not a no-op.
 */
import { readFileSync } from 'node:fs';
import { createAnswerAjv } from './answer-validator';
import type { FieldHint, FormDefinition, TextPack, TextPackField, UiHints } from './types';

export class TextPackError extends Error {
  constructor(readonly problems: string[]) {
    super(`the text pack does not match the installed modules:\n- ${problems.join('\n- ')}`);
    this.name = 'TextPackError';
  }
}

const words = { type: 'string', minLength: 1 };

/** The shape of a pack: only wording, so a typo such as `lable` is caught, not ignored. */
const textPackShape = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: {
      title: words,
      intro: words,
      fields: { type: 'object', additionalProperties: { $ref: '#/$defs/field' } },
      groups: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: { legend: words, help: words },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
  $defs: {
    field: {
      type: 'object',
      properties: {
        label: words,
        help: words,
        options: { type: 'object', additionalProperties: words },
        scaleLabels: {
          type: 'object',
          properties: { min: words, max: words },
          required: ['min', 'max'],
          additionalProperties: false,
        },
        items: { type: 'object', additionalProperties: { $ref: '#/$defs/field' } },
      },
      additionalProperties: false,
    },
  },
};

let checkShape: ReturnType<ReturnType<typeof createAnswerAjv>['compile']> | undefined;

/** Problems with the pack's shape, e.g. `at /core.intake/fields/age: unknown key "lable"`. */
export function textPackShapeProblems(pack: unknown): string[] {
  checkShape ??= createAnswerAjv().compile(textPackShape);
  if (checkShape(pack)) return [];
  return (checkShape.errors ?? []).map((error) => {
    const at = error.instancePath || '/';
    if (error.keyword === 'additionalProperties') return `at ${at}: unknown key "${error.params.additionalProperty}"`;
    if (error.keyword === 'required') return `at ${at}: "${error.params.missingProperty}" is missing`;
    if (error.keyword === 'type' && error.params.type === 'object') return `at ${at}: must be an object`;
    return `at ${at}: must be non-empty text`;
  });
}

export function loadTextPack(file: string): TextPack {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const problems = textPackShapeProblems(parsed);
  if (problems.length > 0) throw new TextPackError(problems.map((problem) => `${file} ${problem}`));
  return parsed as TextPack;
}

function fieldProblems(at: string, ui: UiHints, fields: Record<string, TextPackField>): string[] {
  const problems: string[] = [];
  for (const [key, text] of Object.entries(fields)) {
    const hint = ui.fields[key];
    if (!hint) {
      problems.push(`${at}: unknown field ${key}`);
      continue;
    }
    for (const code of Object.keys(text.options ?? {})) {
      if (!hint.options || !(code in hint.options)) problems.push(`${at}: field ${key} has no option ${code}`);
    }
    if (text.items) {
      if (!hint.items) problems.push(`${at}: field ${key} has no items`);
      else problems.push(...fieldProblems(`${at} ${key}[]`, hint.items, text.items));
    }
  }
  return problems;
}

/** Every form, field, option code and group a pack names must exist. */
export function textPackProblems(pack: TextPack, forms: FormDefinition[]): string[] {
  const shapeProblems = textPackShapeProblems(pack);
  if (shapeProblems.length > 0) return shapeProblems;
  const problems: string[] = [];
  for (const [formKey, text] of Object.entries(pack)) {
    const form = forms.find((candidate) => candidate.key === formKey);
    if (!form) {
      problems.push(`unknown form ${formKey}`);
      continue;
    }
    problems.push(...fieldProblems(`form ${formKey}`, form.ui, text.fields ?? {}));
    for (const group of Object.keys(text.groups ?? {})) {
      if (!form.ui.groups?.[group]) problems.push(`form ${formKey}: unknown group ${group}`);
    }
  }
  return problems;
}

function applyToHints(ui: UiHints, fields: Record<string, TextPackField>): UiHints {
  const hints: Record<string, FieldHint> = { ...ui.fields };
  for (const [key, text] of Object.entries(fields)) {
    const hint = hints[key];
    // An older version of a form may lack a field the pack words for the latest version.
    if (!hint) continue;
    hints[key] = {
      ...hint,
      ...(text.label !== undefined ? { label: text.label } : {}),
      ...(text.help !== undefined ? { help: text.help } : {}),
      ...(text.scaleLabels !== undefined ? { scaleLabels: text.scaleLabels } : {}),
      ...(text.options ? { options: { ...hint.options, ...text.options } } : {}),
      ...(text.items && hint.items ? { items: applyToHints(hint.items, text.items) } : {}),
    };
  }
  return { ...ui, fields: hints };
}

/** A form with the pack's wording (a new object; the module's own definition is unchanged). */
export function applyTextPack(form: FormDefinition, pack: TextPack): FormDefinition {
  const text = pack[form.key];
  if (!text) return form;
  const ui = applyToHints(form.ui, text.fields ?? {});
  if (text.intro !== undefined) ui.intro = text.intro;
  if (text.groups) {
    const groups = { ...ui.groups };
    for (const [key, group] of Object.entries(text.groups)) {
      groups[key] = { ...groups[key], ...group } as { legend: string; help?: string };
    }
    ui.groups = groups;
  }
  return { ...form, ...(text.title !== undefined ? { title: text.title } : {}), ui };
}

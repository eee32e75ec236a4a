/**
 * Rules about dates that JSON Schema cannot express: they depend on today's date or on another
 * form of the case. Each checks only answers that are present and well-formed dates; a missing
 * or malformed date is the schema's to report.
 */
import type { FormRule } from './types';

const isoDate = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function dateAt(answers: Record<string, unknown> | undefined, field: string): string | undefined {
  const value = answers?.[field];
  return typeof value === 'string' && isoDate.test(value) ? value : undefined;
}

/** `field` of `form` must not be after ctx.today. */
export function dateNotInFuture(form: string, field: string): FormRule {
  return {
    forms: [form],
    check(answers, ctx) {
      const value = dateAt(answers, field);
      return value !== undefined && value > ctx.today
        ? [{ pointer: `/${field}`, message: 'must not be in the future' }]
        : [];
    },
  };
}

/** `field` of `form` must not be before `otherField` of the case's `otherForm`. */
export function dateNotBefore(
  form: string,
  field: string,
  other: { form: string; field: string; label: string },
): FormRule {
  return {
    forms: [form],
    check(answers, ctx) {
      const value = dateAt(answers, field);
      const earliest = dateAt(ctx.otherAnswers[other.form], other.field);
      return value !== undefined && earliest !== undefined && value < earliest
        ? [{ pointer: `/${field}`, message: `must not be before the ${other.label} (${earliest})` }]
        : [];
    },
  };
}

/**
 * One form's answers made ready to store: the modules' defaults applied (risk level from the Dash
 * score), validated (drafts leniently, submissions strictly with the cross-form rules), then scored
 * and flagged. Pure; the HTTP save and the import share it.
 */
import type { FieldError, FormContext, Registry, ScoreResults, ValidationMode } from '@harbour/forms';

export type CheckedAnswers =
  | { ok: true; answers: Record<string, unknown>; scores: ScoreResults; flags: string[] }
  | { ok: false; errors: FieldError[] };

export function checkAnswers(
  registry: Registry,
  formKey: string,
  answers: Record<string, unknown>,
  mode: ValidationMode,
  ctx: FormContext,
): CheckedAnswers {
  const prepared = registry.prepare(formKey, answers, ctx);
  const result = registry.validate(formKey, prepared, mode, ctx);
  if (!result.ok) return { ok: false, errors: result.errors };
  return {
    ok: true,
    answers: prepared,
    scores: registry.score(formKey, prepared),
    flags: registry.flags(formKey, prepared),
  };
}

/** The case's flags: those raised by any of its responses' current answers. */
export function caseFlags(registry: Registry, answersByForm: Record<string, Record<string, unknown>>): string[] {
  const flags = Object.entries(answersByForm).flatMap(([formKey, answers]) =>
    registry.form(formKey) ? registry.flags(formKey, answers) : [],
  );
  return [...new Set(flags)].sort();
}

/**
 * Of a case's flags, those its children's own responses may have raised (flags of forms answered
 * per child): they live in child_responses, so a save of the case's own responses keeps them.
 */
export function childRaisedFlags(registry: Registry, flags: readonly string[]): string[] {
  const perChild = new Set(
    registry
      .flagDefinitions()
      .filter((flag) => flag.forms.some((formKey) => registry.form(formKey)?.perChild))
      .map((flag) => flag.key),
  );
  return flags.filter((flag) => perChild.has(flag));
}

export function isAnswersObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rules about child references that JSON Schema cannot express: each child appears once in a
 * form, and a child at exit is one recorded at intake.
 */
import type { FieldError, FormRule } from '@harbour/forms';

function childRefs(answers: Record<string, unknown> | undefined): (string | undefined)[] {
  const children = answers?.children;
  if (!Array.isArray(children)) return [];
  return children.map((child) => {
    const ref = typeof child === 'object' && child !== null ? (child as Record<string, unknown>).child_ref : undefined;
    return typeof ref === 'string' ? ref : undefined;
  });
}

export const uniqueChildRefs: FormRule = {
  forms: ['children.intake', 'children.exit'],
  check(answers) {
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    childRefs(answers).forEach((ref, index) => {
      if (ref === undefined) return;
      if (seen.has(ref))
        errors.push({ pointer: `/children/${index}/child_ref`, message: `${ref} is already used for another child` });
      seen.add(ref);
    });
    return errors;
  },
};

/** Checked on submission: while drafting, the intake may not be written yet. */
export const exitChildrenRecordedAtIntake: FormRule = {
  forms: ['children.exit'],
  modes: ['submitted'],
  check(answers, ctx) {
    const atIntake = new Set(childRefs(ctx.otherAnswers['children.intake']));
    const errors: FieldError[] = [];
    childRefs(answers).forEach((ref, index) => {
      if (ref !== undefined && !atIntake.has(ref)) {
        errors.push({ pointer: `/children/${index}/child_ref`, message: `does not match a child recorded at intake` });
      }
    });
    return errors;
  },
};

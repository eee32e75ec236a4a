import type { AnswerCondition, ModuleDefinition, ReportFigureSpec } from '@harbour/forms';
import children from '@harbour/module-children';
import mentalHealth from '@harbour/module-mental-health';
import migration from '@harbour/module-migration';
import youngPeople from '@harbour/module-young-people';

type Schema = { properties?: Record<string, Schema>; items?: Schema };

/** The forms, answer fields and scores one report figure reads. */
function reads(figure: ReportFigureSpec): { form: string; field?: string; item?: string; score?: string }[] {
  const fields = (form: string, tests: AnswerCondition[] = [], item?: string) =>
    tests.map((t) => ({ form, ...(item ? { field: item, item: t.field } : { field: t.field }) }));
  switch (figure.kind) {
    case 'rate':
      return [
        ...fields(figure.form, figure.where),
        ...fields(figure.form, figure.numerator),
        ...(figure.also ?? []).flatMap((other) => fields(other.form, other.where)),
      ];
    case 'child_pair_rate':
      return [
        ...figure.intakeForms.flatMap((form) => fields(form, figure.intakeWhere)),
        ...figure.exitForms.flatMap((form) => [...fields(form, figure.where), ...fields(form, figure.numerator)]),
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
        ...fields(figure.items.form, figure.where, figure.items.field),
        ...fields(figure.items.form, figure.numerator, figure.items.field),
      ];
  }
}

describe.each([
  ['mental-health', mentalHealth, 'mental_health'],
  ['migration', migration, 'migration'],
  ['children', children, ['children_module', 'children_voice']],
  [
    'young-people',
    youngPeople,
    ['young_people_abuse', 'young_people_exploitation', 'young_people_education', 'young_people_outcomes'],
  ],
] as [string, ModuleDefinition, string | string[]][])('the report spec of %s', (_key, module, sections) => {
  it(`contributes the ${sections} section`, () => {
    expect(module.report?.map((s) => s.key)).toEqual([sections].flat());
  });

  it('reads only forms, fields and scores the module defines', () => {
    const unknown = (module.report ?? []).flatMap((s) =>
      s.figures.flatMap(reads).filter(({ form, field, item, score }) => {
        const definition = module.forms.find((f) => f.key === form);
        if (!definition) return true;
        if (score) return !module.scores?.some((d) => d.key === score && d.forms.includes(form));
        if (field === undefined) return false;
        const property = (definition.schema as Schema).properties?.[field as string];
        if (!property) return true;
        return item !== undefined && !property.items?.properties?.[item];
      }),
    );
    expect(unknown).toEqual([]);
  });
});

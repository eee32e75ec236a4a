/**
 * Module sections, computed from the modules' declarative report specs (packages/forms
 * report-spec.ts): each kind of spec becomes figure definitions over the same case frames as the
 * core sections. No module is named here.
 */
import {
  latestVersions,
  type ModuleDefinition,
  type ReportFigureSpec,
  type ReportSectionSpec,
  type ScorePair,
} from '@harbour/forms';
import type { FigureDef } from '../figure-def';
import {
  and,
  answersOf,
  conditions,
  numberField,
  or,
  type Sql,
  scoresOf,
  submitted,
  textField,
} from '../sql/expressions';
import type { Population } from '../sql/frame';
import type { SectionDef } from './section-def';

/** A distribution is counted by value in SQL, then becomes one rate per code. */
export type DistributionRequest = {
  section: string;
  key: string;
  label: string;
  population: Population;
  value: Sql;
  /** Codes in display order, from the form's schema when it lists them. */
  codes: string[];
};

const scoreAt = (form: string, score: string) => numberField(scoresOf(form), score);
const changeOf = ({ intakeForm, exitForm, score }: ScorePair) =>
  `(${scoreAt(exitForm, score)} - ${scoreAt(intakeForm, score)})`;
const both = ({ intakeForm, exitForm, score }: ScorePair) =>
  and(`(${scoreAt(intakeForm, score)} is not null)`, `(${scoreAt(exitForm, score)} is not null)`);

function figureOf(spec: Exclude<ReportFigureSpec, { kind: 'distribution' }>): FigureDef {
  const base = { key: spec.key, label: spec.label };
  switch (spec.kind) {
    case 'rate': {
      const form = answersOf(spec.form);
      return {
        ...base,
        population: spec.population,
        query: {
          kind: 'rate',
          denominator: and(submitted(spec.form), conditions(form, spec.where)),
          numerator: conditions(form, spec.numerator),
        },
      };
    }
    case 'mean':
      return { ...base, population: spec.population, query: { kind: 'mean', value: scoreAt(spec.form, spec.score) } };
    case 'change':
      return { ...base, population: 'closed', query: { kind: 'mean', value: changeOf(spec) } };
    case 'reliable_change':
      return {
        ...base,
        population: 'closed',
        query: {
          kind: 'rate',
          denominator: both(spec),
          numerator: spec.by < 0 ? `(${changeOf(spec)} <= ${spec.by})` : `(${changeOf(spec)} >= ${spec.by})`,
        },
      };
    case 'recovery':
      return {
        ...base,
        population: 'closed',
        query: {
          kind: 'rate',
          denominator: and(
            ...spec.measures.map(both),
            or(...spec.measures.map((m) => `(${scoreAt(m.intakeForm, m.score)} >= ${Number(m.caseness)})`)),
          ),
          numerator: and(...spec.measures.map((m) => `(${scoreAt(m.exitForm, m.score)} < ${Number(m.caseness)})`)),
        },
      };
    case 'item_count':
      return { ...base, population: spec.population, items: spec.items, query: { kind: 'count', where: 'true' } };
    case 'item_rate':
      return {
        ...base,
        population: spec.population,
        items: spec.items,
        query: {
          kind: 'rate',
          denominator: conditions('item', spec.where),
          numerator: conditions('item', spec.numerator),
        },
      };
  }
}

function codesOf(modules: readonly ModuleDefinition[], formKey: string, field: string): string[] {
  // the latest version's codes: an older version may not have the field at all
  const form = latestVersions(modules.flatMap((m) => m.forms)).find((f) => f.key === formKey);
  const property = (form?.schema as { properties?: Record<string, { enum?: unknown[] }> } | undefined)?.properties?.[
    field
  ];
  return (property?.enum ?? []).filter((code): code is string => typeof code === 'string');
}

export type ModuleSections = { sections: SectionDef[]; distributions: DistributionRequest[] };

export function moduleSections(activeModules: readonly ModuleDefinition[]): ModuleSections {
  const specs: ReportSectionSpec[] = activeModules.flatMap((m) => m.report ?? []);
  return {
    sections: specs.map((spec) => ({
      key: spec.key,
      title: spec.title,
      population:
        'Cases of the period with the module’s forms submitted: intake figures count cases opened in the period, exit figures and changes cases closed in it.',
      figures: spec.figures.flatMap((figure) => (figure.kind === 'distribution' ? [] : [figureOf(figure)])),
    })),
    distributions: specs.flatMap((spec) =>
      spec.figures.flatMap((figure) =>
        figure.kind === 'distribution'
          ? [
              {
                section: spec.key,
                key: figure.key,
                label: figure.label,
                population: figure.population,
                value: textField(answersOf(figure.form), figure.field),
                codes: codesOf(activeModules, figure.form, figure.field),
              },
            ]
          : [],
      ),
    ),
  };
}

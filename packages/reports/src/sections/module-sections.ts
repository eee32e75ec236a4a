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
  hasChildPair,
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
  childrenCounts: boolean;
  benchmarkAmongModule: string | undefined;
};

const scoreAt = (form: string, score: string) => numberField(scoresOf(form), score);
const changeOf = ({ intakeForm, exitForm, score }: ScorePair) =>
  `(${scoreAt(exitForm, score)} - ${scoreAt(intakeForm, score)})`;
const both = ({ intakeForm, exitForm, score }: ScorePair) =>
  and(`(${scoreAt(intakeForm, score)} is not null)`, `(${scoreAt(exitForm, score)} is not null)`);

/** Figures of the core sections, by key, that a module's spec may show for a subgroup of cases. */
export type CoreFigures = ReadonlyMap<string, FigureDef>;

const INTAKE_ITEM = "(item->'intake')";
const EXIT_ITEM = "(item->'exit')";

function figureOf(spec: Exclude<ReportFigureSpec, { kind: 'distribution' }>, core: CoreFigures): FigureDef {
  const base = { key: spec.key, label: spec.label };
  switch (spec.kind) {
    case 'rate': {
      const form = answersOf(spec.form);
      const also = (spec.also ?? []).map((other) =>
        and(submitted(other.form), conditions(answersOf(other.form), other.where)),
      );
      return {
        ...base,
        population: spec.population,
        query: {
          kind: 'rate',
          denominator: and(submitted(spec.form), conditions(form, spec.where), ...also),
          numerator: conditions(form, spec.numerator),
        },
      };
    }
    case 'child_pair_rate':
      return {
        ...base,
        population: 'closed',
        items: { intakeForms: spec.intakeForms, exitForms: spec.exitForms },
        query: {
          kind: 'rate',
          denominator: and(conditions(INTAKE_ITEM, spec.intakeWhere), conditions(EXIT_ITEM, spec.where)),
          numerator: conditions(EXIT_ITEM, spec.numerator),
        },
      };
    case 'client_outcome_for_child_pairs': {
      const outcome = core.get(spec.outcome);
      if (outcome?.query.kind !== 'rate' || outcome.population !== 'closed') {
        throw new Error(`${spec.key}: ${spec.outcome} is not an outcome rate of the report`);
      }
      const pairs = hasChildPair(spec);
      return {
        ...base,
        population: 'closed',
        query: {
          ...outcome.query,
          within: outcome.query.within ? and(outcome.query.within, pairs) : pairs,
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

/** What a section's spec says of all its figures: children's counts, benchmarks among the module's services. */
function marked(def: FigureDef, spec: ReportSectionSpec, moduleKey: string): FigureDef {
  return {
    ...def,
    ...(spec.childrenCounts ? { childrenCounts: true as const } : {}),
    ...(spec.benchmark === 'module_services' ? { benchmarkAmongModule: moduleKey } : {}),
  };
}

const POPULATION =
  'Cases of the period with the module’s forms submitted: intake figures count cases opened in the period, exit figures and changes cases closed in it.';

function populationOf(spec: ReportSectionSpec): string {
  const notes = [
    POPULATION,
    spec.childrenCounts
      ? 'Counts of children: hidden below the national threshold, even in a service’s own report.'
      : '',
    spec.benchmark === 'module_services' ? 'Each beside the national figure among the services with this module.' : '',
  ];
  return notes.filter(Boolean).join(' ');
}

export function moduleSections(activeModules: readonly ModuleDefinition[], core: CoreFigures): ModuleSections {
  const specs = activeModules.flatMap((m) => (m.report ?? []).map((spec) => ({ spec, moduleKey: m.key })));
  return {
    sections: specs.map(({ spec, moduleKey }) => ({
      key: spec.key,
      title: spec.title,
      population: populationOf(spec),
      figures: spec.figures.flatMap((figure) =>
        figure.kind === 'distribution' ? [] : [marked(figureOf(figure, core), spec, moduleKey)],
      ),
    })),
    distributions: specs.flatMap(({ spec, moduleKey }) =>
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
                childrenCounts: spec.childrenCounts === true,
                benchmarkAmongModule: spec.benchmark === 'module_services' ? moduleKey : undefined,
              },
            ]
          : [],
      ),
    ),
  };
}

/**
 * From raw aggregates to published figures: rates and intervals, then disclosure control —
 * primary suppression per figure, secondary suppression within a group whose total is shown.
 * Nothing leaves this module with a disclosive number in it.
 */
import {
  isDisclosive,
  isRateDisclosive,
  meanInterval,
  NATIONAL_THRESHOLD,
  secondaryCell,
  wilsonInterval,
} from '@harbour/stats';
import type { Aggregate, FigureDef } from './figure-def';
import type { Figure, Suppression } from './model';

export const round1 = (x: number) => Math.round(x * 10) / 10;
const percentInterval = (ci: [number, number]): [number, number] => [round1(ci[0] * 100), round1(ci[1] * 100)];

function hide(figure: Figure, options: { denominator: boolean; reason?: Suppression }): Figure {
  const { numerator: _n, ci95: _c, denominator, ...rest } = figure;
  return {
    ...rest,
    value: null,
    suppressed: true,
    suppression: options.reason ?? 'primary',
    ...(options.denominator || denominator === undefined ? {} : { denominator }),
  };
}

/** A figure with primary suppression at threshold k. */
export function figureOf(def: FigureDef, aggregate: Aggregate | undefined, k: number): Figure {
  const base = { key: def.key, label: def.label };
  if (!aggregate) return { ...base, unit: 'count', value: null };
  switch (aggregate.kind) {
    case 'count': {
      const figure: Figure = { ...base, unit: 'count', value: aggregate.count };
      return !def.workload && isDisclosive(aggregate.count, k) ? hide(figure, { denominator: true }) : figure;
    }
    case 'rate': {
      const { numerator, denominator } = aggregate;
      const ci = wilsonInterval(numerator, denominator);
      const figure: Figure = {
        ...base,
        unit: 'percent',
        value: denominator > 0 ? round1((100 * numerator) / denominator) : null,
        numerator,
        denominator,
        ...(ci ? { ci95: percentInterval(ci) } : {}),
      };
      if (!isRateDisclosive(numerator, denominator, k)) return figure;
      return hide(figure, { denominator: isDisclosive(denominator, k) || def.groupCell === 'denominator' });
    }
    case 'mean': {
      const { n, mean, sd } = aggregate;
      const ci = mean === null || sd === null ? null : meanInterval({ n, mean, sd });
      const figure: Figure = {
        ...base,
        unit: 'mean',
        value: mean === null ? null : round1(mean),
        denominator: n,
        ...(ci ? { ci95: [round1(ci[0]), round1(ci[1])] as [number, number] } : {}),
      };
      return isDisclosive(n, k) ? hide(figure, { denominator: true }) : figure;
    }
    case 'answered': {
      const slots = aggregate.responses * aggregate.fields;
      const figure: Figure = {
        ...base,
        unit: 'percent',
        value: slots > 0 ? round1((100 * aggregate.answered) / slots) : null,
        numerator: aggregate.answered,
        denominator: slots,
      };
      return isDisclosive(aggregate.responses, k) ? hide(figure, { denominator: true }) : figure;
    }
  }
}

/**
 * Secondary suppression in every group of figures that split one shown total: when exactly one
 * cell of a group is hidden, the next-smallest non-zero cell is hidden too.
 */
export function suppressGroups(
  defs: readonly FigureDef[],
  figures: Map<string, Figure>,
  aggregates: ReadonlyMap<string, Aggregate>,
): void {
  const groups = new Map<string, FigureDef[]>();
  for (const def of defs) if (def.group) groups.set(def.group, [...(groups.get(def.group) ?? []), def]);
  for (const members of groups.values()) {
    const cells = members.map((def) => {
      const aggregate = aggregates.get(def.key);
      const count =
        aggregate?.kind === 'rate'
          ? def.groupCell === 'denominator'
            ? aggregate.denominator
            : aggregate.numerator
          : 0;
      return { key: def.key, count };
    });
    const hidden = new Set(members.filter((def) => figures.get(def.key)?.suppressed).map((def) => def.key));
    const second = secondaryCell(cells, hidden);
    const figure = second ? figures.get(second) : undefined;
    if (second && figure) {
      const def = members.find((d) => d.key === second);
      figures.set(second, hide(figure, { denominator: def?.groupCell === 'denominator', reason: 'secondary' }));
    }
  }
}

/** Figures of a list of definitions, disclosure-controlled at k. */
export function publishFigures(
  defs: readonly FigureDef[],
  aggregates: ReadonlyMap<string, Aggregate>,
  k: number,
): Map<string, Figure> {
  // Children are counted at the national threshold whatever the report's own.
  const kOf = (def: FigureDef) => (def.childrenCounts ? Math.max(k, NATIONAL_THRESHOLD) : k);
  const figures = new Map(
    defs.map((def) => {
      const figure = figureOf(def, aggregates.get(def.key), kOf(def));
      return [def.key, kOf(def) === k ? figure : { ...figure, threshold: kOf(def) }];
    }),
  );
  suppressGroups(defs, figures, aggregates);
  return figures;
}

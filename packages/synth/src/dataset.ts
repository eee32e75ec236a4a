/**
 * A whole synthetic national dataset: enough services, over enough years, to reach a requested
 * number of cases. Its cases stream service by service.
 */

import type { ModuleDefinition } from '@harbour/forms';
import { generateCases } from './cases';
import { type Census, loadCensus } from './census';
import { addDays, isoDate } from './dates';
import { createRandom, type Random } from './random';
import { generateServices } from './services';
import type { Period, SynthCase, SynthService } from './types';

export type DatasetOptions = {
  seed: string | number;
  /** About how many cases in all (the count is Poisson, so it lands near, not on, this). */
  cases: number;
  years: number;
  /** The last day of the period; today by default. */
  today?: string;
  census?: Census;
  practitioners?: [number, number];
  /** The installed modules: services switch them on and their synthetic hooks answer their forms. */
  modules: readonly ModuleDefinition[];
};

export type DatasetPlan = {
  census: Census;
  random: Random;
  services: SynthService[];
  period: Period;
  today: string;
  modules: readonly ModuleDefinition[];
};

export function planDataset({
  seed,
  cases,
  years,
  today = isoDate(new Date()),
  census = loadCensus(),
  practitioners,
  modules,
}: DatasetOptions): DatasetPlan {
  const random = createRandom(seed);
  const period = { from: addDays(today, -Math.round(years * 365.25) + 1), to: today };
  const services: SynthService[] = [];
  let expected = 0;
  // add services until their expected volume covers the request
  while (expected < cases) {
    const [service] = generateServices({
      random,
      census,
      count: 1,
      period,
      firstNumber: services.length + 1,
      modules,
      ...(practitioners ? { practitioners } : {}),
    }) as [SynthService];
    services.push(service);
    expected += service.casesPerYear * years;
  }
  // scale every service's volume so that the expected total is the request
  const scale = cases / expected;
  for (const service of services) service.casesPerYear = Math.max(1, Math.round(service.casesPerYear * scale));
  return { census, random, services, period, today, modules };
}

/** Every case of the dataset, across all its services, in the order the cases were opened. */
export function* datasetCases(plan: DatasetPlan): Generator<SynthCase> {
  const streams = plan.services.map((service) =>
    generateCases({
      census: plan.census,
      service,
      period: plan.period,
      today: plan.today,
      random: plan.random.fork(`cases-${service.id}`),
      modules: plan.modules,
    }),
  );
  // Every service's cases come day by day; merged by the day they were opened, they arrive as a
  // live system records them, and a table loaded from them is laid out the same way (a year's
  // cases together, not spread across every page). Each service draws from its own stream, so
  // the order changes no case.
  const heads = streams.map((stream) => stream.next());
  for (;;) {
    let first = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i] as IteratorResult<SynthCase>;
      if (head.done) continue;
      const best = heads[first] as IteratorResult<SynthCase> | undefined;
      if (!best || best.done || head.value.openedAt < best.value.openedAt) first = i;
    }
    if (first < 0) return;
    yield (heads[first] as IteratorYieldResult<SynthCase>).value;
    heads[first] = (streams[first] as Generator<SynthCase>).next();
  }
}

/**
 * Synthetic services and their workers. Services are placed in local authorities in proportion
 * to population, sized by staff (about 95 new cases a year per full-time practitioner, against
 * SafeLives' ~100 referrals a year per full-time Idva), and switch optional modules on for part
 * of the period, as real services do.
 */
import type { PractitionerRole } from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import { type Census, catchmentOf, drawAreaByPopulation } from './census';
import { addDays, daysBetween } from './dates';
import type { Random } from './random';
import type { ModuleWindow, Period, SynthService, SynthWorker } from './types';

export const CASES_PER_FTE_YEAR = 95;
export const DEFAULT_SETTINGS = { riskHighFrom: 14, riskMediumFrom: 10, safeCaseloadPerFte: 70 };

const ROLES_BY_KIND: Record<SynthService['kind'], Record<PractitionerRole, number>> = {
  idva: { idva: 0.75, hospital_idva: 0.12, ypva: 0.1, outreach: 0, refuge: 0, children: 0.03, other: 0 },
  outreach: { idva: 0.1, hospital_idva: 0, ypva: 0.05, outreach: 0.8, refuge: 0, children: 0.05, other: 0 },
  refuge: { idva: 0, hospital_idva: 0, ypva: 0, outreach: 0.1, refuge: 0.8, children: 0.1, other: 0 },
  young_people: { idva: 0, hospital_idva: 0, ypva: 0.85, outreach: 0, refuge: 0, children: 0.15, other: 0 },
};

export type WorkerPlan = { practitioners: number; emailDomain: string; label: string };

export function generateWorkers(
  r: Random,
  kind: SynthService['kind'],
  { practitioners, emailDomain, label }: WorkerPlan,
): SynthWorker[] {
  const workers: SynthWorker[] = [
    {
      id: r.uuid(),
      email: `manager@${emailDomain}`,
      name: `${label} manager`,
      role: 'manager',
      practitionerRole: null,
      fte: 1,
    },
  ];
  for (let i = 1; i <= practitioners; i++) {
    workers.push({
      id: r.uuid(),
      email: `practitioner${i}@${emailDomain}`,
      name: `${label} practitioner ${i}`,
      role: 'practitioner',
      practitionerRole: r.weighted(ROLES_BY_KIND[kind]),
      fte: r.chance(0.7) ? 1 : r.pick([0.5, 0.6, 0.8]),
    });
  }
  return workers;
}

export function casesPerYearOf(workers: SynthWorker[]): number {
  return Math.round(
    workers.filter((w) => w.role === 'practitioner').reduce((sum, w) => sum + w.fte, 0) * CASES_PER_FTE_YEAR,
  );
}

/**
 * The installed optional modules that have synthetic answers, each switched on at some point in
 * the period by its `adoption` share of services, some switched off again.
 */
function drawModules(r: Random, period: Period, modules: readonly ModuleDefinition[]): ModuleWindow[] {
  const span = daysBetween(period.from, period.to);
  const windows: ModuleWindow[] = [];
  for (const module of modules) {
    if (module.alwaysActive || !module.synthetic || !r.chance(module.synthetic.adoption)) continue;
    const activeFrom = addDays(period.from, r.int(0, Math.floor(span * 0.6)));
    const activeTo = r.chance(0.15) ? addDays(activeFrom, r.int(180, 540)) : null;
    windows.push({
      moduleKey: module.key,
      activeFrom,
      activeTo: activeTo !== null && activeTo < period.to ? activeTo : null,
    });
  }
  return windows;
}

export type GenerateServicesOptions = {
  random: Random;
  census: Census;
  count: number;
  period: Period;
  /** Practitioners per service, drawn in this range (inclusive). */
  practitioners?: [number, number];
  /** Numbers services from this, so several batches never share names or emails. */
  firstNumber?: number;
  /** The installed modules, which services switch on. */
  modules: readonly ModuleDefinition[];
};

export function generateServices({
  random,
  census,
  count,
  period,
  practitioners = [5, 16],
  firstNumber = 1,
  modules,
}: GenerateServicesOptions): SynthService[] {
  return Array.from({ length: count }, (_, i) => {
    const n = firstNumber + i;
    const r = random.fork(`service-${n}`);
    const localAuthority = drawAreaByPopulation(r, census);
    const area = census.byCode.get(localAuthority);
    const kind = r.weighted<Exclude<SynthService['kind'], 'young_people'>>({ idva: 0.65, outreach: 0.2, refuge: 0.15 });
    const label = `Service ${String(n).padStart(3, '0')}`;
    const workers = generateWorkers(r, kind, {
      practitioners: r.int(practitioners[0], practitioners[1]),
      emailDomain: `service${n}.synthetic.invalid`,
      label,
    });
    const shares = r.chance(0.9);
    return {
      id: r.uuid(),
      name: `${label} — ${area?.name ?? localAuthority} ${kind} (synthetic)`,
      kind,
      localAuthority,
      sharesNationalDataset: shares,
      sharesNationalDatasetFrom: shares ? period.from : null,
      settings: { ...DEFAULT_SETTINGS },
      modules: drawModules(r, period, modules),
      workers,
      catchment: catchmentOf(census, localAuthority),
      reach: {},
      casesPerYear: casesPerYearOf(workers),
    };
  });
}

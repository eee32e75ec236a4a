/** The core report's sections, shared by every report and by the facts schema. */
import type { ReservedReportKeys } from '@harbour/forms';
import type { FigureDef } from './figure-def';
import { clientVoice, outcomes, soWhat, support } from './sections/exit-sections';
import { children, demographics, headline, needs, referrals, risk } from './sections/intake-sections';
import {
  interimOutcomes,
  lostContactOutcomes,
  responseRateKey,
  responseRates,
  sustainedSafety,
} from './sections/over-time-sections';
import type { SectionDef } from './sections/section-def';
import { timeToHelp } from './sections/time-to-help';

/** Shared by every report: frozen, so that building a report can never change them. */
export const CORE_BEFORE_CASELOAD: readonly SectionDef[] = Object.freeze(
  [headline, referrals, demographics, risk, needs, children, timeToHelp, support, outcomes, clientVoice, soWhat].map(
    (def) => Object.freeze({ ...def, figures: Object.freeze([...def.figures]) as FigureDef[] }),
  ),
);

/** The core sections' figures by key, which a module's section may show for a subgroup of cases. */
export const CORE_FIGURES: ReadonlyMap<string, FigureDef> = new Map(
  CORE_BEFORE_CASELOAD.flatMap((s) => s.figures).map((f) => [f.key, f]),
);

/** Outcomes over time: after the caseload, before the response rates and completeness. */
export const OVER_TIME: readonly SectionDef[] = [sustainedSafety, interimOutcomes, lostContactOutcomes];

/**
 * The section and figure keys of the core report, in report order, which no module's report may
 * reuse (createRegistry's `reservedReportKeys`): completeness, caseload and response-rate figures
 * are made per form and per worker, so their prefixes are reserved too.
 */
export const coreReportKeys: ReservedReportKeys = {
  sections: [
    ...CORE_BEFORE_CASELOAD.map((s) => s.key),
    'caseload',
    ...OVER_TIME.map((s) => s.key),
    responseRates([]).key,
    'completeness',
  ],
  figures: [...CORE_BEFORE_CASELOAD, ...OVER_TIME].flatMap((s) => s.figures.map((f) => f.key)),
  figurePrefixes: ['completeness_', 'caseload_', responseRateKey('')],
};

/**
 * The synthetic-answers hook of a module: how the synthetic data generator (packages/synth), and
 * so the demo and the benchmarks, fill the module's forms. The generator draws one client and
 * one outcome per case and writes the core forms from them; each installed module's hook then
 * answers its own forms from the same client and outcome, so that answers agree across forms.
 * Every answer a hook returns is prepared and validated as the API validates a submission: a
 * hook that returns answers the API would refuse stops the generator with the form's errors.
 */

/** A seeded random stream: the same seed gives the same answers on every machine. */
export type SyntheticRandom = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  /** A key drawn with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  pick<T>(items: readonly T[]): T;
  normal(mean: number, sd: number): number;
};

/** What the case's story knows about the synthetic client (their answers to the core forms agree). */
export type SyntheticClient = {
  age: number;
  /** A Census ethnicity code (`asian_indian`, `white_other`, …), `not_known` or `prefer_not_to_say`. */
  ethnicity: string;
  bornAbroad: boolean;
  interpreterNeeded: boolean;
  livingWithPerpetrator: boolean;
  /** Children in the household. */
  children: number;
  /** Children's social care involvement (`none`, `child_in_need`, …), null without children. */
  childrenSocialCare: string | null;
  needsMentalHealth: boolean;
  needsSelfHarm: boolean;
  needsImmigration: boolean;
  /** 0–5: the client's wellbeing at intake. */
  wellbeing: number;
};

/** How the synthetic case ended. */
export type SyntheticOutcome = {
  /** Whether the abuse stopped altogether. */
  stopped: boolean;
  livingWithPerpetrator: boolean;
  closureReason: string;
  supportDays: number;
};

export type SyntheticAnswers = Record<string, unknown>;

/** Answers by form key. */
export type SyntheticForms = Record<string, SyntheticAnswers>;

/** One point of a case at which forms are answered. */
export type SyntheticMoment = {
  random: SyntheticRandom;
  client: SyntheticClient;
  openedAt: string;
  /** The answers drawn so far for this case, of any module's form. */
  answersOf(formKey: string): SyntheticAnswers | undefined;
};

export type SyntheticExitMoment = SyntheticMoment & { closedAt: string; outcome: SyntheticOutcome };

export type ModuleSynthetic = {
  /** The share of synthetic services (0–1) that switch the module on at some point. */
  adoption: number;
  /** The demo service switched the module on this many months before the demo's last day
   * (the whole demo period when absent). */
  demoMonths?: number;
  /**
   * Answers at intake, by form key, when the module is active on the day the case opened. Client
   * forms are kept only when the client returned the intake questionnaire.
   */
  atIntake?(moment: SyntheticMoment): SyntheticForms;
  /**
   * Answers at exit, by form key, when the module is active on the day the case closed. Client
   * forms are kept only when the client returned the exit questionnaire.
   */
  atExit?(moment: SyntheticExitMoment): SyntheticForms;
};

/** A whole number within [min, max]: draws from a normal distribution, rounded and kept in range. */
export function roundedWithin(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(value)));
}

/** The codes drawn, each with its own chance; `atLeastOne` when none was. */
export function drawSome(random: SyntheticRandom, chances: Record<string, number>, atLeastOne?: string): string[] {
  const chosen = Object.entries(chances)
    .filter(([, chance]) => random.chance(chance))
    .map(([code]) => code);
  return chosen.length === 0 && atLeastOne ? [atLeastOne] : chosen;
}

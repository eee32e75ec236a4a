/**
 * Cases of one service over a period, one at a time (a generator, so a million cases never sit
 * in memory). Each case draws from its own forked random stream: the same seed gives the same
 * case whatever was generated before it.
 */
import type { Census } from './census';
import { addDays, daysBetween, minDate } from './dates';
import { clientExit, clientIntake, coreExit, coreIntake } from './forms-core';
import {
  type ChildFacts,
  childrenExit,
  childrenIntake,
  type MigrationFacts,
  mentalHealthClientExit,
  mentalHealthClientIntake,
  mentalHealthExit,
  mentalHealthIntake,
  migrationExit,
  migrationIntake,
} from './forms-modules';
import {
  CLIENT_REVIEW_RETURN,
  clientFollowUp,
  clientReview,
  coreReview,
  FOLLOW_UP_CONSENT,
  FOLLOW_UP_CONSENT_LOST_CONTACT,
  FOLLOW_UP_MONTH_DAYS,
  reviewDates,
} from './forms-over-time';
import { drawOutcome, drawSupportDays, type Outcome } from './outcome';
import { drawProfile } from './profile';
import type { Random } from './random';
import type { Answers, Period, SynthCase, SynthResponse, SynthService, SynthWorker } from './types';

/** Clients who return the intake questionnaire (the brief: 35–50% of cases). */
export const CLIENT_INTAKE_RETURN = 0.45;

export function moduleActive(service: SynthService, moduleKey: string, date: string): boolean {
  if (moduleKey === 'core') return true;
  return service.modules.some(
    (w) => w.moduleKey === moduleKey && w.activeFrom <= date && (w.activeTo === null || date <= w.activeTo),
  );
}

export function caseReference(n: number): string {
  return `HB-${String(n).padStart(6, '0')}`;
}

type CaseDraw = {
  census: Census;
  service: SynthService;
  worker: SynthWorker;
  openedAt: string;
  today: string;
  reference: string;
};

export function generateCase(r: Random, { census, service, worker, openedAt, today, reference }: CaseDraw): SynthCase {
  const responses: SynthResponse[] = [];
  const add = (
    formKey: string,
    source: SynthResponse['source'],
    answers: Answers,
    submittedOn: string,
    occasion?: number,
  ) =>
    responses.push({
      formKey,
      moduleKey: formKey.split('.')[0] as string,
      source,
      answers,
      submittedOn,
      ...(occasion ? { occasion } : {}),
    });
  const soon = (from: string, maxDays: number) => minDate(addDays(from, r.int(0, maxDays)), today);
  const active = (moduleKey: string, date: string) => moduleActive(service, moduleKey, date);

  const profile = drawProfile(r, census, service);
  const referralDate = addDays(openedAt, -r.int(0, 10));
  add('core.intake', 'practitioner', coreIntake(r, profile, referralDate), soon(openedAt, 3));

  const mhIntake = active('mental-health', openedAt) && r.chance(0.85);
  if (mhIntake) add('mental-health.intake', 'practitioner', mentalHealthIntake(r, profile), soon(openedAt, 5));
  let migration: MigrationFacts | null = null;
  if (active('migration', openedAt) && (profile.bornAbroad || profile.needsImmigration) && r.chance(0.9)) {
    const drawn = migrationIntake(r, profile);
    migration = drawn.facts;
    add('migration.intake', 'practitioner', drawn.answers, soon(openedAt, 7));
  }
  let children: ChildFacts[] | null = null;
  if (active('children', openedAt) && profile.children > 0 && r.chance(0.9)) {
    const drawn = childrenIntake(r, profile);
    children = drawn.children;
    add('children.intake', 'practitioner', drawn.answers, soon(openedAt, 10));
  }

  let clientIntakeAnswers: Answers | null = null;
  let mhClientIntake = false;
  if (r.chance(CLIENT_INTAKE_RETURN)) {
    const source = r.chance(0.7) ? 'client' : 'practitioner';
    const on = soon(openedAt, 14);
    clientIntakeAnswers = clientIntake(r, profile);
    add('core.client_intake', source, clientIntakeAnswers, on);
    if (active('mental-health', openedAt)) {
      mhClientIntake = true;
      add('mental-health.client_intake', source, mentalHealthClientIntake(r, profile), on);
    }
  }

  const supportDays = drawSupportDays(r, service.kind);
  const closeOn = addDays(openedAt, supportDays);
  let closedAt: string | null = null;
  let outcome: Outcome | null = null;
  const beforeExit = responses.length;
  if (closeOn <= today) {
    closedAt = closeOn;
    outcome = drawOutcome(r, profile, supportDays);
    const returnChance = (clientIntakeAnswers ? 0.7 : 0.12) * (outcome.closureReason === 'lost_contact' ? 0.2 : 1);
    if (r.chance(returnChance)) {
      const source = r.chance(0.7) ? 'client' : 'practitioner';
      const on = addDays(closedAt, -r.int(0, Math.min(5, supportDays)));
      add('core.client_exit', source, clientExit(r, profile, outcome, clientIntakeAnswers), on);
      if (mhClientIntake && active('mental-health', closedAt)) {
        add('mental-health.client_exit', source, mentalHealthClientExit(r, profile, outcome), on);
      }
    }
    if (mhIntake && active('mental-health', closedAt)) {
      add('mental-health.exit', 'practitioner', mentalHealthExit(r, profile, outcome), closedAt);
    }
    if (migration && active('migration', closedAt)) {
      add('migration.exit', 'practitioner', migrationExit(r, profile, migration), closedAt);
    }
    if (children && active('children', closedAt)) {
      add('children.exit', 'practitioner', childrenExit(r, outcome, children), closedAt);
    }
    add('core.exit', 'practitioner', coreExit(r, profile, outcome, closedAt, service.settings), closedAt);
  }

  // Reviews and follow-ups draw from a stream of their own: the rest of the case stays as it was.
  const later = r.fork('over-time');
  const trajectory = outcome ?? drawOutcome(later, profile, supportDays);
  const reviews: SynthResponse[] = [];
  const safetyBefore = typeof clientIntakeAnswers?.safety_now === 'number' ? clientIntakeAnswers.safety_now : 4;
  for (const [i, on] of reviewDates(later, openedAt, closedAt ?? today).entries()) {
    const progress = Math.min(1, daysBetween(openedAt, on) / supportDays);
    const review = (formKey: string, source: SynthResponse['source'], answers: Answers) =>
      reviews.push({
        formKey,
        moduleKey: formKey.split('.')[0] as string,
        source,
        answers,
        submittedOn: on,
        occasion: i + 1,
      });
    review('core.review', 'practitioner', coreReview(later, profile, trajectory, on, progress));
    if (later.chance(CLIENT_REVIEW_RETURN)) {
      review('core.client_review', 'client', clientReview(later, profile, trajectory, safetyBefore, progress));
      if (mhClientIntake && active('mental-health', on)) {
        review('mental-health.client_review', 'client', mentalHealthClientExit(later, profile, trajectory));
      }
    }
  }
  // in the order a service records them: reviews before the exit forms
  responses.splice(beforeExit, 0, ...reviews);
  if (closedAt && outcome) {
    const consent = later.chance(
      outcome.closureReason === 'lost_contact' ? FOLLOW_UP_CONSENT_LOST_CONTACT : FOLLOW_UP_CONSENT,
    );
    for (const [index, days] of FOLLOW_UP_MONTH_DAYS.entries()) {
      const due = addDays(closedAt, days);
      if (!consent || due > today) break;
      const answers = clientFollowUp(later, profile, outcome, index);
      if (answers)
        add('core.client_follow_up', 'client', answers, minDate(addDays(due, later.int(0, 10)), today), index + 1);
    }
  }

  return {
    id: r.uuid(),
    serviceId: service.id,
    reference,
    workerId: worker.id,
    practitionerRole: worker.practitionerRole,
    openedAt,
    closedAt,
    responses,
  };
}

export type GenerateCasesOptions = {
  census: Census;
  service: SynthService;
  /** Cases are opened from `period.from` to `period.to`. */
  period: Period;
  /** Cases whose support would end after this date stay open. */
  today: string;
  random: Random;
};

/** The service's cases, in the order they were opened. */
export function* generateCases({ census, service, period, today, random }: GenerateCasesOptions): Generator<SynthCase> {
  const practitioners = service.workers.filter((w) => w.role === 'practitioner');
  if (practitioners.length === 0) throw new Error(`${service.name} has no practitioners`);
  const byFte = Object.fromEntries(practitioners.map((w, i) => [String(i), w.fte])) as Record<string, number>;
  const perDay = service.casesPerYear / 365;
  const days = daysBetween(period.from, period.to);
  let number = 0;
  for (let day = 0; day <= days; day++) {
    const openedAt = addDays(period.from, day);
    const count = random.poisson(perDay);
    for (let i = 0; i < count; i++) {
      number++;
      const worker = practitioners[Number(random.weighted(byFte))] as SynthWorker;
      yield generateCase(random.fork(`case-${number}`), {
        census,
        service,
        worker,
        openedAt,
        today,
        reference: caseReference(number),
      });
    }
  }
}

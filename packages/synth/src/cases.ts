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
  childVoiceExit,
  childVoiceIntake,
  voiceForm,
  type YoungPersonFacts,
  youngPeopleExit,
  youngPeopleIntake,
  youngPersonCoreIntake,
} from './forms-young-people';
import { drawOutcome, drawSupportDays } from './outcome';
import { drawProfile } from './profile';
import type { Random } from './random';
import type { Answers, Period, SynthCase, SynthChildResponse, SynthResponse, SynthService, SynthWorker } from './types';

/** Clients who return the intake questionnaire (the brief: 35–50% of cases). */
export const CLIENT_INTAKE_RETURN = 0.45;
/**
 * Children of 8 and over who answer their own questionnaire at intake, in a session with their
 * worker (assumed: fewer than adults, as not every child is seen alone), and of those, at exit.
 */
export const CHILD_INTAKE_RETURN = 0.35;
export const CHILD_EXIT_RETURN = 0.6;
/** Young people who answer their own questionnaire at intake (the young person is the client, seen in person). */
export const YOUNG_PERSON_INTAKE_RETURN = 0.55;

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
  const add = (formKey: string, source: SynthResponse['source'], answers: Answers, submittedOn: string) =>
    responses.push({ formKey, moduleKey: formKey.split('.')[0] as string, source, answers, submittedOn });
  const soon = (from: string, maxDays: number) => minDate(addDays(from, r.int(0, maxDays)), today);
  const active = (moduleKey: string, date: string) => moduleActive(service, moduleKey, date);

  const childResponses: SynthChildResponse[] = [];
  const profile = drawProfile(r, census, service);
  const referralDate = addDays(openedAt, -r.int(0, 10));
  let youngPerson: YoungPersonFacts | null = null;
  if (service.kind === 'young_people') {
    const drawn = youngPersonCoreIntake(r, coreIntake(r, profile, referralDate));
    youngPerson = drawn.facts;
    add('core.intake', 'practitioner', drawn.answers, soon(openedAt, 3));
    if (active('young-people', openedAt)) {
      add('young-people.intake', 'practitioner', youngPeopleIntake(r, youngPerson), soon(openedAt, 5));
    }
  } else {
    add('core.intake', 'practitioner', coreIntake(r, profile, referralDate), soon(openedAt, 3));
  }

  const mhIntake = active('mental-health', openedAt) && r.chance(0.85);
  if (mhIntake) add('mental-health.intake', 'practitioner', mentalHealthIntake(r, profile), soon(openedAt, 5));
  let migration: MigrationFacts | null = null;
  if (active('migration', openedAt) && (profile.bornAbroad || profile.needsImmigration) && r.chance(0.9)) {
    const drawn = migrationIntake(r, profile);
    migration = drawn.facts;
    add('migration.intake', 'practitioner', drawn.answers, soon(openedAt, 7));
  }
  let children: ChildFacts[] | null = null;
  if (!youngPerson && active('children', openedAt) && profile.children > 0 && r.chance(0.9)) {
    const drawn = childrenIntake(r, profile);
    children = drawn.children;
    add('children.intake', 'practitioner', drawn.answers, soon(openedAt, 10));
  }
  // The children's own questionnaires at intake: those of 8 and over, some of them.
  const heard = new Set<string>();
  for (const child of children ?? []) {
    if (child.age < 8 || !r.chance(CHILD_INTAKE_RETURN)) continue;
    heard.add(child.ref);
    const answers = childVoiceIntake(r, child.age, child.exposed);
    childResponses.push({
      childRef: child.ref,
      formKey: voiceForm(child.age, 'intake'),
      answers,
      submittedOn: soon(openedAt, 21),
    });
  }
  const youngPersonHeard = youngPerson !== null && active('children', openedAt) && r.chance(YOUNG_PERSON_INTAKE_RETURN);
  if (youngPerson && youngPersonHeard) {
    add(voiceForm(youngPerson.age, 'intake'), 'client', childVoiceIntake(r, youngPerson.age, true), soon(openedAt, 14));
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
  if (closeOn <= today) {
    closedAt = closeOn;
    const outcome = drawOutcome(r, profile, supportDays);
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
      for (const child of children) {
        if (child.age < 8 || !r.chance(heard.has(child.ref) ? CHILD_EXIT_RETURN : 0.08)) continue;
        const answers = childVoiceExit(r, child.age, outcome.stopped);
        childResponses.push({
          childRef: child.ref,
          formKey: voiceForm(child.age, 'exit'),
          answers,
          submittedOn: closedAt,
        });
      }
    }
    if (youngPerson && active('young-people', closedAt)) {
      add('young-people.exit', 'practitioner', youngPeopleExit(r, youngPerson, outcome), closedAt);
      if (youngPersonHeard && active('children', closedAt) && r.chance(CHILD_EXIT_RETURN)) {
        add(
          voiceForm(youngPerson.age, 'exit'),
          'client',
          childVoiceExit(r, youngPerson.age, outcome.stopped),
          closedAt,
        );
      }
    }
    add('core.exit', 'practitioner', coreExit(r, profile, outcome, closedAt, service.settings), closedAt);
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
    childResponses,
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

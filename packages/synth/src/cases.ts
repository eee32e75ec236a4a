/**
 * Cases of one service over a period, one at a time (a generator, so a million cases never sit
 * in memory). Each case draws from its own forked random stream: the same seed gives the same
 * case whatever was generated before it.
 */
import type { ModuleDefinition, SyntheticAnswers, SyntheticMoment } from '@harbour/forms';
import type { Census } from './census';
import { addDays, daysBetween, minDate } from './dates';
import { clientExit, clientIntake, coreExit, coreIntake } from './forms-core';
import { CLIENT_REVIEW_RETURN, clientReview, coreReview, followUpAfterClosure, reviewDates } from './forms-over-time';
import { childVoiceExit, childVoiceIntake, voiceForm, youngPersonCoreIntake } from './forms-young-people';
import { drawOutcome, drawSupportDays, type Outcome } from './outcome';
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

/** The children a children.intake records: their ref, age and whether they were exposed. */
function recordedChildren(answers: Answers | undefined): { ref: string; age: number; exposed: boolean }[] {
  const children = answers?.children;
  if (!Array.isArray(children)) return [];
  return children.map((child: Answers) => ({
    ref: String(child.child_ref),
    age: Number(child.age),
    exposed: child.exposed === true,
  }));
}

export function moduleActive(service: SynthService, module: ModuleDefinition, date: string): boolean {
  if (module.alwaysActive) return true;
  return service.modules.some(
    (w) => w.moduleKey === module.key && w.activeFrom <= date && (w.activeTo === null || date <= w.activeTo),
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
  /** The installed modules: each one's synthetic hook answers its forms. */
  modules: readonly ModuleDefinition[];
};

function responseOf(
  formKey: string,
  source: SynthResponse['source'],
  answers: Answers,
  submittedOn: string,
  occasion?: number,
): SynthResponse {
  return {
    formKey,
    moduleKey: formKey.split('.')[0] as string,
    source,
    answers,
    submittedOn,
    ...(occasion ? { occasion } : {}),
  };
}

/** A questionnaire the client returned: its answers go in with the client's source and date. */
type Returned = { source: SynthResponse['source']; on: string } | null;

const clientFormKeys = new WeakMap<readonly ModuleDefinition[], ReadonlySet<string>>();

/** The client questionnaires of the installed modules, found once per module list, not per form drawn. */
function clientFormsOf(modules: readonly ModuleDefinition[]): ReadonlySet<string> {
  let keys = clientFormKeys.get(modules);
  if (!keys) {
    keys = new Set(modules.flatMap((m) => m.forms.filter((f) => f.audience === 'client').map((f) => f.key)));
    clientFormKeys.set(modules, keys);
  }
  return keys;
}

export function generateCase(
  r: Random,
  { census, service, worker, openedAt, today, reference, modules }: CaseDraw,
): SynthCase {
  const responses: SynthResponse[] = [];
  const add = (...response: Parameters<typeof responseOf>) => responses.push(responseOf(...response));
  const soon = (from: string, maxDays: number) => minDate(addDays(from, r.int(0, maxDays)), today);
  const withHooks = modules.filter((m) => m.synthetic);
  // Each module draws from its own stream: installing a module changes no other form's answers.
  const streams = new Map(withHooks.map((m) => [m.key, r.fork(`module-${m.key}`)]));
  const answersOf = (formKey: string): SyntheticAnswers | undefined =>
    responses.find((response) => response.formKey === formKey)?.answers;
  /** The modules' answers at one moment: practitioner forms now, client forms with the questionnaire. */
  const fromModules = (
    date: string,
    draw: (m: ModuleDefinition) => Record<string, SyntheticAnswers>,
    questionnaire: Returned,
  ) => {
    const drawn = withHooks
      .filter((m) => moduleActive(service, m, date))
      .flatMap((m) => Object.entries(draw(m)).map(([formKey, answers]) => ({ formKey, answers })));
    const clientForms = clientFormsOf(modules);
    return {
      practitioner: drawn.filter((d) => !clientForms.has(d.formKey)),
      client: questionnaire ? drawn.filter((d) => clientForms.has(d.formKey)) : [],
    };
  };

  const childResponses: SynthChildResponse[] = [];
  const active = (moduleKey: string, date: string) =>
    modules.some((m) => m.key === moduleKey && moduleActive(service, m, date));
  const profile = drawProfile(r, census, service);
  const moment = (key: string): SyntheticMoment => ({
    random: streams.get(key) as Random,
    client: profile,
    openedAt,
    answersOf,
  });
  const referralDate = addDays(openedAt, -r.int(0, 10));
  // A young people's service's client is the young person: the core intake is theirs (their age,
  // who harms them, who agreed to research), and the young-people module's hook follows it.
  const intake = coreIntake(r, profile, referralDate);
  const youngPerson = service.kind === 'young_people' ? youngPersonCoreIntake(r, intake) : null;
  add('core.intake', 'practitioner', youngPerson?.answers ?? intake, soon(openedAt, 3));

  const returnedIntake: Returned = r.chance(CLIENT_INTAKE_RETURN)
    ? { source: r.chance(0.7) ? 'client' : 'practitioner', on: soon(openedAt, 14) }
    : null;
  const atIntake = fromModules(openedAt, (m) => m.synthetic?.atIntake?.(moment(m.key)) ?? {}, returnedIntake);
  for (const d of atIntake.practitioner) add(d.formKey, 'practitioner', d.answers, soon(openedAt, 10));
  // The children's and the young person's own questionnaires. A child's answers are stored per
  // child (child_responses, by child_ref), which the modules' hooks cannot return (they answer a
  // case's forms by key), so the generator draws them here, from the children the children
  // module's hook recorded: those of 8 and over, some of them.
  const childrenAtIntake = recordedChildren(answersOf('children.intake'));
  const heard = new Set<string>();
  for (const child of childrenAtIntake) {
    if (child.age < 8 || !r.chance(CHILD_INTAKE_RETURN)) continue;
    heard.add(child.ref);
    childResponses.push({
      childRef: child.ref,
      formKey: voiceForm(child.age, 'intake'),
      answers: childVoiceIntake(r, child.age, child.exposed),
      submittedOn: soon(openedAt, 21),
    });
  }
  const youngPersonHeard = youngPerson !== null && active('children', openedAt) && r.chance(YOUNG_PERSON_INTAKE_RETURN);
  if (youngPerson && youngPersonHeard) {
    add(voiceForm(youngPerson.age, 'intake'), 'client', childVoiceIntake(r, youngPerson.age, true), soon(openedAt, 14));
  }
  let clientIntakeAnswers: Answers | null = null;
  if (returnedIntake) {
    clientIntakeAnswers = clientIntake(r, profile);
    add('core.client_intake', returnedIntake.source, clientIntakeAnswers, returnedIntake.on);
    for (const d of atIntake.client) add(d.formKey, returnedIntake.source, d.answers, returnedIntake.on);
  }

  const supportDays = drawSupportDays(r, service.kind);
  const closeOn = addDays(openedAt, supportDays);
  let closedAt: string | null = null;
  let closedOutcome: Outcome | null = null;
  const beforeExit = responses.length;
  if (closeOn <= today) {
    closedAt = closeOn;
    const closed = closedAt;
    const outcome = drawOutcome(r, profile, supportDays);
    closedOutcome = outcome;
    const returnChance = (clientIntakeAnswers ? 0.7 : 0.12) * (outcome.closureReason === 'lost_contact' ? 0.2 : 1);
    const returnedExit: Returned = r.chance(returnChance)
      ? {
          source: r.chance(0.7) ? 'client' : 'practitioner',
          on: addDays(closedAt, -r.int(0, Math.min(5, supportDays))),
        }
      : null;
    const atExit = fromModules(
      closedAt,
      (m) => m.synthetic?.atExit?.({ ...moment(m.key), closedAt: closed, outcome }) ?? {},
      returnedExit,
    );
    if (returnedExit) {
      add(
        'core.client_exit',
        returnedExit.source,
        clientExit(r, profile, outcome, clientIntakeAnswers),
        returnedExit.on,
      );
      for (const d of atExit.client) add(d.formKey, returnedExit.source, d.answers, returnedExit.on);
    }
    for (const d of atExit.practitioner) add(d.formKey, 'practitioner', d.answers, closedAt);
    if (active('children', closedAt)) {
      for (const child of childrenAtIntake) {
        if (child.age < 8 || !r.chance(heard.has(child.ref) ? CHILD_EXIT_RETURN : 0.08)) continue;
        childResponses.push({
          childRef: child.ref,
          formKey: voiceForm(child.age, 'exit'),
          answers: childVoiceExit(r, child.age, outcome.stopped),
          submittedOn: closedAt,
        });
      }
      if (youngPerson && youngPersonHeard && r.chance(CHILD_EXIT_RETURN)) {
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

  // Reviews and follow-ups draw from a stream of their own: the rest of the case stays as it was.
  const later = r.fork('over-time');
  const trajectory = closedOutcome ?? drawOutcome(later, profile, supportDays);
  // the modules' review answers too, each module from its own: installing one changes no other's
  const laterStreams = new Map(withHooks.map((m) => [m.key, later.fork(`module-${m.key}`)]));
  const reviews: SynthResponse[] = [];
  const safetyBefore = typeof clientIntakeAnswers?.safety_now === 'number' ? clientIntakeAnswers.safety_now : 4;
  for (const [i, on] of reviewDates(later, openedAt, closedAt ?? today).entries()) {
    const progress = Math.min(1, daysBetween(openedAt, on) / supportDays);
    const review = (formKey: string, source: SynthResponse['source'], answers: Answers) =>
      reviews.push(responseOf(formKey, source, answers, on, i + 1));
    review('core.review', 'practitioner', coreReview(later, profile, trajectory, on, progress));
    const returnedReview: Returned = later.chance(CLIENT_REVIEW_RETURN) ? { source: 'client', on } : null;
    if (returnedReview) {
      review('core.client_review', 'client', clientReview(later, profile, trajectory, safetyBefore, progress));
    }
    const atReview = fromModules(
      on,
      (m) =>
        m.synthetic?.atReview?.({
          ...moment(m.key),
          random: laterStreams.get(m.key) as Random,
          reviewedAt: on,
          occasion: i + 1,
          progress,
          outcome: trajectory,
        }) ?? {},
      returnedReview,
    );
    for (const d of atReview.practitioner) review(d.formKey, 'practitioner', d.answers);
    for (const d of atReview.client) review(d.formKey, 'client', d.answers);
  }
  // in the order a service records them: reviews before the exit forms
  responses.splice(beforeExit, 0, ...reviews);
  let followUp: SynthCase['followUp'];
  if (closedAt && closedOutcome) {
    const after = followUpAfterClosure(later, profile, closedOutcome, closedAt, today);
    followUp = after.followUp;
    for (const { occasion, answers, on } of after.answers) {
      add('core.client_follow_up', 'client', answers, on, occasion);
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
    childResponses,
    ...(followUp ? { followUp } : {}),
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
  modules: readonly ModuleDefinition[];
};

/** The service's cases, in the order they were opened. */
export function* generateCases({
  census,
  service,
  period,
  today,
  random,
  modules,
}: GenerateCasesOptions): Generator<SynthCase> {
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
        modules,
      });
    }
  }
}

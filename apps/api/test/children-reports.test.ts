/**
 * The report's children's figures through HTTP: each child's own questionnaire beside their
 * parent's outcomes for the same cases, checked against figures computed here by hand; children's
 * counts below the national threshold hidden in a service's own report; young people's figures
 * benchmarked among young people's services only.
 */
import { examples as core } from '@harbour/module-core';
import { activateModules, buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
const cookies: Record<string, string> = {};
let family: string;
let small: string;
let youthA: string;
let youthB: string;
let lapsed: string;
const workers: Record<string, string> = {};

const PERIOD = 'from=2025-04-01&to=2026-03-31';

type Figure = {
  key: string;
  value: number | null;
  numerator?: number;
  denominator?: number;
  suppressed?: true;
  benchmark?: { label: string; value: number | null; numerator?: number; denominator?: number };
};
type Report = { disclosureThreshold: number; sections: { key: string; figures: Figure[] }[] };

const figure = (report: Report, section: string, key: string) =>
  report.sections.find((s) => s.key === section)?.figures.find((x) => x.key === key) as Figure;

/** One child's own questionnaires: at intake and at exit (either may be missing), by age band. */
type Child = { ref: string; band: '8_12' | '13_18'; intake?: Record<string, string>; exit?: Record<string, string> };
/** A closed case of a parent: whether the abuse stopped and whether they feel safer, and their children. */
type ParentCase = { stopped: boolean; feelsSafer: 'safer' | 'same' | 'less_safe'; children: Child[] };

let caseCount = 0;

async function insertCase(
  serviceId: string,
  parent: ParentCase,
  options: { consent?: boolean; youngPerson?: Record<string, Record<string, unknown>> } = {},
) {
  caseCount += 1;
  const { id } = await t.owner
    .insertInto('cases')
    .values({
      service_id: serviceId,
      worker_id: workers[serviceId] as string,
      opened_at: '2025-05-01',
      closed_at: '2025-11-01',
      status: 'closed',
      consent_research: options.consent ?? true,
      reference: `R-${caseCount}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const response = (form_key: string, answers: object) => ({
    service_id: serviceId,
    case_id: id,
    form_key,
    module_key: form_key.split('.')[0] as string,
    form_version: 1,
    status: 'submitted' as const,
    source: 'practitioner' as const,
    answers: JSON.stringify(answers),
    submitted_at: new Date('2025-11-01T10:00:00Z'),
  });
  const none = {
    abuse_sexual: 'none',
    abuse_harassment_stalking: 'none',
    abuse_jealous_controlling: 'none',
    abuse_economic: 'none',
  };
  await t.owner
    .insertInto('responses')
    .values([
      response('core.intake', { ...core['core.intake'], ...none, abuse_physical: 'high', referral_date: '2025-05-01' }),
      response('core.exit', {
        exit_date: '2025-11-01',
        closure_reason: 'planned',
        ...none,
        abuse_physical: parent.stopped ? 'none' : 'standard',
        feels_safer: parent.feelsSafer,
      }),
      response('children.intake', {
        children: parent.children.map((c) => ({ child_ref: c.ref, age: c.band === '8_12' ? 9 : 14 })),
      }),
      ...Object.entries(options.youngPerson ?? {}).map(([form, answers]) => response(form, answers)),
    ])
    .execute();
  const childResponses = parent.children.flatMap((child) =>
    (['intake', 'exit'] as const).flatMap((stage) => {
      const answers = child[stage];
      if (!answers) return [];
      return [
        {
          service_id: serviceId,
          case_id: id,
          child_ref: child.ref,
          form_key: `children.voice_${child.band}_${stage}`,
          module_key: 'children',
          form_version: 1,
          source: 'client' as const,
          answers: JSON.stringify(answers),
          submitted_at: new Date('2025-11-01T10:00:00Z'),
        },
      ];
    }),
  );
  if (childResponses.length > 0) await t.owner.insertInto('child_responses').values(childResponses).execute();
}

/** The family service's closed cases: who answered at both points, and what their parents said. */
const safer = (feels_safer: string, safe_at_home = 'safe'): Child['exit'] => ({ feels_safer, safe_at_home });
const ONE_OF_EACH: ParentCase[] = [
  // two children answered at both points, one case
  {
    stopped: true,
    feelsSafer: 'safer',
    children: [
      { ref: 'C1', band: '8_12', intake: { safe_at_home: 'not_safe' }, exit: safer('safer') },
      { ref: 'C2', band: '13_18', intake: { safe_at_home: 'sometimes_safe' }, exit: safer('much_safer') },
    ],
  },
  {
    stopped: true,
    feelsSafer: 'safer',
    children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'not_safe' }, exit: safer('safer') }],
  },
  {
    stopped: true,
    feelsSafer: 'same',
    children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'safe' }, exit: safer('same') }],
  },
  {
    stopped: false,
    feelsSafer: 'same',
    children: [
      { ref: 'C1', band: '13_18', intake: { safe_at_home: 'not_safe' }, exit: safer('less_safe', 'not_safe') },
    ],
  },
  {
    stopped: true,
    feelsSafer: 'safer',
    children: [{ ref: 'C1', band: '13_18', intake: { safe_at_home: 'sometimes_safe' }, exit: safer('safer') }],
  },
  {
    stopped: false,
    feelsSafer: 'safer',
    children: [
      { ref: 'C1', band: '8_12', intake: { safe_at_home: 'not_safe' }, exit: safer('same', 'sometimes_safe') },
    ],
  },
  {
    stopped: true,
    feelsSafer: 'safer',
    children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'sometimes_safe' }, exit: safer('safer') }],
  },
  {
    stopped: true,
    feelsSafer: 'less_safe',
    children: [{ ref: 'C1', band: '13_18', intake: { safe_at_home: 'not_safe' }, exit: safer('safer') }],
  },
  {
    stopped: true,
    feelsSafer: 'safer',
    children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'safe' }, exit: safer('much_safer') }],
  },
  {
    stopped: false,
    feelsSafer: 'same',
    children: [{ ref: 'C1', band: '13_18', intake: { safe_at_home: 'not_safe' }, exit: safer('safer') }],
  },
  {
    stopped: true,
    feelsSafer: 'safer',
    children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'not_safe' }, exit: safer('safer') }],
  },
  // answered at both points, but did not say whether they feel safer
  {
    stopped: true,
    feelsSafer: 'safer',
    children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'safe' }, exit: { safe_at_home: 'safe' } }],
  },
  // only at intake, or only at exit: not among the children at both points, nor their parents
  {
    stopped: false,
    feelsSafer: 'less_safe',
    children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'not_safe' } }],
  },
  { stopped: false, feelsSafer: 'same', children: [{ ref: 'C1', band: '13_18', exit: safer('safer') }] },
  // no child answered
  { stopped: false, feelsSafer: 'less_safe', children: [{ ref: 'C1', band: '8_12' }] },
  { stopped: true, feelsSafer: 'same', children: [] },
];
// twice over, so that the counts reach the national threshold (10) that children's figures use
const FAMILY = [...ONE_OF_EACH, ...ONE_OF_EACH];

/** The figures worked out by hand from FAMILY, as the report definitions say. */
function byHand() {
  const paired = FAMILY.flatMap((parent) => parent.children.filter((c) => c.intake && c.exit));
  const saferKnown = paired.filter((c) => c.exit?.feels_safer !== undefined);
  const feelsSafer = saferKnown.filter((c) => ['much_safer', 'safer'].includes(c.exit?.feels_safer as string));
  const unsafeAtIntake = paired.filter((c) =>
    ['not_safe', 'sometimes_safe'].includes(c.intake?.safe_at_home as string),
  );
  const safeByExit = unsafeAtIntake.filter((c) => c.exit?.safe_at_home === 'safe');
  const sameCases = FAMILY.filter((parent) => parent.children.some((c) => c.intake && c.exit));
  return {
    children: { numerator: feelsSafer.length, denominator: saferKnown.length },
    safeAtHome: { numerator: safeByExit.length, denominator: unsafeAtIntake.length },
    parentStopped: { numerator: sameCases.filter((p) => p.stopped).length, denominator: sameCases.length },
    parentSafer: { numerator: sameCases.filter((p) => p.feelsSafer === 'safer').length, denominator: sameCases.length },
    allParentsStopped: { numerator: FAMILY.filter((p) => p.stopped).length, denominator: FAMILY.length },
  };
}

const percent = ({ numerator, denominator }: { numerator: number; denominator: number }) =>
  Math.round((1000 * numerator) / denominator) / 10;

async function report(who: string): Promise<Report> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/service?${PERIOD}&format=json`,
    headers: { cookie: cookies[who] as string },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Report;
}

beforeAll(async () => {
  t = await buildTestApp();
  family = await seedService(t.owner, 'Riverside Family Service', { sharesNationalDataset: true });
  small = await seedService(t.owner, 'Hillside Family Service', { sharesNationalDataset: true });
  youthA = await seedService(t.owner, 'Riverside Young People', { sharesNationalDataset: true });
  youthB = await seedService(t.owner, 'Hillside Young People', { sharesNationalDataset: true });
  // had the young people's module, but not in the report's period
  lapsed = await seedService(t.owner, 'Valley Idva Service', { sharesNationalDataset: true });
  for (const serviceId of [family, small]) await activateModules(t.owner, serviceId, ['children'], '2025-01-01');
  for (const serviceId of [youthA, youthB]) {
    await activateModules(t.owner, serviceId, ['children', 'young-people'], '2025-01-01');
  }
  await t.owner
    .insertInto('service_modules')
    .values({ service_id: lapsed, module_key: 'young-people', active_from: '2023-01-01', active_to: '2023-12-31' })
    .execute();
  for (const [name, serviceId] of Object.entries({ family, small, youthA, youthB, lapsed })) {
    const worker = await seedUser(t.owner, { email: `${name}-worker@example.org`, serviceId, role: 'practitioner' });
    workers[serviceId] = worker;
    await seedUser(t.owner, { email: `${name}@example.org`, serviceId, role: 'manager' });
    cookies[name] = await login(t.app, `${name}@example.org`);
  }
  for (const parent of FAMILY) await insertCase(family, parent);
  // seven cases of one child each: above the service threshold (5), below the national one (10)
  for (let i = 0; i < 7; i++) {
    await insertCase(small, {
      stopped: true,
      feelsSafer: 'safer',
      children: [{ ref: 'C1', band: '8_12', intake: { safe_at_home: 'not_safe' }, exit: safer('safer') }],
    });
  }
}, 90_000);
afterAll(async () => t.close());

test("children's own outcomes beside their parent's, for the same cases, equal the figures worked out by hand", async () => {
  const expected = byHand();
  // the hand count: 26 children at both points, 24 of them said whether they feel safer
  expect(expected.children).toEqual({ numerator: 18, denominator: 24 });
  expect(expected.parentStopped).toEqual({ numerator: 18, denominator: 24 });
  const r = await report('family');
  for (const [key, counts] of [
    ['child_voice_feels_safer', expected.children],
    ['child_voice_parent_all_abuse_stopped', expected.parentStopped],
    ['child_voice_parent_feels_safer', expected.parentSafer],
  ] as const) {
    expect(figure(r, 'children_voice', key)).toMatchObject({ ...counts, value: percent(counts) });
  }
  // the children who were not safe, or only sometimes safe, at home at intake
  expect(expected.safeAtHome).toEqual({ numerator: 16, denominator: 20 });
  expect(figure(r, 'children_voice', 'child_voice_safe_at_home')).toMatchObject({
    ...expected.safeAtHome,
    value: percent(expected.safeAtHome),
  });
  // and the same outcome over all the service's parents differs: the same-cases figure is not it
  expect(figure(r, 'outcomes', 'all_abuse_stopped')).toMatchObject(expected.allParentsStopped);
});

test("children's counts below 10 are hidden in a service's own report; its other counts at 5 are not", async () => {
  const r = await report('small');
  expect(r.disclosureThreshold).toBe(5);
  expect(figure(r, 'headline', 'cases_closed')).toMatchObject({ value: 7 });
  expect(figure(r, 'children_module', 'children_recorded')).toMatchObject({ value: null, suppressed: true });
  expect(figure(r, 'children_voice', 'child_voice_feels_safer')).toMatchObject({ value: null, suppressed: true });
  expect(figure(r, 'children_voice', 'child_voice_feels_safer').numerator).toBeUndefined();
  // the parents of those 7 children are the same 7 cases: hidden with them
  expect(figure(r, 'children_voice', 'child_voice_parent_feels_safer')).toMatchObject({
    value: null,
    suppressed: true,
  });
});

test("a young people's service's figures are benchmarked among young people's services only", async () => {
  const youngPerson = (stopped: 'yes' | 'no') => ({
    'young-people.intake': { abuse_contexts: ['own_relationship'], education_status: 'attending' },
    'young-people.exit': { education_status: 'attending', abuse_stopped: stopped },
  });
  const plain: ParentCase = { stopped: true, feelsSafer: 'safer', children: [] };
  const cases: [string, 'yes' | 'no', boolean][] = [
    ...Array.from({ length: 6 }, (_, i): [string, 'yes' | 'no', boolean] => [youthA, i < 5 ? 'yes' : 'no', true]),
    ...Array.from({ length: 8 }, (_, i): [string, 'yes' | 'no', boolean] => [youthB, i < 6 ? 'yes' : 'no', true]),
    // not in the national dataset: the client did not agree
    [youthB, 'no', false],
    // a service whose young people's module had ended before the period
    ...Array.from({ length: 10 }, (): [string, 'yes' | 'no', boolean] => [lapsed, 'no', true]),
  ];
  for (const [service, stopped, consent] of cases) {
    await insertCase(service, plain, { consent, youngPerson: youngPerson(stopped) });
  }
  const r = await report('youthA');
  // a young people's service counts children throughout: the national threshold
  expect(r.disclosureThreshold).toBe(10);
  const stopped = figure(r, 'young_people_outcomes', 'yp_abuse_stopped');
  expect(stopped).toMatchObject({ value: null, suppressed: true });
  // by hand: 5 of 6 at Riverside and 6 of 8 at Hillside, consenting, young people's services in the period
  expect(stopped.benchmark).toMatchObject({
    label: 'National, services with the Young people module',
    numerator: 11,
    denominator: 14,
    value: 78.6,
  });
});

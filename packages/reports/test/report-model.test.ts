import { createDb, type Db } from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import { buildReportModel, type Figure, type ReportModel } from '@harbour/reports';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { expectedServiceA } from './expected-service-a';
import { type Fixture, insertFixture, PERIOD } from './fixture';
import { testModules } from './test-modules';

let t: TestDatabase;
let db: Db;
let f: Fixture;
let model: ReportModel;

const figure = (m: ReportModel, section: string, key: string): Figure => {
  const found = m.sections.find((s) => s.key === section)?.figures.find((x) => x.key === key);
  if (!found) throw new Error(`no figure ${section}.${key}`);
  return found;
};
const numbers = ({ value, numerator, denominator, ci95, suppressed, suppression }: Figure) => ({
  value,
  ...(numerator !== undefined ? { numerator } : {}),
  ...(denominator !== undefined ? { denominator } : {}),
  ...(ci95 ? { ci95 } : {}),
  ...(suppressed ? { suppressed, suppression } : {}),
});

const serviceReport = (options: { period?: { from: string; to: string }; filters?: object; actor?: object } = {}) =>
  buildReportModel(db, {
    scope: { kind: 'service', serviceId: f.serviceA },
    period: options.period ?? PERIOD,
    filters: options.filters ?? {},
    modules: testModules,
    actor: { userId: f.users.MA, role: 'manager', ...options.actor },
    now: new Date('2026-04-02T09:00:00Z'),
  });

beforeAll(async () => {
  t = await createTestDatabase();
  f = await insertFixture(t.owner);
  db = createDb({ url: t.apiUrl, max: 4 });
  model = await serviceReport();
});

afterAll(async () => {
  await db.destroy();
  await t.drop();
});

describe('shared definitions', () => {
  it('stay the same however many reports are built, even with a module reusing a core section key', async () => {
    // The registry refuses such a module at start-up (module-specs.test.ts); the report model
    // must not be the thing that breaks when one gets through: it builds from copies.
    const [mentalHealth, ...others] = testModules as [ModuleDefinition, ...ModuleDefinition[]];
    const clashing: ModuleDefinition = {
      ...mentalHealth,
      report: [
        {
          key: 'children',
          title: 'Clashing',
          figures: [
            {
              kind: 'distribution',
              key: 'mh_support_share',
              label: 'Current support',
              form: 'mental-health.intake',
              field: 'mh_current_support',
              population: 'opened',
            },
          ],
        },
      ],
    };
    const build = () =>
      buildReportModel(db, {
        scope: { kind: 'service', serviceId: f.serviceA },
        period: PERIOD,
        filters: {},
        modules: [clashing, ...others],
        actor: { userId: f.users.MA, role: 'manager' },
        now: new Date('2026-04-02T09:00:00Z'),
      });
    const first = await build();
    const clash = first.sections.filter((s) => s.key === 'children')[1];
    expect(clash?.figures.map((x) => x.key)).toEqual(['mh_support_share_false', 'mh_support_share_true']);
    const second = await build();
    const third = await build();
    const coreChildren = (m: ReportModel) => m.sections.filter((s) => s.key === 'children')[0]?.figures.length;
    expect(coreChildren(second)).toBe(coreChildren(first));
    expect(coreChildren(third)).toBe(coreChildren(first));
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    // and the ordinary report is unchanged by the ones before it
    expect(await serviceReport()).toEqual(model);
  });
});

describe('the report model of a service', () => {
  it('has the sections of docs/data-dictionary.md in order, with only the modules active in the period', () => {
    // mental-health is active from 2025-06-01; migration only from 2026-06-01; children never.
    expect(model.sections.map((s) => s.key)).toEqual([
      'headline',
      'referrals',
      'demographics',
      'risk',
      'needs',
      'children',
      'time_to_help',
      'support',
      'outcomes',
      'client_voice',
      'so_what',
      'caseload',
      'sustained_safety',
      'interim_outcomes',
      'lost_contact',
      'response_rates',
      'completeness',
      'mental_health',
    ]);
    expect(model.scope).toEqual({ kind: 'service', serviceId: f.serviceA, name: 'Harbour North' });
    expect(model.period).toEqual(PERIOD);
    expect(model.generatedAt).toBe('2026-04-02T09:00:00.000Z');
    expect(model.disclosureThreshold).toBe(5);
  });

  it.each(Object.keys(expectedServiceA))('matches the hand working for every figure of %s', (section) => {
    const expected = expectedServiceA[section] ?? {};
    const actual = model.sections.find((s) => s.key === section)?.figures ?? [];
    expect(actual.map((x) => x.key).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.fromEntries(actual.map((x) => [x.key, numbers(x)]))).toEqual(expected);
  });

  it('counts caseload per worker against the safe caseload prorated by FTE and period', () => {
    // Open at any time in the period. A1: P1–P12, D1, O1–O3 = 16; A2: H1–H6 = 6; A3: S1–S2 = 2.
    // Safe caseload 10 a year per FTE × 365/365 days: A1 1.0 → 10, A2 0.5 → 5, A3 1.0 → 10.
    const caseload = model.sections.find((s) => s.key === 'caseload')?.figures ?? [];
    const byWorker = Object.fromEntries(
      caseload.map((x) => [x.key, [x.value, x.benchmark?.value, x.flag?.gap ?? null, x.suppressed ?? false]]),
    );
    expect(byWorker).toEqual({
      [`caseload_${f.users.A1}`]: [16, 10, 6, false],
      [`caseload_${f.users.A2}`]: [6, 5, 1, false],
      [`caseload_${f.users.A3}`]: [2, 10, null, false],
    });
    expect(figure(model, 'caseload', `caseload_${f.users.A1}`).flag?.kind).toBe('over_safe_caseload');
  });

  it('puts the national rate beside referrals and outcomes, controlled at k = 10', () => {
    // National dataset: sharing services' consenting clients. Opened with an intake: P1–P12,
    // H1–H6 (S1–S2 did not consent), B1–B40 = 58. Marac 30 (B1–B30), police 22, health 6.
    const bench = (section: string, key: string) => figure(model, section, key).benchmark;
    expect(bench('referrals', 'referral_marac')).toMatchObject({
      source: 'national',
      value: 51.7,
      numerator: 30,
      denominator: 58,
      ci95: [39.2, 64.1],
    });
    expect(bench('referrals', 'referral_health')).toMatchObject({ value: null, suppressed: true }); // 6 < 10
    expect(bench('referrals', 'referral_police')).toMatchObject({ value: null, suppression: 'secondary' });
    expect(bench('referrals', 'referral_housing')).toMatchObject({ value: 0, numerator: 0, ci95: [0, 6.2] });
    // Service A: marac 0/20, upper bound 16.1% < 51.7%: flagged, 51.7 points below.
    expect(figure(model, 'referrals', 'referral_marac').flag).toMatchObject({ kind: 'below_national', gap: 51.7 });
    expect(figure(model, 'referrals', 'referral_police').flag).toBeUndefined();
    // Matched and consenting: A's 13 + B1–B20 = 33.
    expect(bench('outcomes', 'abuse_stopped_physical')).toMatchObject({
      value: 100,
      numerator: 33,
      denominator: 33,
      ci95: [89.6, 100],
    });
    expect(bench('outcomes', 'all_abuse_stopped')).toMatchObject({
      value: 93.9,
      numerator: 31,
      denominator: 33,
      ci95: [80.4, 98.3],
    });
    expect(bench('outcomes', 'risk_reduced')).toMatchObject({ value: 93.9, numerator: 31, denominator: 33 });
    expect(bench('outcomes', 'feels_safer')).toMatchObject({
      value: 96.9,
      numerator: 31,
      denominator: 32,
      ci95: [84.3, 99.4],
    });
    expect(bench('outcomes', 'wellbeing_improved')).toMatchObject({ value: 93.9, numerator: 31, denominator: 33 });
    expect(bench('outcomes', 'abuse_stopped_jealous_controlling')).toMatchObject({ value: null, suppressed: true });
    expect(bench('outcomes', 'quality_of_life_improved')).toEqual({
      source: 'national',
      label: 'National',
      value: null,
      denominator: 28, // A's 8 known + B's 20 "no"; the 8 yes are hidden
      suppressed: true,
      suppression: 'primary',
    });
    expect(bench('client_voice', 'safety_change')).toMatchObject({ value: null, suppressed: true }); // n = 6 < 10
  });

  it('compares sex and age with the people who experience abuse locally, and beside it the national dataset', () => {
    // All clients live in Birmingham (E08000025). Expected victims = TS009 residents of each sex
    // and band × CSEW prevalence (women 16–19 10.5%, 20–24 9.6%, else 6.9%; men 6.9%, 5.5%, else
    // 3.0%): 25,016 of 135,270 expected are 50–64 (18.5%), 21,045 are 65+ (15.6%), 93,323 women
    // (69.0%, as the ONS's "about 69% women"). P(X ≤ 0 | 20, π) = (1 − π)^20: 0.0167 and 0.0340,
    // both below 0.05: flagged against this comparator, which the flag names.
    expect(figure(model, 'demographics', 'age_50_64').benchmark).toMatchObject({
      source: 'abuse_profile',
      label: 'People experiencing domestic abuse locally (Census 2021 × CSEW)',
      value: 18.5,
      pValue: 0.0167,
    });
    expect(figure(model, 'demographics', 'age_50_64').flag).toMatchObject({ kind: 'under_represented', gap: 18.5 });
    expect(figure(model, 'demographics', 'age_50_64').flag?.message).toContain('people experiencing domestic abuse');
    expect(figure(model, 'demographics', 'age_65_plus').benchmark).toMatchObject({ value: 15.6, pValue: 0.034 });
    expect(figure(model, 'demographics', 'age_65_plus').flag?.kind).toBe('under_represented');
    expect(figure(model, 'demographics', 'gender_female').benchmark).toMatchObject({
      source: 'abuse_profile',
      value: 69,
    });
    expect(figure(model, 'demographics', 'gender_male').benchmark).toMatchObject({
      source: 'abuse_profile',
      value: 31,
    });
    // National dataset (consenting clients of sharing services): A's P1–P12 and H1–H6 and B's 40,
    // all women; 6 aged 40 (hidden at k = 10), so the 52 aged 30 are hidden to protect them.
    expect(figure(model, 'demographics', 'gender_female').comparison).toMatchObject({
      source: 'national',
      value: 100,
      numerator: 58,
      denominator: 58,
    });
    expect(figure(model, 'demographics', 'age_25_34').comparison).toMatchObject({
      source: 'national',
      suppression: 'secondary',
      denominator: 58,
    });
  });

  it('compares ethnicity, disability and sexual orientation with the Census population of where clients live', () => {
    // White (TS021) 556,608 / 1,144,922 = 48.6%; 12 of 20 → P(X ≤ 12) = 0.893: not flagged.
    expect(figure(model, 'demographics', 'ethnicity_white').benchmark).toMatchObject({ value: 48.6, pValue: 0.893 });
    expect(figure(model, 'demographics', 'ethnicity_white').flag).toBeUndefined();
    expect(figure(model, 'demographics', 'ethnicity_asian').benchmark).toEqual({
      source: 'census',
      label: 'Local population (Census 2021)',
      value: 31, // 355,384 / 1,144,922; hidden figures get no test
    });
    expect(figure(model, 'demographics', 'disabled').benchmark).toMatchObject({ value: 17.3, pValue: 0.956 }); // TS038 198,064 / 1,144,919
    expect(figure(model, 'demographics', 'sexual_orientation_gay_lesbian').benchmark?.value).toBe(1.5); // 11,968 / (889,624 − 83,766)
  });

  it('counts opened, closed and open cases by their own dates (period semantics)', async () => {
    // December 2025: nothing opened; P1–P11 closed on 2025-12-01; open at any time: P1–P12,
    // H1–H6, S1–S2, D1 = 21. Matched: P1–P10, all abuse stopped for P1–P8.
    const december = await serviceReport({ period: { from: '2025-12-01', to: '2025-12-31' } });
    expect(figure(december, 'headline', 'cases_opened').value).toBe(0);
    expect(figure(december, 'headline', 'cases_closed').value).toBe(11);
    expect(figure(december, 'headline', 'cases_open').value).toBe(21);
    expect(numbers(figure(december, 'outcomes', 'all_abuse_stopped'))).toEqual({
      value: 80,
      numerator: 8,
      denominator: 10,
      ci95: [49, 94.3],
    });
    // 31 days: A1 has P1–P12 and D1 = 13 open against a safe caseload of 10 × 31/365 = 0.8.
    expect(figure(december, 'caseload', `caseload_${f.users.A1}`)).toMatchObject({
      value: 13,
      benchmark: { value: 0.8 },
    });
  });

  it('filters by practitioner role and by worker', async () => {
    // idva: A1 and A2's cases. Opened: P1–P12, H1–H6, D1 = 19; with intake 18: self_family 0.
    const idva = await serviceReport({ filters: { practitionerRole: 'idva' } });
    expect(figure(idva, 'headline', 'cases_opened').value).toBe(19);
    expect(numbers(figure(idva, 'referrals', 'referral_self_family'))).toMatchObject({
      value: 0,
      numerator: 0,
      denominator: 18,
    });
    expect(idva.filters).toEqual({ practitionerRole: 'idva' });
    // Worker A2: H1–H6, all medium risk, none closed in the period.
    const a2 = await serviceReport({ filters: { workerId: f.users.A2 } });
    expect(figure(a2, 'headline', 'cases_opened').value).toBe(6);
    expect(numbers(figure(a2, 'headline', 'high_risk'))).toEqual({
      value: 0,
      numerator: 0,
      denominator: 6,
      ci95: [0, 39],
    });
    expect(figure(a2, 'headline', 'cases_closed').value).toBe(0);
    expect(a2.sections.find((s) => s.key === 'caseload')?.figures.map((x) => x.key)).toEqual([
      `caseload_${f.users.A2}`,
    ]);
  });

  it('lets row-level security keep a practitioner to their own caseload', async () => {
    const own = await serviceReport({ actor: { userId: f.users.A2, role: 'practitioner' } });
    expect(figure(own, 'headline', 'cases_opened').value).toBe(6);
    expect(figure(own, 'headline', 'cases_open').value).toBe(6);
  });

  it('adds a module section when the module is active in the period', async () => {
    // From 2026-06-01 migration is active too; no case is opened or closed then.
    const later = await serviceReport({ period: { from: '2026-06-01', to: '2026-12-31' } });
    expect(later.sections.map((s) => s.key).slice(-3)).toEqual(['completeness', 'mental_health', 'migration']);
    expect(numbers(figure(later, 'migration', 'migration_nrpf'))).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
    });
  });

  it('counts per child for item figures (children module)', async () => {
    // Service B gets the children module and twelve intakes with one child each: B1–B10 directly
    // harmed, B1–B6 with their voice recorded.
    await t.owner
      .insertInto('service_modules')
      .values({ service_id: f.serviceB, module_key: 'children', active_from: '2025-01-01', active_to: null })
      .execute();
    for (let n = 1; n <= 12; n += 1) {
      await t.owner
        .insertInto('responses')
        .values({
          service_id: f.serviceB,
          case_id: f.caseIds[`B${n}`] as string,
          form_key: 'children.intake',
          module_key: 'children',
          form_version: 1,
          status: 'submitted',
          source: 'practitioner',
          answers: JSON.stringify({
            children: [{ child_ref: 'C1', directly_harmed: n <= 10, voice_of_child_recorded: n <= 6 }],
          }),
          scores: '{}',
          sealed: '{}',
          submitted_at: new Date(),
        })
        .execute();
    }
    const b = await buildReportModel(db, {
      scope: { kind: 'service', serviceId: f.serviceB },
      period: PERIOD,
      modules: testModules,
      actor: { userId: f.users.MB, role: 'manager' },
    });
    expect(figure(b, 'children_module', 'children_recorded').value).toBe(12);
    expect(numbers(figure(b, 'children_module', 'children_directly_harmed'))).toEqual({
      value: 83.3,
      numerator: 10,
      denominator: 12,
      ci95: [55.2, 95.3],
    });
    // 6 children: below the national threshold, which children's counts use even in a service report
    expect(figure(b, 'children_module', 'children_voice_recorded')).toMatchObject({
      value: null,
      suppressed: true,
      denominator: 12,
    });
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(serviceReport({ period: { from: '2026-01-02', to: '2026-01-01' } })).rejects.toThrow(
      'from must not be after to',
    );
  });
});

describe('the national report', () => {
  let national: ReportModel;
  beforeAll(async () => {
    national = await buildReportModel(db, {
      scope: { kind: 'national' },
      period: PERIOD,
      modules: testModules,
      actor: { userId: f.users.R, role: 'researcher' },
    });
  });

  it('counts the consenting clients of sharing services', () => {
    // Opened in the period, consenting: P1–P12, H1–H6, B1–B40 = 58 (S1–S2 declined, D1 unknown).
    expect(figure(national, 'headline', 'cases_opened').value).toBe(58);
    expect(numbers(figure(national, 'referrals', 'referral_marac'))).toEqual({
      value: 51.7,
      numerator: 30,
      denominator: 58,
      ci95: [39.2, 64.1],
    });
    expect(national.disclosureThreshold).toBe(10);
    expect(national.sections.find((s) => s.key === 'caseload')?.figures).toEqual([]);
  });

  it('never shows a count below 10', () => {
    for (const section of national.sections) {
      for (const x of section.figures) {
        for (const n of [x.unit === 'count' ? x.value : null, x.numerator, x.denominator]) {
          if (typeof n === 'number') expect(n === 0 || n >= 10).toBe(true);
        }
      }
    }
  });
});

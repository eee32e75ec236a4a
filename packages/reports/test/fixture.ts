/**
 * Hand-made cases for the report tests. Service A ("Harbour North", k = 5, safe caseload 10 a
 * year per FTE) and service B ("Harbour South"), both sharing with the national dataset.
 * Report period: 2025-04-01 to 2026-03-31 (365 days). Every client lives in Birmingham
 * (E08000025). The groups below are what the hand working in report-model.test.ts counts.
 *
 * Service A
 *  P1–P12  worker A1 (idva, 1.0 FTE), opened 2025-05-01, consent true. Intake: police referral,
 *          female, 30, white_british, not disabled, heterosexual, Dash 16, risk high, Marac
 *          referral, 2 children (child_in_need), physical high, jealous/controlling high, other
 *          abuse none, mental-health need, not living with the perpetrator.
 *          P1–P10 closed 2025-12-01 with a submitted exit: physical none; jealous none (P1–P8)
 *          or standard (P9–P10); other abuse none; risk standard (P1–P6), medium (P7–P8), high
 *          (P9–P10); feels safer (P1–P8), same (P9), not_known (P10); wellbeing yes (P1–P8), no
 *          (P9–P10); quality of life yes (P1–P5), not_known (P6–P10); support safety_planning and
 *          marac (+ housing for P1–P4); 10 contacts; closure planned (P1–P8), lost_contact (P9–P10).
 *          P1–P6 also answered the client questionnaires: safety 3 → 7 (P1–P3) or 8 (P4–P6);
 *          WHO-5 items all 2 (40) → all 3 (60); felt listened to 5 (P1–P5), 2 (P6); would
 *          recommend yes. And the mental-health forms: PHQ-9 15 → 5 (P1–P3), 12 → 9 (P4–P6);
 *          GAD-7 10 → 4; mh_current_support true (P1–P2), false (P3–P6); referred true (P1–P6),
 *          accessed true (P1–P5), false (P6).
 *          P11 closed 2025-12-01 with only a draft exit. P12 stays open.
 *  H1–H6   worker A2 (idva, 0.5 FTE), opened 2025-06-01, consent true. Intake: health_gp,
 *          female, 40, asian_pakistani, disabled, heterosexual, Dash 11, risk medium, no Marac, no
 *          children, jealous/controlling moderate, economic standard, other abuse none, housing
 *          need, living with the perpetrator. H1 closes 2026-05-01 (after the period); others open.
 *  S1–S2   worker A3 (outreach, 1.0 FTE), opened 2025-07-01, consent FALSE. Intake: self
 *          referral, male, 20, black_african, not disabled, bisexual, Dash 5, risk standard, 1
 *          child (social care none), harassment/stalking standard, other abuse none, substance
 *          misuse and alcohol needs, not living with the perpetrator.
 *  D1      worker A1, opened 2025-08-01, only a draft intake, consent unknown.
 *  O1–O3   worker A1, opened 2025-01-10 (before the period), closed 2025-05-01, consent true.
 *          Intake like P but no children, no Marac referral, no mental-health need, jealous none.
 *          Exit: physical none, other abuse none, risk standard, much_safer, wellbeing yes,
 *          quality of life yes, support safety_planning and civil_order, 4 contacts, planned.
 *  E1      worker A1, opened 2024-10-01, closed 2025-03-01 (before the period): in no population.
 *  F1      worker A3, opened 2026-04-15 (after the period): in no population.
 *  Modules: mental-health active from 2025-06-01; migration from 2026-06-01 (after the period);
 *  children never.
 *
 * Service B
 *  B1–B40  worker B1 (idva, 1.0 FTE), opened 2025-06-01, consent true. Intake: marac referral
 *          (B1–B30) or police (B31–B40), female, 30, white_british, risk high, physical high,
 *          other abuse none, no children. B1–B20 closed 2025-12-01 with a submitted exit:
 *          all abuse none, risk medium, safer, wellbeing yes, quality of life no, safety_planning.
 */
import type { Db } from '@harbour/db';

export const PERIOD = { from: '2025-04-01', to: '2026-03-31' };
const BIRMINGHAM = 'E08000025';

type Answers = Record<string, unknown>;
type CaseSpec = {
  service: string;
  worker: string;
  role: string;
  openedAt: string;
  closedAt?: string;
  consent: boolean | null;
  responses: { form: string; module: string; status?: 'draft' | 'submitted'; answers: Answers; scores?: Answers }[];
};

const none5 = {
  abuse_physical: 'none',
  abuse_sexual: 'none',
  abuse_harassment_stalking: 'none',
  abuse_jealous_controlling: 'none',
  abuse_economic: 'none',
};

function intakeAnswers(over: Answers): Answers {
  return {
    referral_date: '2025-05-01',
    consent_research: true,
    gender: 'female',
    age: 30,
    ethnicity: 'white_british',
    disability: 'no',
    sexual_orientation: 'heterosexual',
    local_authority: BIRMINGHAM,
    marac_referral: false,
    children_in_household: 0,
    living_with_perpetrator: false,
    ...none5,
    ...over,
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export type Fixture = {
  serviceA: string;
  serviceB: string;
  users: Record<'A1' | 'A2' | 'A3' | 'MA' | 'B1' | 'MB' | 'R', string>;
  caseIds: Record<string, string>;
};

export async function insertFixture(db: Db): Promise<Fixture> {
  const [a, b] = await db
    .insertInto('services')
    .values([
      {
        name: 'Harbour North',
        kind: 'idva',
        shares_national_dataset: true,
        settings: JSON.stringify({ safeCaseloadPerFte: 10 }),
      },
      { name: 'Harbour South', kind: 'idva', shares_national_dataset: true, settings: JSON.stringify({}) },
    ])
    .returning('id')
    .execute();
  const serviceA = a?.id as string;
  const serviceB = b?.id as string;
  const names = ['A1', 'A2', 'A3', 'MA', 'B1', 'MB', 'R'] as const;
  const userRows = await db
    .insertInto('users')
    .values(
      names.map((n) => ({
        email: `${n.toLowerCase()}@example.org`,
        name: `Worker ${n}`,
        platform_role: n === 'R' ? ('researcher' as const) : null,
      })),
    )
    .returning(['id', 'email'])
    .execute();
  const users = Object.fromEntries(names.map((n, i) => [n, userRows[i]?.id as string])) as Fixture['users'];
  await db
    .insertInto('memberships')
    .values([
      { service_id: serviceA, user_id: users.A1, role: 'practitioner', practitioner_role: 'idva', fte: 1 },
      { service_id: serviceA, user_id: users.A2, role: 'practitioner', practitioner_role: 'idva', fte: 0.5 },
      { service_id: serviceA, user_id: users.A3, role: 'practitioner', practitioner_role: 'outreach', fte: 1 },
      { service_id: serviceA, user_id: users.MA, role: 'manager', practitioner_role: null, fte: 1 },
      { service_id: serviceB, user_id: users.B1, role: 'practitioner', practitioner_role: 'idva', fte: 1 },
      { service_id: serviceB, user_id: users.MB, role: 'manager', practitioner_role: null, fte: 1 },
    ])
    .execute();
  await db
    .insertInto('service_modules')
    .values([
      { service_id: serviceA, module_key: 'mental-health', active_from: '2025-06-01', active_to: null },
      { service_id: serviceA, module_key: 'migration', active_from: '2026-06-01', active_to: null },
    ])
    .execute();

  const cases: Record<string, CaseSpec> = {};
  const A = (worker: 'A1' | 'A2' | 'A3', role: string) => ({ service: serviceA, worker: users[worker], role });

  for (const i of range(12)) {
    const p = i;
    const closed = p <= 11;
    const responses: CaseSpec['responses'] = [
      {
        form: 'core.intake',
        module: 'core',
        answers: intakeAnswers({
          referral_source: 'police',
          dash_score: 16,
          risk_level: 'high',
          marac_referral: true,
          children_in_household: 2,
          children_social_care: 'child_in_need',
          abuse_physical: 'high',
          abuse_jealous_controlling: 'high',
          needs_mental_health: true,
        }),
      },
    ];
    if (p <= 10) {
      responses.push({
        form: 'core.exit',
        module: 'core',
        answers: {
          exit_date: '2025-12-01',
          closure_reason: p <= 8 ? 'planned' : 'lost_contact',
          contacts_count: 10,
          support_provided: p <= 4 ? ['safety_planning', 'marac', 'housing'] : ['safety_planning', 'marac'],
          ...none5,
          abuse_jealous_controlling: p <= 8 ? 'none' : 'standard',
          risk_level: p <= 6 ? 'standard' : p <= 8 ? 'medium' : 'high',
          feels_safer: p <= 8 ? 'safer' : p === 9 ? 'same' : 'not_known',
          wellbeing_improved: p <= 8 ? 'yes' : 'no',
          quality_of_life_improved: p <= 5 ? 'yes' : 'not_known',
          living_with_perpetrator: false,
        },
      });
    }
    if (p === 11) {
      responses.push({ form: 'core.exit', module: 'core', status: 'draft', answers: { closure_reason: 'planned' } });
    }
    if (p <= 6) {
      const who5 = (v: number) => Object.fromEntries(range(5).map((k) => [`who5_${k}`, v]));
      responses.push(
        {
          form: 'core.client_intake',
          module: 'core',
          answers: { safety_now: 3, ...who5(2) },
          scores: { who5_percent: 40 },
        },
        {
          form: 'core.client_exit',
          module: 'core',
          answers: { safety_now: p <= 3 ? 7 : 8, ...who5(3), felt_listened_to: p <= 5 ? 5 : 2, would_recommend: 'yes' },
          scores: { who5_percent: 60 },
        },
        { form: 'mental-health.intake', module: 'mental-health', answers: { mh_current_support: p <= 2 } },
        {
          form: 'mental-health.client_intake',
          module: 'mental-health',
          answers: { phq9_1: 1 },
          scores: { phq9_total: p <= 3 ? 15 : 12, gad7_total: 10 },
        },
        {
          form: 'mental-health.client_exit',
          module: 'mental-health',
          answers: { phq9_1: 0 },
          scores: { phq9_total: p <= 3 ? 5 : 9, gad7_total: 4 },
        },
        { form: 'mental-health.exit', module: 'mental-health', answers: { mh_referred: true, mh_accessed: p <= 5 } },
      );
    }
    cases[`P${p}`] = {
      ...A('A1', 'idva'),
      openedAt: '2025-05-01',
      ...(closed ? { closedAt: '2025-12-01' } : {}),
      consent: true,
      responses,
    };
  }
  for (const h of range(6)) {
    cases[`H${h}`] = {
      ...A('A2', 'idva'),
      openedAt: '2025-06-01',
      ...(h === 1 ? { closedAt: '2026-05-01' } : {}),
      consent: true,
      responses: [
        {
          form: 'core.intake',
          module: 'core',
          answers: intakeAnswers({
            referral_source: 'health_gp',
            age: 40,
            ethnicity: 'asian_pakistani',
            disability: 'yes',
            dash_score: 11,
            risk_level: 'medium',
            abuse_jealous_controlling: 'moderate',
            abuse_economic: 'standard',
            needs_housing: true,
            living_with_perpetrator: true,
          }),
        },
      ],
    };
  }
  for (const s of range(2)) {
    cases[`S${s}`] = {
      ...A('A3', 'outreach'),
      openedAt: '2025-07-01',
      consent: false,
      responses: [
        {
          form: 'core.intake',
          module: 'core',
          answers: intakeAnswers({
            referral_source: 'self',
            consent_research: false,
            gender: 'male',
            age: 20,
            ethnicity: 'black_african',
            sexual_orientation: 'bisexual',
            dash_score: 5,
            risk_level: 'standard',
            children_in_household: 1,
            children_social_care: 'none',
            abuse_harassment_stalking: 'standard',
            needs_substance_misuse: true,
            needs_alcohol: true,
          }),
        },
      ],
    };
  }
  cases.D1 = {
    ...A('A1', 'idva'),
    openedAt: '2025-08-01',
    consent: null,
    responses: [{ form: 'core.intake', module: 'core', status: 'draft', answers: { referral_source: 'police' } }],
  };
  for (const o of range(3)) {
    cases[`O${o}`] = {
      ...A('A1', 'idva'),
      openedAt: '2025-01-10',
      closedAt: '2025-05-01',
      consent: true,
      responses: [
        {
          form: 'core.intake',
          module: 'core',
          answers: intakeAnswers({
            referral_source: 'police',
            dash_score: 16,
            risk_level: 'high',
            abuse_physical: 'high',
          }),
        },
        {
          form: 'core.exit',
          module: 'core',
          answers: {
            exit_date: '2025-05-01',
            closure_reason: 'planned',
            contacts_count: 4,
            support_provided: ['safety_planning', 'civil_order'],
            ...none5,
            risk_level: 'standard',
            feels_safer: 'much_safer',
            wellbeing_improved: 'yes',
            quality_of_life_improved: 'yes',
          },
        },
      ],
    };
  }
  cases.E1 = {
    ...A('A1', 'idva'),
    openedAt: '2024-10-01',
    closedAt: '2025-03-01',
    consent: true,
    responses: [
      {
        form: 'core.intake',
        module: 'core',
        answers: intakeAnswers({ referral_source: 'police', risk_level: 'high' }),
      },
    ],
  };
  cases.F1 = {
    ...A('A3', 'outreach'),
    openedAt: '2026-04-15',
    consent: true,
    responses: [
      {
        form: 'core.intake',
        module: 'core',
        answers: intakeAnswers({ referral_source: 'police', risk_level: 'high' }),
      },
    ],
  };
  for (const n of range(40)) {
    cases[`B${n}`] = {
      service: serviceB,
      worker: users.B1,
      role: 'idva',
      openedAt: '2025-06-01',
      ...(n <= 20 ? { closedAt: '2025-12-01' } : {}),
      consent: true,
      responses: [
        {
          form: 'core.intake',
          module: 'core',
          answers: intakeAnswers({
            referral_source: n <= 30 ? 'marac' : 'police',
            risk_level: 'high',
            abuse_physical: 'high',
          }),
        },
        ...(n <= 20
          ? [
              {
                form: 'core.exit',
                module: 'core',
                answers: {
                  exit_date: '2025-12-01',
                  closure_reason: 'planned',
                  support_provided: ['safety_planning'],
                  ...none5,
                  risk_level: 'medium',
                  feels_safer: 'safer',
                  wellbeing_improved: 'yes',
                  quality_of_life_improved: 'no',
                },
              },
            ]
          : []),
      ],
    };
  }

  const caseIds: Record<string, string> = {};
  for (const [name, spec] of Object.entries(cases)) {
    const row = await db
      .insertInto('cases')
      .values({
        service_id: spec.service,
        worker_id: spec.worker,
        practitioner_role: spec.role as 'idva',
        reference: name,
        opened_at: spec.openedAt,
        closed_at: spec.closedAt ?? null,
        status: spec.closedAt ? 'closed' : 'open',
        consent_research: spec.consent,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    caseIds[name] = row.id;
    if (spec.responses.length > 0) {
      await db
        .insertInto('responses')
        .values(
          spec.responses.map((r) => ({
            service_id: spec.service,
            case_id: row.id,
            form_key: r.form,
            module_key: r.module,
            form_version: 1,
            status: r.status ?? 'submitted',
            source: 'practitioner' as const,
            answers: JSON.stringify(r.answers),
            scores: JSON.stringify(r.scores ?? {}),
            sealed: '{}',
            submitted_at: (r.status ?? 'submitted') === 'submitted' ? new Date('2025-12-01T12:00:00Z') : null,
          })),
        )
        .execute();
    }
  }
  return { serviceA, serviceB, users, caseIds };
}

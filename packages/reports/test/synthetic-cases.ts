/**
 * Small synthetic services for tests that need many cases of one shape (reach, findings,
 * dashboards, projects): a service, its workers, and cases with a submitted intake and, when
 * closed, a submitted exit. Every client lives in Birmingham (E08000025).
 */
import type { Db } from '@harbour/db';

export const BIRMINGHAM = 'E08000025';

type Answers = Record<string, unknown>;

export const NO_ABUSE = {
  abuse_physical: 'none',
  abuse_sexual: 'none',
  abuse_harassment_stalking: 'none',
  abuse_jealous_controlling: 'none',
  abuse_economic: 'none',
};

export function intakeOf(over: Answers = {}): Answers {
  return {
    referral_date: '2025-05-01',
    referral_source: 'police',
    consent_research: true,
    gender: 'female',
    age: 30,
    ethnicity: 'white_british',
    disability: 'no',
    sexual_orientation: 'heterosexual',
    local_authority: BIRMINGHAM,
    marac_referral: false,
    risk_level: 'high',
    children_in_household: 0,
    living_with_perpetrator: false,
    ...NO_ABUSE,
    abuse_physical: 'high',
    ...over,
  };
}

export function exitOf(over: Answers = {}): Answers {
  return {
    exit_date: '2025-12-01',
    closure_reason: 'planned',
    support_provided: ['safety_planning'],
    ...NO_ABUSE,
    risk_level: 'standard',
    feels_safer: 'safer',
    wellbeing_improved: 'yes',
    quality_of_life_improved: 'yes',
    ...over,
  };
}

export type SyntheticService = { serviceId: string; managerId: string; workers: string[] };

let serial = 0;

export async function insertService(
  db: Db,
  options: { name: string; workers: number; practitionerRole?: 'idva' | 'outreach'; shares?: boolean },
): Promise<SyntheticService> {
  const service = await db
    .insertInto('services')
    .values({
      name: options.name,
      kind: 'idva',
      shares_national_dataset: options.shares ?? true,
      settings: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await db
    .insertInto('users')
    .values(
      Array.from({ length: options.workers + 1 }, (_, i) => {
        serial += 1;
        return { email: `synthetic-${serial}@example.org`, name: i === 0 ? 'Manager' : `Worker ${i}` };
      }),
    )
    .returning('id')
    .execute();
  const [manager, ...workers] = people.map((p) => p.id);
  await db
    .insertInto('memberships')
    .values([
      { service_id: service.id, user_id: manager as string, role: 'manager', practitioner_role: null, fte: 1 },
      ...workers.map((id) => ({
        service_id: service.id,
        user_id: id,
        role: 'practitioner' as const,
        practitioner_role: options.practitionerRole ?? ('idva' as const),
        fte: 1,
      })),
    ])
    .execute();
  return { serviceId: service.id, managerId: manager as string, workers };
}

export type SyntheticCase = {
  worker: string;
  role?: 'idva' | 'outreach';
  openedAt: string;
  closedAt?: string;
  consent?: boolean;
  intake?: Answers;
  /** A submitted exit (closed cases); `'draft'` leaves the exit in draft. */
  exit?: Answers | 'draft';
  /** Other submitted forms, e.g. of a module. */
  forms?: { form: string; module: string; answers: Answers }[];
};

/** Inserts the cases and their forms; returns their ids in order. */
export async function insertCases(db: Db, serviceId: string, cases: readonly SyntheticCase[]): Promise<string[]> {
  if (cases.length === 0) return [];
  const rows = await db
    .insertInto('cases')
    .values(
      cases.map((c) => {
        serial += 1;
        return {
          service_id: serviceId,
          worker_id: c.worker,
          practitioner_role: c.role ?? 'idva',
          reference: `SYN-${serial}`,
          opened_at: c.openedAt,
          closed_at: c.closedAt ?? null,
          status: c.closedAt ? ('closed' as const) : ('open' as const),
          consent_research: c.consent ?? true,
        };
      }),
    )
    .returning('id')
    .execute();
  const ids = rows.map((r) => r.id);
  const responses = cases.flatMap((c, i) => {
    const caseId = ids[i] as string;
    const forms: { form: string; module: string; answers: Answers; status: 'submitted' | 'draft' }[] = [
      { form: 'core.intake', module: 'core', answers: c.intake ?? intakeOf(), status: 'submitted' },
      ...(c.forms ?? []).map((f) => ({ ...f, status: 'submitted' as const })),
    ];
    if (c.exit === 'draft') forms.push({ form: 'core.exit', module: 'core', answers: {}, status: 'draft' });
    else if (c.exit) forms.push({ form: 'core.exit', module: 'core', answers: c.exit, status: 'submitted' });
    return forms.map((r) => ({
      service_id: serviceId,
      case_id: caseId,
      form_key: r.form,
      module_key: r.module,
      form_version: 1,
      status: r.status,
      source: 'practitioner' as const,
      answers: JSON.stringify(r.answers),
      scores: '{}',
      sealed: '{}',
      submitted_at: r.status === 'submitted' ? new Date(`${c.openedAt}T12:00:00Z`) : null,
    }));
  });
  for (let i = 0; i < responses.length; i += 500) {
    await db
      .insertInto('responses')
      .values(responses.slice(i, i + 500))
      .execute();
  }
  return ids;
}

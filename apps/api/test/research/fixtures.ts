import type { Db } from '@harbour/db';
import type { Registry } from '@harbour/forms';

export type FixtureCase = {
  serviceId: string;
  workerId: string;
  openedAt: string;
  closedAt?: string;
  consent?: boolean;
  reference?: string;
  forms: Record<string, Record<string, unknown>>;
};

/** A case and its submitted responses, inserted as the owner (past row-level security). */
export async function insertCase(owner: Db, registry: Registry, c: FixtureCase): Promise<string> {
  const row = await owner
    .insertInto('cases')
    .values({
      service_id: c.serviceId,
      worker_id: c.workerId,
      opened_at: c.openedAt,
      closed_at: c.closedAt ?? null,
      status: c.closedAt ? 'closed' : 'open',
      consent_research: c.consent ?? true,
      reference: c.reference ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [formKey, answers] of Object.entries(c.forms)) {
    await owner
      .insertInto('responses')
      .values({
        service_id: c.serviceId,
        case_id: row.id,
        form_key: formKey,
        module_key: formKey.split('.')[0]!,
        form_version: registry.form(formKey)!.version,
        status: 'submitted',
        source: 'practitioner',
        answers: JSON.stringify(answers),
        scores: JSON.stringify(registry.score(formKey, answers)),
        submitted_at: new Date(),
      })
      .execute();
  }
  return row.id;
}

export async function insertService(
  owner: Db,
  name: string,
  sharing: { shares: boolean; from?: string; named?: boolean },
): Promise<string> {
  const row = await owner
    .insertInto('services')
    .values({
      name,
      kind: 'idva',
      local_authority: 'E06000001',
      settings: '{}',
      shares_national_dataset: sharing.shares,
      shares_national_dataset_from: sharing.from ?? null,
      named_in_research: sharing.named ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

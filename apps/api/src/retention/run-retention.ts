import type { Db } from '@harbour/db';
import { sql } from 'kysely';

/** Years a closed case is kept when the service has not set services.settings.retentionYears. */
export const DEFAULT_RETENTION_YEARS = 6;

export type ServiceRetention = {
  serviceId: string;
  retentionYears: number;
  /** Cases closed before this date are deleted. */
  closedBefore: string;
  cases: number;
  responses: number;
  links: number;
  idempotencyKeys: number;
};

export type RetentionReport = { at: string; dryRun: boolean; services: ServiceRetention[] };

/** The last day kept: `years` before `now`, as an ISO date (29 February falls back to the 28th). */
export function retentionCutoff(now: Date, years: number): string {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate()));
  if (cutoff.getUTCMonth() !== now.getUTCMonth()) cutoff.setUTCDate(0);
  return cutoff.toISOString().slice(0, 10);
}

function yearsOf(settings: unknown): number {
  const value = (settings as { retentionYears?: unknown } | null)?.retentionYears;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_RETENTION_YEARS;
}

/**
 * Deletes the cases closed longer ago than each service's retention period, with their
 * responses (sealed answers included), client links and idempotency keys, and appends what it
 * did to that service's audit log — all in one transaction, so a failure deletes nothing.
 * Runs as the database owner, setting each service as the tenant in turn (row-level security
 * applies whether or not the owner bypasses it).
 */
export async function runRetention(owner: Db, options: { now: Date; dryRun?: boolean }): Promise<RetentionReport> {
  const dryRun = options.dryRun ?? false;
  const report: RetentionReport = { at: options.now.toISOString(), dryRun, services: [] };
  await owner.transaction().execute(async (tx) => {
    const services = await tx.selectFrom('services').select(['id', 'settings']).orderBy('id').execute();
    for (const service of services) {
      await sql`select set_config('app.service_id', ${service.id}, true), set_config('app.role', 'retention', true)`.execute(
        tx,
      );
      const retentionYears = yearsOf(service.settings);
      const closedBefore = retentionCutoff(options.now, retentionYears);
      const expired = await tx
        .selectFrom('cases')
        .select('id')
        .where('service_id', '=', service.id)
        .where('status', '=', 'closed')
        .where('closed_at', '<', closedBefore)
        .execute();
      if (expired.length === 0) continue;
      const ids = expired.map((c) => c.id);
      const count = async (table: 'responses' | 'questionnaire_links') =>
        Number(
          (
            await tx
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('service_id', '=', service.id)
              .where('case_id', 'in', ids)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const entry: ServiceRetention = {
        serviceId: service.id,
        retentionYears,
        closedBefore,
        cases: ids.length,
        responses: await count('responses'),
        links: await count('questionnaire_links'),
        idempotencyKeys: 0,
      };
      if (!dryRun) {
        // a replayed POST /cases must not resurrect a deleted case's id
        const keys = await tx
          .deleteFrom('idempotency_keys')
          .where('service_id', '=', service.id)
          .where(sql<boolean>`response_body->>'id' = any(${ids}::text[])`)
          .executeTakeFirst();
        entry.idempotencyKeys = Number(keys.numDeletedRows);
        await tx.deleteFrom('responses').where('service_id', '=', service.id).where('case_id', 'in', ids).execute();
        await tx
          .deleteFrom('questionnaire_links')
          .where('service_id', '=', service.id)
          .where('case_id', 'in', ids)
          .execute();
        await tx.deleteFrom('cases').where('service_id', '=', service.id).where('id', 'in', ids).execute();
        await tx
          .insertInto('audit_log')
          .values({
            at: options.now,
            service_id: service.id,
            action: 'retention.deleted',
            object_type: 'case',
            status: 200,
            details: JSON.stringify({ ...entry, caseIds: ids }),
          })
          .execute();
      }
      report.services.push(entry);
    }
  });
  return report;
}

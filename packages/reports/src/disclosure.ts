/**
 * Which disclosure threshold a period's own counts get, and the modules it depends on: one rule
 * for the report, its summary's quarterly trend and the dashboard, so that a quarter's figure is
 * the same wherever it is shown.
 */
import type { ServiceSettings, Tx } from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import { NATIONAL_THRESHOLD, SERVICE_THRESHOLD } from '@harbour/stats';
import { sql } from 'kysely';
import type { ReportPeriod, ReportScope } from './model';

/**
 * The installed modules active in the scope at any time in the period (a service's own, or any
 * sharing service's for the national dataset), always-active ones included.
 */
export async function activeModulesIn(
  tx: Tx,
  modules: readonly ModuleDefinition[],
  scope: ReportScope,
  { from, to }: ReportPeriod,
): Promise<ModuleDefinition[]> {
  const { rows } = await sql<{ module_key: string }>`select distinct sm.module_key
    from service_modules sm join services s on s.id = sm.service_id
    where sm.active_from <= ${to}::date and (sm.active_to is null or sm.active_to >= ${from}::date)
      and ${scope.kind === 'service' ? sql`sm.service_id = ${scope.serviceId}::uuid` : sql`s.shares_national_dataset`}`.execute(
    tx,
  );
  const keys = new Set(rows.map((r) => r.module_key));
  return modules.filter((m) => m.alwaysActive || keys.has(m.key));
}

/**
 * The threshold k of a period's counts: the national one for the national dataset, and for a
 * service whose clients may be children (a module for child clients, the young people's, active in
 * the period), which counts children throughout; otherwise the service's own setting.
 */
export function disclosureThresholdOf(
  scope: ReportScope,
  settings: ServiceSettings | undefined,
  active: readonly ModuleDefinition[],
): number {
  if (scope.kind === 'national' || active.some((m) => m.clients?.childClients === true)) return NATIONAL_THRESHOLD;
  return settings?.disclosureThreshold ?? SERVICE_THRESHOLD;
}

/**
 * The research settings and the keys of exports. An export's key lives for a day so that its
 * cases and children tables can be fetched with the same pseudonyms; expired keys are deleted.
 */
import type { Db } from '@harbour/db';
import { withTenant } from '@harbour/db';
import { sql } from 'kysely';
import type { Period } from './national-cases';
import { newPseudonymKey } from './pseudonym';

export const EXPORT_KEY_HOURS = 24;

export type ResearchSettings = { kAnonymity: number; minimumExportCases: number };

export async function researchSettings(db: Db): Promise<ResearchSettings> {
  const { rows } = await sql<{ k: number; minimum: number }>`select k_anonymity as k,
    minimum_export_cases as minimum from research_settings`.execute(db);
  return { kAnonymity: rows[0]?.k ?? 5, minimumExportCases: rows[0]?.minimum ?? 100 };
}

export async function updateResearchSettings(
  db: Db,
  settings: { kAnonymity: number; minimumExportCases?: number },
  userId: string,
): Promise<void> {
  await sql`update research_settings set k_anonymity = ${settings.kAnonymity},
    minimum_export_cases = coalesce(${settings.minimumExportCases ?? null}::int, minimum_export_cases),
    updated_at = now(), updated_by = ${userId}`.execute(db);
}

export type ExportKey = { id: string; key: Buffer; expiresAt: Date; period: Period };

type ExportKeyRow = { id: string; pseudonym_key: Buffer; expires_at: Date; period_from: string; period_to: string };

const asExportKey = (row: ExportKeyRow): ExportKey => ({
  id: row.id,
  key: row.pseudonym_key,
  expiresAt: row.expires_at,
  period: { from: row.period_from, to: row.period_to },
});

/** A new export with a fresh key, owned by the researcher (row-level security: user_id). */
export async function createExportKey(db: Db, userId: string, period: Period, now: Date): Promise<ExportKey> {
  const expiresAt = new Date(now.getTime() + EXPORT_KEY_HOURS * 3_600_000);
  return withTenant(db, { serviceId: null, userId, role: 'researcher' }, async (tx) => {
    await sql`delete from research_exports where expires_at <= ${now}`.execute(tx);
    const { rows } = await sql<ExportKeyRow>`insert into research_exports
        (user_id, period_from, period_to, pseudonym_key, expires_at)
      values (${userId}, ${period.from}, ${period.to}, ${newPseudonymKey()}, ${expiresAt})
      returning id, pseudonym_key, expires_at, period_from, period_to`.execute(tx);
    return asExportKey(rows[0] as ExportKeyRow);
  });
}

/** The researcher's own unexpired export, or undefined. */
export async function findExportKey(db: Db, userId: string, id: string, now: Date): Promise<ExportKey | undefined> {
  return withTenant(db, { serviceId: null, userId, role: 'researcher' }, async (tx) => {
    const { rows } = await sql<ExportKeyRow>`select id, pseudonym_key, expires_at, period_from, period_to
      from research_exports where id = ${id} and user_id = ${userId} and expires_at > ${now}`.execute(tx);
    return rows[0] ? asExportKey(rows[0]) : undefined;
  });
}

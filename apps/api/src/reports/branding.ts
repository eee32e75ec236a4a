/** The service's own additions to its PDF reports (migration 0050), read and written in its tenant. */
import type { Tx } from '@harbour/db';
import type { ReportBranding } from '@harbour/reports';

export const LOGO_MAX_BYTES = 262_144;

export type BrandingInput = { displayName: string | null; narrative: string | null; logo: Buffer | null };

/** The image type of a logo from its first bytes (PNG or JPEG), or null for anything else. */
export function logoType(data: Buffer): 'image/png' | 'image/jpeg' | null {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

export async function readBranding(tx: Tx, serviceId: string): Promise<ReportBranding | undefined> {
  const row = await tx
    .selectFrom('service_report_branding')
    .select(['display_name', 'narrative', 'logo', 'logo_type'])
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...(row.display_name ? { displayName: row.display_name } : {}),
    ...(row.narrative ? { narrative: row.narrative } : {}),
    ...(row.logo && row.logo_type ? { logo: { data: row.logo, type: row.logo_type } } : {}),
  };
}

export async function writeBranding(tx: Tx, serviceId: string, userId: string, input: BrandingInput): Promise<void> {
  const values = {
    display_name: input.displayName,
    narrative: input.narrative,
    logo: input.logo,
    logo_type: input.logo ? logoType(input.logo) : null,
    updated_by: userId,
    updated_at: new Date(),
  };
  await tx
    .insertInto('service_report_branding')
    .values({ service_id: serviceId, ...values })
    .onConflict((c) => c.column('service_id').doUpdateSet(values))
    .execute();
}

/** Reads and writes of the linkage tables. Cross-service matching goes only through linkage_match_case. */
import type { CaseLinkageReply, LinkageDisclosureReply, LinkageParticipation, LinkageRegion } from '@harbour/contract';
import type { Tx } from '@harbour/db';
import { type Encoding, toBitString } from '@harbour/linkage';
import { sql } from 'kysely';
import { loadServiceSettings } from '../cases/service-settings';
import { type LinkageReason, withLinkageTables } from './tables';

export async function createRegion(tx: Tx, name: string): Promise<{ id: string; name: string } | null> {
  const row = await withLinkageTables(tx)
    .insertInto('linkage_regions')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning(['id', 'name'])
    .executeTakeFirst();
  return row ?? null;
}

export async function listRegions(tx: Tx): Promise<LinkageRegion[]> {
  const regions = await withLinkageTables(tx)
    .selectFrom('linkage_regions')
    .select(['id', 'name'])
    .orderBy('name')
    .execute();
  const members = await withLinkageTables(tx)
    .selectFrom('linkage_region_services as m')
    .innerJoin('services as s', 's.id', 'm.service_id')
    .select(['m.region_id', 'm.service_id', 's.name', 'm.opted_in_at'])
    .orderBy('s.name')
    .execute();
  return regions.map((r) => ({
    ...r,
    services: members
      .filter((m) => m.region_id === r.id)
      .map((m) => ({ serviceId: m.service_id, name: m.name, optedIn: m.opted_in_at !== null })),
  }));
}

export async function regionExists(tx: Tx, regionId: string): Promise<boolean> {
  return !!(await withLinkageTables(tx)
    .selectFrom('linkage_regions')
    .select('id')
    .where('id', '=', regionId)
    .executeTakeFirst());
}

/** Puts a service in a region (moving it out of any other); it takes part once it opts in. */
export async function addServiceToRegion(tx: Tx, regionId: string, serviceId: string): Promise<void> {
  await withLinkageTables(tx)
    .insertInto('linkage_region_services')
    .values({ service_id: serviceId, region_id: regionId })
    .onConflict((oc) =>
      oc.column('service_id').doUpdateSet({ region_id: regionId, opted_in_at: null, added_at: new Date() }),
    )
    .execute();
}

export async function removeServiceFromRegion(tx: Tx, regionId: string, serviceId: string): Promise<boolean> {
  const result = await withLinkageTables(tx)
    .deleteFrom('linkage_region_services')
    .where('region_id', '=', regionId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Retires the region's current key: the next encoding starts a new epoch. */
export async function retireRegionKey(tx: Tx, regionId: string, now: Date): Promise<number> {
  const result = await withLinkageTables(tx)
    .updateTable('linkage_keys')
    .set({ retired_at: now })
    .where('region_id', '=', regionId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type Participation = { regionId: string; regionName: string; optedIn: boolean } | null;

export async function serviceParticipation(tx: Tx, serviceId: string): Promise<Participation> {
  const row = await withLinkageTables(tx)
    .selectFrom('linkage_region_services as m')
    .innerJoin('linkage_regions as r', 'r.id', 'm.region_id')
    .select(['m.region_id', 'r.name', 'm.opted_in_at'])
    .where('m.service_id', '=', serviceId)
    .executeTakeFirst();
  return row ? { regionId: row.region_id, regionName: row.name, optedIn: row.opted_in_at !== null } : null;
}

/** The service's region, whether it has opted in, and the safeguarding contact shown with its matches. */
export async function participationView(tx: Tx, serviceId: string): Promise<LinkageParticipation> {
  const participation = await serviceParticipation(tx, serviceId);
  const settings = await loadServiceSettings(tx, serviceId);
  return {
    regionId: participation?.regionId ?? null,
    regionName: participation?.regionName ?? null,
    optedIn: participation?.optedIn ?? false,
    safeguardingContact: settings?.safeguardingContact ?? null,
  };
}

export async function setOptedIn(tx: Tx, serviceId: string, optedIn: boolean, now: Date): Promise<void> {
  await withLinkageTables(tx)
    .updateTable('linkage_region_services')
    .set({ opted_in_at: optedIn ? now : null })
    .where('service_id', '=', serviceId)
    .execute();
}

export async function setSafeguardingContact(tx: Tx, serviceId: string, contact: string): Promise<void> {
  await sql`update services set settings = settings || jsonb_build_object('safeguardingContact', ${contact}::text)
    where id = ${serviceId}`.execute(tx);
}

export type StoredEncoding = {
  serviceId: string;
  caseId: string;
  regionId: string;
  encoding: Encoding;
  consent: boolean;
  reason: LinkageReason | null;
  userId: string;
};

/** Keeps a case's encoding (replacing an earlier one): the filter and its block, never the identifiers. */
export async function saveEncoding(tx: Tx, e: StoredEncoding): Promise<void> {
  const values = {
    service_id: e.serviceId,
    case_id: e.caseId,
    region_id: e.regionId,
    key_id: e.encoding.keyId,
    block: e.encoding.block,
    bloom: toBitString(e.encoding.bits),
    consent: e.consent,
    reason: e.reason,
    created_by: e.userId,
  };
  await withLinkageTables(tx)
    .insertInto('case_linkage')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['service_id', 'case_id']).doUpdateSet({
        region_id: values.region_id,
        key_id: values.key_id,
        block: values.block,
        bloom: values.bloom,
        consent: values.consent,
        reason: values.reason,
        created_by: values.created_by,
        created_at: new Date(),
      }),
    )
    .execute();
}

/** Runs the narrow cross-service door for one case of the caller's service; returns how many new matches it showed. */
export async function matchCase(tx: Tx, caseId: string, threshold: number, since: string, ip: string): Promise<number> {
  const { rows } = await sql<{ match_id: string }>`
    select match_id from linkage_match_case(${caseId}::uuid, ${threshold}::real, ${since}::date, ${ip}::inet)`.execute(
    tx,
  );
  return rows.length;
}

/** The case's encoding status and its matches not rejected, as the case's service may see them. */
export async function caseLinkage(tx: Tx, serviceId: string, caseId: string): Promise<CaseLinkageReply> {
  const encoding = await withLinkageTables(tx)
    .selectFrom('case_linkage')
    .select(['consent', 'reason'])
    .where('service_id', '=', serviceId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const rows = await withLinkageTables(tx)
    .selectFrom('linkage_matches as m')
    .innerJoin('services as s', 's.id', 'm.other_service_id')
    .select([
      'm.id',
      'm.other_service_id',
      's.name',
      's.kind',
      's.settings',
      'm.other_from',
      'm.other_to',
      'm.decision',
      'm.shown_at',
    ])
    .where('m.service_id', '=', serviceId)
    .where('m.case_id', '=', caseId)
    .where((eb) => eb.or([eb('m.decision', 'is', null), eb('m.decision', '=', 'confirmed')]))
    .orderBy('m.other_from', 'desc')
    .execute();
  return {
    encoded: !!encoding,
    consent: encoding?.consent ?? null,
    reason: encoding?.reason ?? null,
    matches: rows.map((r) => ({
      id: r.id,
      serviceName: r.name,
      serviceKind: r.kind,
      safeguardingContact: r.settings.safeguardingContact ?? null,
      from: r.other_from,
      to: r.other_to,
      sameService: r.other_service_id === serviceId,
      decision: r.decision,
      shownAt: r.shown_at.toISOString(),
    })),
  };
}

export async function decideMatch(
  tx: Tx,
  m: {
    serviceId: string;
    caseId: string;
    matchId: string;
    decision: 'confirmed' | 'rejected';
    userId: string;
    now: Date;
  },
): Promise<boolean> {
  const result = await withLinkageTables(tx)
    .updateTable('linkage_matches')
    .set({ decision: m.decision, decided_by: m.userId, decided_at: m.now })
    .where('service_id', '=', m.serviceId)
    .where('case_id', '=', m.caseId)
    .where('id', '=', m.matchId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** For a service's managers: which of its cases were shown to which service as a possible match. */
export async function listDisclosures(tx: Tx, serviceId: string, limit: number): Promise<LinkageDisclosureReply[]> {
  const rows = await withLinkageTables(tx)
    .selectFrom('linkage_disclosures as d')
    .innerJoin('cases as c', (j) => j.onRef('c.service_id', '=', 'd.service_id').onRef('c.id', '=', 'd.case_id'))
    .innerJoin('services as s', 's.id', 'd.shown_to_service_id')
    .select(['d.match_id', 'd.case_id', 'c.reference', 's.name', 'd.shown_at'])
    .where('d.service_id', '=', serviceId)
    .orderBy('d.shown_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    matchId: r.match_id,
    caseId: r.case_id,
    reference: r.reference,
    shownToService: r.name,
    shownAt: r.shown_at.toISOString(),
  }));
}

/**
 * The bulk path: services and users by plain INSERT (a few rows), then cases and responses by
 * COPY in batches, each case validated by the registry first. Rows stream from a generator, so
 * memory holds one batch whatever the volume.
 *
 * It connects as the database owner: COPY FROM does not apply row-level security, so
 * PostgreSQL refuses it to a role that does not bypass RLS — which is the point of the
 * harbour_api role. A superuser (embedded server, tests) or a BYPASSRLS owner works.
 */
import { pipeline } from 'node:stream/promises';
import type { Registry } from '@harbour/forms';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FOLLOW_UP_LINK_DAYS } from './forms-over-time';
import { type PreparedCase, prepareCase } from './prepare';
import type { SynthCase, SynthService } from './types';

/** Writes services, their users, memberships and module windows. */
export async function insertServices(
  client: pg.ClientBase,
  services: SynthService[],
  passwordHashes: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  for (const service of services) {
    await client.query(
      `insert into services (id, name, kind, local_authority, shares_national_dataset, shares_national_dataset_from, settings)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        service.id,
        service.name,
        service.kind,
        service.localAuthority,
        service.sharesNationalDataset,
        service.sharesNationalDatasetFrom,
        JSON.stringify(service.settings),
      ],
    );
    for (const worker of service.workers) {
      await client.query('insert into users (id, email, name, password_hash) values ($1, $2, $3, $4)', [
        worker.id,
        worker.email,
        worker.name,
        passwordHashes.get(worker.email) ?? null,
      ]);
      await client.query(
        'insert into memberships (service_id, user_id, role, practitioner_role, fte) values ($1, $2, $3, $4, $5)',
        [service.id, worker.id, worker.role, worker.practitionerRole, worker.fte],
      );
    }
    for (const window of service.modules) {
      await client.query(
        'insert into service_modules (service_id, module_key, active_from, active_to) values ($1, $2, $3, $4)',
        [service.id, window.moduleKey, window.activeFrom, window.activeTo],
      );
    }
  }
}

/** Runs one statement on the loading connection. */
export type LoadQuery = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;
/** Seals a follow-up contact's address or code word of one case, as the API stores them. */
export type SealContact = (caseId: string, field: 'address' | 'code_word', text: string) => string;
/**
 * The sealing of a service's follow-up contacts, its data key created on the loading connection
 * if it has none: given by the caller that holds the master key (the API's `contactSealer`).
 */
export type ContactSealer = (query: LoadQuery, serviceId: string) => Promise<SealContact>;

/** A value in COPY's text format. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const CASE_COLUMNS =
  'service_id, id, reference, worker_id, practitioner_role, opened_at, closed_at, status, flags, consent_research, created_at, updated_at';
const RESPONSE_COLUMNS =
  'service_id, case_id, form_key, occasion, module_key, form_version, status, source, answers, scores, created_by, updated_by, created_at, updated_at, submitted_at';

function caseLine(c: PreparedCase): string {
  const updated = c.closedAt ?? c.openedAt;
  return `${[
    c.serviceId,
    c.id,
    field(c.reference),
    c.workerId,
    field(c.practitionerRole),
    c.openedAt,
    field(c.closedAt),
    c.closedAt ? 'closed' : 'open',
    `{${c.flags.join(',')}}`,
    field(c.consentResearch),
    `${c.openedAt} 09:00:00+00`,
    `${updated} 17:00:00+00`,
  ].join('\t')}\n`;
}

function responseLines(c: PreparedCase): string {
  let lines = '';
  for (const r of c.responses) {
    const at = `${r.submittedOn} 12:00:00+00`;
    const by = r.source === 'practitioner' ? c.workerId : null;
    lines += `${[
      c.serviceId,
      c.id,
      field(r.formKey),
      r.occasion,
      field(r.moduleKey),
      r.formVersion,
      'submitted',
      r.source,
      field(JSON.stringify(r.answers)),
      field(JSON.stringify(r.scores)),
      field(by),
      field(by),
      at,
      at,
      at,
    ].join('\t')}\n`;
  }
  return lines;
}

const CHILD_RESPONSE_COLUMNS =
  'service_id, case_id, child_ref, form_key, module_key, form_version, source, answers, scores, created_at, updated_at, submitted_at';

/** The children's own questionnaires, answered through links (no staff member wrote them). */
function childResponseLines(c: PreparedCase): string {
  let lines = '';
  for (const r of c.childResponses) {
    const at = `${r.submittedOn} 12:00:00+00`;
    lines += `${[
      c.serviceId,
      c.id,
      field(r.childRef),
      field(r.formKey),
      field(r.moduleKey),
      r.formVersion,
      'client',
      field(JSON.stringify(r.answers)),
      field(JSON.stringify(r.scores)),
      at,
      at,
      at,
    ].join('\t')}\n`;
  }
  return lines;
}

const CONTACT_COLUMNS =
  'service_id, case_id, consent, channel, address_sealed, safe_times, code_word_sealed, name_service, recorded_by, recorded_at, ended_at, ended_reason';
const LINK_COLUMNS =
  'service_id, id, case_id, form_key, occasion, token_hash, created_by, created_at, expires_at, used_at';
const FOLLOW_UP_COLUMNS = 'service_id, case_id, occasion, months, due_on, channel, link_id, sent_at';

type FollowUpText = { contacts: string; links: string; followUps: string };

/** The follow-up choice recorded at exit, each follow-up sent, and its link, as COPY lines. */
function followUpLines(c: PreparedCase, sealContact: SealContact | undefined): FollowUpText {
  const none = { contacts: '', links: '', followUps: '' };
  const followUp = c.followUp;
  if (!followUp || !c.closedAt) return none;
  const { choice } = followUp;
  const sealed = (fieldName: 'address' | 'code_word', text: string | undefined) => {
    if (text === undefined) return null;
    if (!sealContact) throw new Error(`case ${c.reference}: a consenting contact needs the service's sealer`);
    return sealContact(c.id, fieldName, text);
  };
  const ended = followUp.endedOn ? [`${followUp.endedOn} 10:00:00+00`, 'unanswered'] : [null, null];
  const contacts = `${[
    c.serviceId,
    c.id,
    choice.consent,
    choice.consent ? choice.channel : null,
    choice.consent ? sealed('address', choice.address) : null,
    `{${choice.consent ? choice.safeTimes.join(',') : ''}}`,
    choice.consent ? sealed('code_word', choice.codeWord) : null,
    choice.consent && choice.nameService,
    c.workerId,
    `${c.closedAt} 16:00:00+00`,
    ...ended,
  ]
    .map(field)
    .join('\t')}\n`;
  let links = '';
  let followUps = '';
  for (const sent of followUp.sent) {
    if (!choice.consent) break;
    const sentAt = `${sent.sentOn} 10:00:00+00`;
    const expires = new Date(Date.parse(`${sent.sentOn}T10:00:00Z`) + FOLLOW_UP_LINK_DAYS * 86_400_000);
    links += `${[
      c.serviceId,
      sent.linkId,
      c.id,
      'core.client_follow_up',
      sent.occasion,
      `\\x${sent.tokenHash}`,
      null,
      sentAt,
      expires.toISOString(),
      sent.answeredOn ? `${sent.answeredOn} 12:00:00+00` : null,
    ]
      .map(field)
      .join('\t')}\n`;
    followUps += `${[c.serviceId, c.id, sent.occasion, sent.months, sent.dueOn, choice.channel, sent.linkId, sentAt]
      .map(field)
      .join('\t')}\n`;
  }
  return { contacts, links, followUps };
}

async function copyText(client: pg.ClientBase, table: string, columns: string, text: string): Promise<void> {
  if (text.length === 0) return;
  const stream = client.query(copyFrom(`copy ${table} (${columns}) from stdin`));
  await pipeline(async function* () {
    yield text;
  }, stream);
}

export type CopyProgress = { cases: number; responses: number; childResponses: number; followUps: number };

export type CopyCasesOptions = {
  registry: Registry;
  services: SynthService[];
  cases: Iterable<SynthCase>;
  /** Seals the address and code word of clients who agreed to be followed up. */
  sealer: ContactSealer;
  /** Cases per COPY batch. */
  batchSize?: number;
  onBatch?: (progress: CopyProgress) => void;
};

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * With case_facts' row triggers on, every response is a plpgsql call and a one-row update (about
 * half of a million-case load's time). A superuser loads with triggers off
 * (session_replication_role = replica, which also skips the foreign-key checks of rows that are
 * generated consistent) and rebuilds each batch's facts in one set-based pass
 * (case_facts_rebuild, migrations/0014). Another owner loads with the triggers on.
 */
async function triggersOff(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ superuser: boolean }>(
    'select rolsuper as superuser from pg_roles where rolname = current_user',
  );
  if (!rows[0]?.superuser) return false;
  await client.query('set session_replication_role = replica');
  return true;
}

/**
 * Validates and copies cases and their responses; returns how many rows went in. The next batch
 * is built while PostgreSQL ingests the last one (the build yields to the event loop so the
 * socket keeps draining): on two cores the generator and the server work side by side.
 */
export async function copyCases(
  client: pg.ClientBase,
  { registry, services, cases, sealer, batchSize = 2000, onBatch }: CopyCasesOptions,
): Promise<CopyProgress> {
  const byId = new Map(services.map((s) => [s.id, s]));
  const progress: CopyProgress = { cases: 0, responses: 0, childResponses: 0, followUps: 0 };
  const seals = new Map<string, SealContact>();
  const sealOf = async (serviceId: string) => {
    let seal = seals.get(serviceId);
    if (!seal) {
      seal = await sealer((text, values) => client.query(text, values), serviceId);
      seals.set(serviceId, seal);
    }
    return seal;
  };
  let inFlight: Promise<void> = Promise.resolve();
  let caseText = '';
  let responseText = '';
  let childText = '';
  let followUpText: FollowUpText = { contacts: '', links: '', followUps: '' };
  let serviceIds: string[] = [];
  let caseIds: string[] = [];
  let inBatch = 0;
  const bulk = await triggersOff(client);
  const flush = async () => {
    const batch = { caseText, responseText, childText, followUpText, serviceIds, caseIds, progress: { ...progress } };
    caseText = '';
    responseText = '';
    childText = '';
    followUpText = { contacts: '', links: '', followUps: '' };
    serviceIds = [];
    caseIds = [];
    inBatch = 0;
    await inFlight; // at most one batch in flight, so memory holds two
    inFlight = (async () => {
      await copyText(client, 'cases', CASE_COLUMNS, batch.caseText);
      await copyText(client, 'responses', RESPONSE_COLUMNS, batch.responseText);
      await copyText(client, 'child_responses', CHILD_RESPONSE_COLUMNS, batch.childText);
      await copyText(client, 'follow_up_contacts', CONTACT_COLUMNS, batch.followUpText.contacts);
      await copyText(client, 'questionnaire_links', LINK_COLUMNS, batch.followUpText.links);
      await copyText(client, 'follow_ups', FOLLOW_UP_COLUMNS, batch.followUpText.followUps);
      if (bulk) {
        await client.query('select case_facts_rebuild($1::uuid[], $2::uuid[])', [batch.serviceIds, batch.caseIds]);
      }
      onBatch?.(batch.progress);
    })();
    // a failed COPY surfaces at the next await; keep it from being reported as unhandled meanwhile
    inFlight.catch(() => undefined);
  };
  try {
    for (const synthCase of cases) {
      const service = byId.get(synthCase.serviceId);
      if (!service) throw new Error(`case ${synthCase.reference} belongs to a service that was not given`);
      const prepared = prepareCase(registry, service, synthCase);
      caseText += caseLine(prepared);
      responseText += responseLines(prepared);
      childText += childResponseLines(prepared);
      if (prepared.followUp) {
        const seal = prepared.followUp.choice.consent ? await sealOf(prepared.serviceId) : undefined;
        const lines = followUpLines(prepared, seal);
        followUpText.contacts += lines.contacts;
        followUpText.links += lines.links;
        followUpText.followUps += lines.followUps;
        progress.followUps += prepared.followUp.sent.length;
      }
      serviceIds.push(prepared.serviceId);
      caseIds.push(prepared.id);
      progress.cases++;
      progress.responses += prepared.responses.length;
      progress.childResponses += prepared.childResponses.length;
      if (++inBatch >= batchSize) await flush();
      else if (inBatch % 200 === 0) await yieldToIo();
    }
    if (inBatch > 0) await flush();
    await inFlight;
  } finally {
    if (bulk) {
      await inFlight.catch(() => undefined);
      await client.query('set session_replication_role = default');
      // the rollups' staleness triggers did not fire: the national rollups are rebuilt on next use
      await client.query('truncate national_rollups, national_rollup_layouts');
    }
  }
  return progress;
}

/**
 * A case's follow-up choice: recorded at exit (consent, safe channel, safe times, code word),
 * read back without the address, and ended at once when contact is no longer safe.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Case, Tx } from '@harbour/db';
import type { FollowUpChoice } from '@harbour/forms';
import { conflict } from '../lib/errors';
import { linkStatus } from '../questionnaire/link-status';
import { type Aad, envelopeKeyId, open, seal } from '../security/envelope';
import { type DataKey, type Keyring, unwrapDataKey, wrapDataKey } from '../security/keyring';
import type { MasterKey } from '../security/master-key';
import { type FollowUpChannel, withFollowUpTables } from './tables';

const aad = (serviceId: string, caseId: string, field: 'address' | 'code_word'): Aad => ({
  table: 'follow_up_contacts',
  serviceId,
  row: caseId,
  field,
});

/** One statement on a loading connection (a bulk loader's pg client). */
type LoadQuery = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * Sealing of follow-up contacts for a bulk loader that writes them itself (the synthetic data's
 * COPY path): the service's current data key, created on the loader's connection if it has none,
 * and the same envelope and bindings as `recordFollowUpChoice`, so the API opens them as its own.
 */
export function contactSealer(master: MasterKey) {
  return async (query: LoadQuery, serviceId: string) => {
    const { rows } = await query('select id, wrapped_key from data_keys where service_id = $1 and retired_at is null', [
      serviceId,
    ]);
    const existing = rows[0] as { id: string; wrapped_key: string } | undefined;
    let key: DataKey;
    if (existing) {
      key = { id: existing.id, key: unwrapDataKey(master, serviceId, existing.id, existing.wrapped_key) };
    } else {
      key = { id: randomUUID(), key: randomBytes(32) };
      await query('insert into data_keys (service_id, id, wrapped_key, master_key_id) values ($1, $2, $3, $4)', [
        serviceId,
        key.id,
        wrapDataKey(master, serviceId, key.id, key.key),
        master.id,
      ]);
    }
    return (caseId: string, field: 'address' | 'code_word', text: string) =>
      seal(key.key, key.id, Buffer.from(text, 'utf8'), aad(serviceId, caseId, field));
  };
}

/** Records (or replaces) the choice while the case is open. Contact once ended stays ended. */
export async function recordFollowUpChoice(
  tx: Tx,
  keyring: Keyring,
  input: { kase: Case; choice: FollowUpChoice; userId: string; now: Date },
): Promise<void> {
  const { kase, choice } = input;
  if (kase.status === 'closed') {
    throw conflict('This case is closed: the follow-up choice is recorded at exit, and can now only be cancelled');
  }
  const current = await readContact(tx, kase);
  if (current?.ended_at) {
    throw conflict('Contact with this client was stopped as no longer safe: it cannot be turned back on');
  }
  let sealed: { channel: FollowUpChannel | null; address_sealed: string | null; code_word_sealed: string | null } = {
    channel: null,
    address_sealed: null,
    code_word_sealed: null,
  };
  if (choice.consent) {
    const key = await keyring.currentKey(tx, kase.service_id);
    const sealText = (text: string, field: 'address' | 'code_word') =>
      seal(key.key, key.id, Buffer.from(text, 'utf8'), aad(kase.service_id, kase.id, field));
    sealed = {
      channel: choice.channel,
      address_sealed: sealText(choice.address, 'address'),
      code_word_sealed: choice.codeWord ? sealText(choice.codeWord, 'code_word') : null,
    };
  }
  const values = {
    consent: choice.consent,
    ...sealed,
    safe_times: choice.consent ? choice.safeTimes : [],
    name_service: choice.consent ? choice.nameService : false,
    recorded_by: input.userId,
    recorded_at: input.now,
  };
  await withFollowUpTables(tx)
    .insertInto('follow_up_contacts')
    .values({ service_id: kase.service_id, case_id: kase.id, ...values })
    .onConflict((oc) => oc.columns(['service_id', 'case_id']).doUpdateSet(values))
    .execute();
}

/** Stops all contact now: no further follow-up is sent and unanswered links stop working. */
export async function endContact(
  tx: Tx,
  input: { kase: Pick<Case, 'service_id' | 'id'>; userId: string | null; now: Date; reason: 'not_safe' | 'unanswered' },
): Promise<void> {
  const { kase } = input;
  const ended = { ended_at: input.now, ended_by: input.userId, ended_reason: input.reason };
  await withFollowUpTables(tx)
    .insertInto('follow_up_contacts')
    .values({ service_id: kase.service_id, case_id: kase.id, consent: false, ...ended })
    .onConflict((oc) =>
      oc.columns(['service_id', 'case_id']).doUpdateSet(ended).where('follow_up_contacts.ended_at', 'is', null),
    )
    .execute();
  const links = await withFollowUpTables(tx)
    .selectFrom('follow_ups')
    .select('link_id')
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .execute();
  if (links.length === 0) return;
  await tx
    .updateTable('questionnaire_links')
    .set({ revoked_at: input.now })
    .where('service_id', '=', kase.service_id)
    .where(
      'id',
      'in',
      links.map((l) => l.link_id),
    )
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    // an expired link stays "unanswered" rather than becoming "cancelled"
    .where('expires_at', '>', input.now)
    .execute();
}

export async function readContact(tx: Tx, kase: Pick<Case, 'service_id' | 'id'>) {
  return withFollowUpTables(tx)
    .selectFrom('follow_up_contacts')
    .selectAll()
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .executeTakeFirst();
}

/** The address and code word of a live contact, opened for sending. */
export async function openContact(
  tx: Tx,
  keyring: Keyring,
  contact: { service_id: string; case_id: string; address_sealed: string | null; code_word_sealed: string | null },
): Promise<{ address: string; codeWord: string | null }> {
  const openText = async (envelope: string, field: 'address' | 'code_word') => {
    const key = await keyring.keyById(tx, contact.service_id, envelopeKeyId(envelope));
    return open(key, envelope, aad(contact.service_id, contact.case_id, field)).toString('utf8');
  };
  if (!contact.address_sealed) throw new Error('a contact without consent has no address');
  return {
    address: await openText(contact.address_sealed, 'address'),
    codeWord: contact.code_word_sealed ? await openText(contact.code_word_sealed, 'code_word') : null,
  };
}

export type FollowUpStatus = 'sent' | 'answered' | 'unanswered' | 'cancelled';

/** A follow-up's state from its link: answered once used, unanswered once expired, cancelled once revoked. */
export function followUpStatus(
  link: { used_at: Date | null; revoked_at: Date | null; expires_at: Date },
  now: Date,
): FollowUpStatus {
  const status = linkStatus(link, now);
  if (status === 'used') return 'answered';
  if (status === 'expired') return 'unanswered';
  if (status === 'revoked') return 'cancelled';
  return 'sent';
}

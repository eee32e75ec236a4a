/**
 * A case's follow-up as practitioners see it: the client's choice (never the address or code
 * word), each follow-up sent with its state, and when the next one falls due.
 */
import type { FollowUpStateReply } from '@harbour/contract';
import type { Case, Tx } from '@harbour/db';
import { addMonths } from '../cases/dates';
import { loadServiceSettings } from '../cases/service-settings';
import { followUpStatus, readContact } from './contact';
import { followUpMonths } from './run-follow-ups';
import { withFollowUpTables } from './tables';

export async function followUpState(
  tx: Tx,
  kase: Pick<Case, 'service_id' | 'id' | 'closed_at'>,
  now: Date,
): Promise<FollowUpStateReply> {
  const contact = await readContact(tx, kase);
  const sent = await withFollowUpTables(tx)
    .selectFrom('follow_ups as f')
    .innerJoin('questionnaire_links as l', (j) =>
      j.onRef('l.service_id', '=', 'f.service_id').onRef('l.id', '=', 'f.link_id'),
    )
    .select([
      'f.occasion',
      'f.months',
      'f.due_on',
      'f.channel',
      'f.sent_at',
      'l.used_at',
      'l.revoked_at',
      'l.expires_at',
    ])
    .where('f.service_id', '=', kase.service_id)
    .where('f.case_id', '=', kase.id)
    .orderBy('f.occasion')
    .execute();
  const live = contact?.consent === true && !contact.ended_at;
  const settings = await loadServiceSettings(tx, kase.service_id);
  const sentOccasions = new Set(sent.map((f) => f.occasion));
  const next =
    live && kase.closed_at
      ? followUpMonths(settings)
          .map((m, i) => ({ occasion: i + 1, dueOn: addMonths(kase.closed_at as string, m) }))
          .find((p) => !sentOccasions.has(p.occasion) && p.occasion > Math.max(0, ...sentOccasions))
      : undefined;
  return {
    recorded: contact !== undefined,
    consent: contact?.consent ?? null,
    channel: contact?.channel ?? null,
    safeTimes: contact?.safe_times ?? [],
    hasCodeWord: Boolean(contact?.code_word_sealed),
    nameService: contact?.name_service ?? false,
    endedAt: contact?.ended_at ?? null,
    endedReason: contact?.ended_reason ?? null,
    nextDueOn: next?.dueOn ?? null,
    followUps: sent.map((f) => ({
      occasion: f.occasion,
      months: f.months,
      dueOn: f.due_on,
      channel: f.channel,
      sentAt: f.sent_at,
      status: followUpStatus(f, now),
    })),
  };
}

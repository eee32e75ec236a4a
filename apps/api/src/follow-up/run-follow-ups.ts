/**
 * The follow-up job: for each closed case whose client agreed to later contact, send a one-time
 * questionnaire link at each of the service's follow-up points (default 3 and 6 months after
 * closure), at a time the client said is safe, by the channel they chose. Contact stops for good
 * after two follow-ups went unanswered. Run by the scheduler; the clock is passed in so tests
 * move time.
 */
import { type Db, DEFAULT_FOLLOW_UP_MONTHS, type ServiceSettings, type Tx, withTenant } from '@harbour/db';
import { addMonths, ukDate } from '../cases/dates';
import { newLinkToken } from '../questionnaire/link-token';
import type { Keyring } from '../security/keyring';
import { endContact, followUpStatus, openContact } from './contact';
import { followUpEmail, followUpSms } from './messages';
import type { Messenger } from './messenger';
import { type SafeTime, withFollowUpTables } from './tables';

/** How long a follow-up link works: two weeks, then the follow-up counts as unanswered. */
export const FOLLOW_UP_LINK_DAYS = 14;
/** Follow-ups that may go unanswered before Harbour stops contacting the client. */
export const MAX_UNANSWERED = 2;
export const FOLLOW_UP_FORM = 'core.client_follow_up';

export function followUpMonths(settings: ServiceSettings | null | undefined): number[] {
  const months = settings?.followUpMonths?.length ? settings.followUpMonths : DEFAULT_FOLLOW_UP_MONTHS;
  return [...new Set(months)].sort((a, b) => a - b);
}

const UK_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Hours of the UK day each safe time covers, [from, to). */
const WINDOWS: Record<SafeTime, { weekend: boolean; from: number; to: number }> = {
  weekday_morning: { weekend: false, from: 8, to: 12 },
  weekday_afternoon: { weekend: false, from: 12, to: 17 },
  weekday_evening: { weekend: false, from: 17, to: 21 },
  weekend: { weekend: true, from: 9, to: 20 },
};

/** Whether a message may arrive now: within one of the client's safe times, or 09:00–20:00 when they named none. */
export function isSafeTime(safeTimes: readonly SafeTime[], at: Date): boolean {
  const parts = Object.fromEntries(UK_CLOCK.formatToParts(at).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour);
  const weekend = parts.weekday === 'Sat' || parts.weekday === 'Sun';
  if (safeTimes.length === 0) return hour >= 9 && hour < 20;
  return safeTimes.some((t) => WINDOWS[t].weekend === weekend && hour >= WINDOWS[t].from && hour < WINDOWS[t].to);
}

export type FollowUpDeps = {
  db: Db;
  keyring: Keyring;
  messenger: Messenger;
  publicUrl: string;
  now: Date;
};

export type FollowUpRun = { sent: number; ended: number; waiting: number };

type Point = { occasion: number; months: number; dueOn: string };

/** The point to send now: the latest one due and not sent (an earlier one missed is not sent late). */
export function pointToSend(
  closedAt: string,
  months: number[],
  sent: ReadonlySet<number>,
  today: string,
): Point | null {
  const due = months
    .map((m, i) => ({ occasion: i + 1, months: m, dueOn: addMonths(closedAt, m) }))
    .filter((p) => p.dueOn <= today);
  const latest = due.at(-1);
  return latest && !sent.has(latest.occasion) ? latest : null;
}

export async function runFollowUps(deps: FollowUpDeps): Promise<FollowUpRun> {
  const run: FollowUpRun = { sent: 0, ended: 0, waiting: 0 };
  const services = await deps.db.selectFrom('services').select(['id', 'name', 'settings']).orderBy('id').execute();
  for (const service of services) {
    const tenant = { serviceId: service.id, userId: null, role: null };
    const live = await withTenant(deps.db, tenant, (tx) =>
      withFollowUpTables(tx)
        .selectFrom('follow_up_contacts as f')
        .innerJoin('cases as c', (j) => j.onRef('c.service_id', '=', 'f.service_id').onRef('c.id', '=', 'f.case_id'))
        .select(['f.case_id', 'c.closed_at'])
        .where('f.service_id', '=', service.id)
        .where('f.consent', '=', true)
        .where('f.ended_at', 'is', null)
        .where('c.status', '=', 'closed')
        .execute(),
    );
    // one transaction a client: a message that cannot be sent leaves no trace and is tried next run
    for (const contact of live) {
      const outcome = await withTenant(deps.db, tenant, (tx) =>
        followUpCase(tx, deps, service, contact.case_id, contact.closed_at as string),
      );
      if (outcome !== 'nothing') run[outcome] += 1;
    }
  }
  return run;
}

type Outcome = 'sent' | 'ended' | 'waiting' | 'nothing';

async function followUpCase(
  tx: Tx,
  deps: FollowUpDeps,
  service: { id: string; name: string; settings: ServiceSettings },
  caseId: string,
  closedAt: string,
): Promise<Outcome> {
  const contact = await withFollowUpTables(tx)
    .selectFrom('follow_up_contacts')
    .selectAll()
    .where('service_id', '=', service.id)
    .where('case_id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!contact?.consent || contact.ended_at || !contact.channel) return 'nothing';
  const previous = await withFollowUpTables(tx)
    .selectFrom('follow_ups as f')
    .innerJoin('questionnaire_links as l', (j) =>
      j.onRef('l.service_id', '=', 'f.service_id').onRef('l.id', '=', 'f.link_id'),
    )
    .select(['f.occasion', 'l.used_at', 'l.revoked_at', 'l.expires_at'])
    .where('f.service_id', '=', service.id)
    .where('f.case_id', '=', caseId)
    .execute();
  const statuses = previous.map((p) => followUpStatus(p, deps.now));
  const kase = { service_id: service.id, id: caseId };
  if (statuses.filter((s) => s === 'unanswered').length >= MAX_UNANSWERED) {
    await endContact(tx, { kase, userId: null, now: deps.now, reason: 'unanswered' });
    await audit(tx, service.id, caseId, 'follow_up.ended', { reason: 'unanswered' });
    return 'ended';
  }
  if (statuses.includes('sent')) return 'nothing';
  const point = pointToSend(
    closedAt,
    followUpMonths(service.settings),
    new Set(previous.map((p) => p.occasion)),
    ukDate(deps.now),
  );
  if (!point) return 'nothing';
  if (!isSafeTime(contact.safe_times, deps.now) || (contact.channel === 'email' && !deps.messenger.email)) {
    return 'waiting';
  }

  const { token, hash } = newLinkToken();
  const expiresAt = new Date(deps.now.getTime() + FOLLOW_UP_LINK_DAYS * 24 * 3_600_000);
  const link = await tx
    .insertInto('questionnaire_links')
    .values({
      service_id: service.id,
      case_id: caseId,
      form_key: FOLLOW_UP_FORM,
      occasion: point.occasion,
      token_hash: hash,
      created_by: null,
      created_at: deps.now,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await withFollowUpTables(tx)
    .insertInto('follow_ups')
    .values({
      service_id: service.id,
      case_id: caseId,
      occasion: point.occasion,
      months: point.months,
      due_on: point.dueOn,
      channel: contact.channel,
      link_id: link.id,
      sent_at: deps.now,
    })
    .execute();
  await audit(tx, service.id, caseId, 'follow_up.sent', {
    occasion: point.occasion,
    months: point.months,
    channel: contact.channel,
  });
  const { address, codeWord } = await openContact(tx, deps.keyring, contact);
  const words = {
    url: `${deps.publicUrl}/q/${token}`,
    // the last whole day the link works
    expiresOn: ukDate(new Date(expiresAt.getTime() - 1)),
    codeWord,
    serviceName: contact.name_service ? service.name : null,
  };
  // Sent last, inside the transaction: if sending fails nothing is recorded and the next run
  // tries again; a message is never recorded as sent without having been handed over.
  if (contact.channel === 'email') await deps.messenger.email?.send(followUpEmail(address, words));
  else await deps.messenger.sms.send(followUpSms(address, words));
  return 'sent';
}

async function audit(tx: Tx, serviceId: string, caseId: string, action: string, details: Record<string, unknown>) {
  await tx
    .insertInto('audit_log')
    .values({
      user_id: null,
      service_id: serviceId,
      role: null,
      action,
      object_type: 'case',
      object_id: caseId,
      ip: null,
      status: null,
      details: JSON.stringify(details),
    })
    .execute();
}

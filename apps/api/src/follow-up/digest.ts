/**
 * The opt-in daily digest: once a day, from 07:00 UK time, each member of staff who asked for it
 * gets the counts of their worklist and a link to sign in. Counts only: an inbox is not a safe
 * place for a name, a case reference or an answer.
 */
import { type Db, type Tx, withTenant } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import type { Generated } from 'kysely';
import { loadCaseView } from '../cases/case-view';
import { ukDate } from '../cases/dates';
import { buildWorklist, type WorklistCounts, worklistCounts } from '../cases/worklist';
import type { EmailMessage, Messenger } from './messenger';

export type DigestSubscriptionsTable = {
  service_id: string;
  user_id: string;
  created_at: Generated<Date>;
  last_sent_on: string | null;
};

export function withDigestTable(db: Db | Tx) {
  return db.withTables<{ digest_subscriptions: DigestSubscriptionsTable }>();
}

/** The hour of the UK day from which the day's digest goes out. */
export const DIGEST_HOUR = 7;

const UK_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function digestEmail(to: string, counts: WorklistCounts, publicUrl: string): EmailMessage {
  const lines = [
    'Good morning,',
    '',
    'On your cases today:',
    `- ${plural(counts.reviewsDue, 'review due', 'reviews due')}`,
    `- ${plural(counts.clientQuestionnaires, 'client questionnaire outstanding', 'client questionnaires outstanding')}`,
    `- ${plural(counts.followUpsUnanswered, 'follow-up not answered', 'follow-ups not answered')}`,
    `- ${plural(counts.flagged, 'case flagged for attention', 'cases flagged for attention')}`,
    '',
    `Sign in to see them: ${publicUrl}/cases`,
    '',
    'You get this email because you asked for a daily summary. You can turn it off on your caseload page.',
  ];
  return { to, subject: 'Your daily summary', text: `${lines.join('\n')}\n` };
}

export async function setDigest(tx: Tx, serviceId: string, userId: string, enabled: boolean): Promise<boolean> {
  if (enabled) {
    await withDigestTable(tx)
      .insertInto('digest_subscriptions')
      .values({ service_id: serviceId, user_id: userId })
      .onConflict((oc) => oc.columns(['service_id', 'user_id']).doNothing())
      .execute();
  } else {
    await withDigestTable(tx)
      .deleteFrom('digest_subscriptions')
      .where('service_id', '=', serviceId)
      .where('user_id', '=', userId)
      .execute();
  }
  return enabled;
}

export async function digestEnabled(tx: Tx, serviceId: string, userId: string): Promise<boolean> {
  const row = await withDigestTable(tx)
    .selectFrom('digest_subscriptions')
    .select('user_id')
    .where('service_id', '=', serviceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export type DigestDeps = { db: Db; registry: Registry; messenger: Messenger; publicUrl: string; now: Date };

/** Sends the day's digests not yet sent. Nothing before 07:00, nothing without SMTP, nothing when all counts are 0. */
export async function runDigests(deps: DigestDeps): Promise<{ sent: number }> {
  const email = deps.messenger.email;
  if (!email || Number(UK_HOUR.format(deps.now)) < DIGEST_HOUR) return { sent: 0 };
  const today = ukDate(deps.now);
  let sent = 0;
  const services = await deps.db.selectFrom('services').select('id').orderBy('id').execute();
  for (const service of services) {
    const due = await withTenant(deps.db, { serviceId: service.id, userId: null, role: null }, (tx) =>
      withDigestTable(tx)
        .selectFrom('digest_subscriptions as d')
        .innerJoin('users as u', 'u.id', 'd.user_id')
        .innerJoin('memberships as m', (j) =>
          j.onRef('m.user_id', '=', 'd.user_id').onRef('m.service_id', '=', 'd.service_id'),
        )
        .select(['d.user_id', 'u.email', 'm.role'])
        .where('d.service_id', '=', service.id)
        .where('u.disabled_at', 'is', null)
        .where((eb) => eb.or([eb('d.last_sent_on', 'is', null), eb('d.last_sent_on', '<', today)]))
        .execute(),
    );
    for (const member of due) {
      const viewer = { serviceId: service.id, userId: member.user_id, role: member.role };
      await withTenant(deps.db, viewer, async (tx) => {
        const view = await loadCaseView(tx, deps.registry, service.id, today);
        const counts = worklistCounts(await buildWorklist(tx, view, viewer, deps.now));
        await withDigestTable(tx)
          .updateTable('digest_subscriptions')
          .set({ last_sent_on: today })
          .where('service_id', '=', service.id)
          .where('user_id', '=', member.user_id)
          .execute();
        if (Object.values(counts).every((n) => n === 0)) return;
        // sent last: a failure rolls the day's mark back and the next run tries again
        await email.send(digestEmail(member.email, counts, deps.publicUrl));
        sent += 1;
      });
    }
  }
  return { sent };
}

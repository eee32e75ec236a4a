/**
 * A case's questionnaire links as staff see them: created for one client form of a module
 * offered to the case, listed by status, revoked. The token exists only in the URL handed back
 * at creation; the database keeps its SHA-256 digest.
 */
import type { Case, QuestionnaireLink, Tx } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import { ukDate } from '../cases/dates';
import {
  caseClientRules,
  casePeriod,
  inactiveModuleMessage,
  isModuleActive,
  loadModuleWindows,
} from '../cases/module-activity';
import { CHILDREN_FORM, recordedChildRefs } from '../cases/save-child-response';
import { loadSaveContext } from '../cases/save-context';
import { conflict, notFound, unprocessable } from '../lib/errors';
import { type LinkStatus, linkStatus } from './link-status';
import { newLinkToken } from './link-token';

export type LinkSummary = {
  id: string;
  formKey: string;
  /** The child who answers it, or null for the case's client. */
  childRef: string | null;
  createdAt: Date;
  expiresAt: Date;
  status: LinkStatus;
  usedAt: Date | null;
  revokedAt: Date | null;
};

export function linkSummary(link: QuestionnaireLink, now: Date): LinkSummary {
  return {
    id: link.id,
    formKey: link.form_key,
    childRef: link.child_ref,
    createdAt: link.created_at,
    expiresAt: link.expires_at,
    status: linkStatus(link, now),
    usedAt: link.used_at,
    revokedAt: link.revoked_at,
  };
}

/**
 * The form, if a client (or the child named) may be sent it for this case; otherwise a 422 that
 * says why. A child's own questionnaire goes to a child recorded on the case's children.intake,
 * or to the client of a young person's case.
 */
async function assertClientFormOffered(
  tx: Tx,
  registry: Registry,
  kase: Case,
  formKey: string,
  childRef: string | undefined,
  now: Date,
) {
  const form = registry.form(formKey);
  const module = registry.moduleOf(formKey);
  if (!form || !module) {
    throw unprocessable(`There is no form called ${formKey}`, [{ pointer: '/formKey', message: 'is not a form' }]);
  }
  if (form.audience !== 'client') {
    throw unprocessable(`The form ${formKey} is filled in by practitioners; only client forms can be sent by link`, [
      { pointer: '/formKey', message: 'is not a client form' },
    ]);
  }
  const windows = await loadModuleWindows(tx, kase.service_id);
  const period = casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, ukDate(now));
  if (!isModuleActive(module, windows, period)) {
    throw unprocessable(inactiveModuleMessage(formKey, module, windows, period), [
      { pointer: '/formKey', message: 'belongs to a module not active for this case' },
    ]);
  }
  if (childRef !== undefined) {
    if (!form.perChild) {
      throw unprocessable(`The form ${formKey} is answered by the case's client, not by a child`, [
        { pointer: '/childRef', message: 'is only for a form a child answers' },
      ]);
    }
    const { responses } = await loadSaveContext(tx, kase.service_id, kase.id);
    if (!recordedChildRefs(responses).includes(childRef)) {
      throw unprocessable(`No child ${childRef} is recorded on this case's ${CHILDREN_FORM}`, [
        { pointer: '/childRef', message: `is not a child recorded on ${CHILDREN_FORM}` },
      ]);
    }
  } else if (form.perChild && !caseClientRules(registry, windows, period).childClients) {
    throw unprocessable(
      `The form ${formKey} is a child's own: name the child recorded on ${CHILDREN_FORM} (childRef), or send it on a young person's case`,
      [{ pointer: '/childRef', message: 'is required for a child on an adult’s case' }],
    );
  }
}

export type CreatedLink = { link: QuestionnaireLink; token: string };

export async function createLink(
  tx: Tx,
  registry: Registry,
  input: { kase: Case; formKey: string; childRef?: string; hours: number; userId: string; now: Date },
): Promise<CreatedLink> {
  await assertClientFormOffered(tx, registry, input.kase, input.formKey, input.childRef, input.now);
  const { token, hash } = newLinkToken();
  const link = await tx
    .insertInto('questionnaire_links')
    .values({
      service_id: input.kase.service_id,
      case_id: input.kase.id,
      form_key: input.formKey,
      child_ref: input.childRef ?? null,
      token_hash: hash,
      created_by: input.userId,
      created_at: input.now,
      expires_at: new Date(input.now.getTime() + input.hours * 3_600_000),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { link, token };
}

export async function listLinks(tx: Tx, kase: Case): Promise<QuestionnaireLink[]> {
  return tx
    .selectFrom('questionnaire_links')
    .selectAll()
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Ends a link that has not been used. Revoking twice changes nothing; a used link stays used (409). */
export async function revokeLink(tx: Tx, kase: Case, linkId: string, now: Date): Promise<QuestionnaireLink> {
  const link = await tx
    .selectFrom('questionnaire_links')
    .selectAll()
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .where('id', '=', linkId)
    .forUpdate()
    .executeTakeFirst();
  if (!link) throw notFound();
  if (link.used_at) throw conflict('This link has already been used: the answers are on the case');
  if (link.revoked_at) return link;
  return tx
    .updateTable('questionnaire_links')
    .set({ revoked_at: now })
    .where('service_id', '=', link.service_id)
    .where('id', '=', link.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

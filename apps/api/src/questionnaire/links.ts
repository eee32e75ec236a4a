/**
 * A case's questionnaire links as staff see them: created for one client form of a module
 * offered to the case, listed by status, revoked. The token exists only in the URL handed back
 * at creation; the database keeps its SHA-256 digest.
 */
import type { Case, QuestionnaireLink, Tx } from '@harbour/db';
import type { FormDefinition, Registry } from '@harbour/forms';
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
import { formInLanguage, languagePacks } from './languages';
import { type LinkStatus, linkStatus } from './link-status';
import { newLinkToken } from './link-token';

export type LinkSummary = {
  id: string;
  formKey: string;
  /** The child who answers it, or null for the case's client. */
  childRef: string | null;
  /** The review or follow-up the link answers; null for a form answered once. */
  occasion: number | null;
  /** The language the page opens in (a language pack's code). */
  language: string;
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
    occasion: link.occasion || null,
    language: link.language,
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
  if (form.stage === 'follow_up') {
    throw unprocessable(`The form ${formKey} is sent by Harbour itself at the follow-up points after closure`, [
      { pointer: '/formKey', message: 'is a follow-up form: it cannot be sent by hand' },
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

/**
 * The language, if the page can be shown in it: a pack must exist, and something must be left to
 * ask once the instruments without an official translation are left off.
 */
function assertLanguageOffered(registry: Registry, formKey: string, language: string) {
  const pack = languagePacks(registry).get(language);
  if (!pack) {
    throw unprocessable(`There is no language pack for ${language}`, [
      { pointer: '/language', message: `must be one of ${[...languagePacks(registry).keys()].join(', ')}` },
    ]);
  }
  const { form, withheld } = formInLanguage(registry.form(formKey) as FormDefinition, pack);
  if (form.ui.order.length === 0) {
    throw unprocessable(
      `${withheld.join(' and ')} ha${withheld.length > 1 ? 've' : 's'} no official ${pack.meta.englishName} translation: ` +
        'go through the questions with the client and an interpreter, and enter the answers on the case',
      [{ pointer: '/language', message: `has no official translation of ${withheld.join(', ')}` }],
    );
  }
}

export type CreatedLink = { link: QuestionnaireLink; token: string };

/**
 * The review a link of a review form answers: the one asked for, else the case's latest review
 * (the first when there is none yet). Forms answered once have occasion 0.
 */
async function linkOccasion(tx: Tx, registry: Registry, kase: Case, formKey: string, asked: number | undefined) {
  const form = registry.form(formKey);
  if (form?.stage !== 'review') {
    if (asked !== undefined) {
      throw unprocessable(`${formKey} is answered once per case, not on numbered reviews`, [
        { pointer: '/occasion', message: 'must be left out for this form' },
      ]);
    }
    return 0;
  }
  const reviewForms = registry
    .forms()
    .filter((f) => f.stage === 'review')
    .map((f) => f.key);
  const row = await tx
    .selectFrom('responses')
    .select((eb) => eb.fn.max<number | null>('occasion').as('last'))
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .where('form_key', 'in', reviewForms)
    .executeTakeFirst();
  const last = row?.last ?? 0;
  if (asked === undefined) return Math.max(1, last);
  if (asked > last + 1) {
    throw unprocessable(`Review ${asked} cannot start before review ${last + 1}`, [
      { pointer: '/occasion', message: `must be at most ${last + 1}` },
    ]);
  }
  return asked;
}

export async function createLink(
  tx: Tx,
  registry: Registry,
  input: {
    kase: Case;
    formKey: string;
    childRef?: string;
    occasion?: number;
    language: string;
    hours: number;
    userId: string;
    now: Date;
  },
): Promise<CreatedLink> {
  await assertClientFormOffered(tx, registry, input.kase, input.formKey, input.childRef, input.now);
  assertLanguageOffered(registry, input.formKey, input.language);
  const occasion = await linkOccasion(tx, registry, input.kase, input.formKey, input.occasion);
  const { token, hash } = newLinkToken();
  const link = await tx
    .insertInto('questionnaire_links')
    .values({
      service_id: input.kase.service_id,
      case_id: input.kase.id,
      form_key: input.formKey,
      child_ref: input.childRef ?? null,
      occasion,
      language: input.language,
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

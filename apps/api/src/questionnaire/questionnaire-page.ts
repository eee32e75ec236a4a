/**
 * The questionnaire page of a link: shown, then answered. Validation, scoring and storage go
 * through `saveResponse`, the same path as a practitioner's save; this file only turns the
 * posted form into answers and the outcome into a page.
 */
import type { QuestionnaireLink, Tx } from '@harbour/db';
import type { FormDefinition, Registry } from '@harbour/forms';
import { saveChildResponse } from '../cases/save-child-response';
import { saveResponse } from '../cases/save-response';
import { AppError } from '../lib/errors';
import type { AnswerSealer } from '../security/sealed-answers';
import { formPageBody, type PageError } from './form-page';
import { type Question, questionsOf } from './form-questions';
import { pageErrorsOf } from './page-errors';
import { PAGE_TITLE, pageHtml } from './page-layout';
import { thankYouPage } from './pages';
import { answersFromPost, type Posted, shownValues } from './posted-answers';

export type RenderedPage = { status: number; body: string };

/** A page to send instead of the happy path, thrown so that the transaction rolls back. */
export class PageInstead extends Error {
  constructor(readonly page: RenderedPage) {
    super('page instead');
    this.name = 'PageInstead';
  }
}

export type LinkForm = { form: FormDefinition; questions: Question[] };

/** The link's form and its questions; null when the form is no longer installed, which ends the link. */
export function linkForm(registry: Registry, link: QuestionnaireLink): LinkForm | null {
  const form = registry.form(link.form_key);
  return form && form.audience === 'client' ? { form, questions: questionsOf(form) } : null;
}

export function questionnairePage(
  { form, questions }: LinkForm,
  exitUrl: string,
  shown: { posted?: Posted; errors?: PageError[] } = {},
): RenderedPage {
  const errors = shown.errors ?? [];
  return {
    status: errors.length ? 422 : 200,
    body: pageHtml({
      exitUrl,
      heading: PAGE_TITLE,
      body: formPageBody({ form, questions, values: shown.posted ? shownValues(shown.posted) : {}, errors }),
    }),
  };
}

const NOTHING_ANSWERED: PageError = { message: 'Please answer at least one question before you send your answers.' };

/**
 * Stores the posted answers as the client's submitted response. Answers that do not validate
 * come back as the same page with each problem by its question (PageInstead, status 422);
 * a refusal that is not about the answers (already answered, module ended) throws AppError.
 */
export async function submitAnswers(
  tx: Tx,
  registry: Registry,
  input: {
    link: QuestionnaireLink;
    linkForm: LinkForm;
    posted: Posted;
    exitUrl: string;
    now: Date;
    sealer: AnswerSealer;
  },
): Promise<RenderedPage> {
  const { link, linkForm: shownForm, posted, exitUrl, now } = input;
  const answers = answersFromPost(shownForm.questions, posted);
  if (Object.keys(answers).length === 0) {
    throw new PageInstead(questionnairePage(shownForm, exitUrl, { posted, errors: [NOTHING_ANSWERED] }));
  }
  const save = { serviceId: link.service_id, caseId: link.case_id, formKey: link.form_key, answers, now };
  try {
    // A child's link stores the child's own response; any other, the case's client's.
    if (link.child_ref !== null) {
      await saveChildResponse(tx, registry, {
        ...save,
        childRef: link.child_ref,
        source: 'client',
        userId: null,
        sealer: input.sealer,
      });
    } else {
      await saveResponse(tx, registry, {
        ...save,
        status: 'submitted',
        source: 'client',
        userId: null,
        sealer: input.sealer,
      });
    }
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 422 && error.details?.length) {
      const errors = pageErrorsOf(shownForm.questions, error.details);
      throw new PageInstead(questionnairePage(shownForm, exitUrl, { posted, errors }));
    }
    throw error;
  }
  return { status: 200, body: thankYouPage(exitUrl) };
}

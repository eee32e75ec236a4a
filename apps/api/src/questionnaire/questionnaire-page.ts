/**
 * The questionnaire page of a link: shown, then answered. Validation, scoring and storage go
 * through `saveResponse`, the same path as a practitioner's save; this file only turns the
 * posted form into answers and the outcome into a page.
 */
import type { QuestionnaireLink, Tx } from '@harbour/db';
import type { FormDefinition, Registry } from '@harbour/forms';
import { answersFromPost, type Question, questionsOf, UnrenderableQuestionError, unknownNames } from '@harbour/html';
import { lockCaseToSave } from '../cases/find-case';
import { saveChildResponse } from '../cases/save-child-response';
import { saveResponse } from '../cases/save-response';
import { AppError } from '../lib/errors';
import type { AnswerSealer } from '../security/sealed-answers';
import { formPageBody, type PageError } from './form-page';
import { formInLanguage, languagePacks, type PageLanguage, pageLanguageOf, SOURCE_LANGUAGE } from './languages';
import { pageErrorsOf } from './page-errors';
import { type LanguageChoice, pageHtml } from './page-layout';
import { thankYouPage } from './pages';

export type RenderedPage = { status: number; body: string };

/** A posted questionnaire: form-encoded strings, or a JSON object. */
export type Posted = Record<string, unknown>;

/** A page to send instead of the happy path, thrown so that the transaction rolls back. */
export class PageInstead extends Error {
  constructor(readonly page: RenderedPage) {
    super('page instead');
    this.name = 'PageInstead';
  }
}

export type LinkForm = {
  form: FormDefinition;
  questions: Question[];
  language: PageLanguage;
  withheld: string[];
  choice: LanguageChoice;
};

/**
 * The client page's questions. A list of entries is refused: adding an entry posts the page
 * back, which only the web app's form does.
 */
function clientQuestionsOf(form: FormDefinition): Question[] {
  const questions = questionsOf(form.schema, form.ui, `the client page of ${form.key}`);
  const list = questions.find((question) => question.control.kind === 'items');
  if (list) throw new UnrenderableQuestionError(list.key, `the client page of ${form.key}`);
  return questions;
}

/**
 * The link's form and its questions in the language asked for on the page (`?lang=`), else the
 * link's own; null when the form is no longer installed, which ends the link.
 */
export function linkForm(registry: Registry, link: QuestionnaireLink, asked?: string): LinkForm | null {
  const installed = registry.form(link.form_key);
  if (installed?.audience !== 'client') return null;
  const packs = languagePacks(registry);
  const pack = (asked ? packs.get(asked) : undefined) ?? packs.get(link.language) ?? packs.get(SOURCE_LANGUAGE);
  if (!pack) return null;
  const { form, withheld } = formInLanguage(installed, pack);
  const options = [...packs.values()]
    // a language in which nothing of this form could be asked is not offered
    .filter((other) => formInLanguage(installed, other).form.ui.order.length > 0)
    .map((other) => ({ code: other.meta.code, lang: other.meta.lang, name: other.meta.name }));
  return {
    form,
    questions: clientQuestionsOf(form),
    language: pageLanguageOf(pack),
    withheld,
    choice: { current: pack.meta.code, options },
  };
}

export function questionnairePage(
  { form, questions, language, withheld, choice }: LinkForm,
  exitUrl: string,
  shown: { answers?: Record<string, unknown>; errors?: PageError[] } = {},
): RenderedPage {
  const errors = shown.errors ?? [];
  return {
    status: errors.length ? 422 : 200,
    body: pageHtml({
      exitUrl,
      language,
      choice,
      heading: language.text.title,
      body: formPageBody({
        form,
        questions,
        values: shown.answers ?? {},
        errors,
        language,
        withheld,
      }),
    }),
  };
}

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
  const answers = {
    ...answersFromPost(shownForm.questions, posted),
    // Something posted that is no question of the form goes on to validation, to be refused.
    ...Object.fromEntries(unknownNames(shownForm.questions, posted).map((name) => [name, posted[name]])),
  };
  if (Object.keys(answers).length === 0) {
    const nothingAnswered: PageError = { message: shownForm.language.text.nothingAnswered };
    throw new PageInstead(questionnairePage(shownForm, exitUrl, { answers, errors: [nothingAnswered] }));
  }
  try {
    const kase = await lockCaseToSave(tx, { serviceId: link.service_id, caseId: link.case_id });
    // A child's link stores the child's own response; any other, the case's client's.
    if (link.child_ref !== null) {
      await saveChildResponse(tx, registry, {
        kase,
        childRef: link.child_ref,
        formKey: link.form_key,
        answers,
        source: 'client',
        userId: null,
        now,
        sealer: input.sealer,
      });
    } else {
      await saveResponse(tx, registry, {
        kase,
        formKey: link.form_key,
        occasion: link.occasion,
        answers,
        status: 'submitted',
        source: 'client',
        userId: null,
        now,
        sealer: input.sealer,
      });
    }
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 422 && error.details?.length) {
      const errors = pageErrorsOf(shownForm.questions, error.details, shownForm.language.text);
      throw new PageInstead(questionnairePage(shownForm, exitUrl, { answers, errors }));
    }
    throw error;
  }
  return { status: 200, body: thankYouPage(exitUrl, shownForm.language) };
}

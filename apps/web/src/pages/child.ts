/**
 * One child recorded on a case: links for the child's own questionnaire (the age band chosen
 * from the child's age), what the child answered, and what the child said in their own words.
 */
import type { CaseDetail, ChildResponse, FormSummary, QuestionnaireLink } from '@harbour/contract';
import {
  ENGLISH_WORDS,
  errorSummary,
  type FieldErrors,
  type Html,
  html,
  questionsHtml,
  summaryItems,
} from '@harbour/html';
import { caseName, formTitle, type RecordedChild, shortDate } from '../case-types';
import { type Me, type Notice, page } from '../layout';
import { LINK_STATUS, newLinkPanel } from './case';
import { type FormView, formQuestions } from './form';

/** The child's words being written: the form, the answers on screen and their problems. */
export type WordsState = { form: FormView; answers: Record<string, unknown>; revision?: number; errors: FieldErrors };

const STAGE_WORDS: Record<string, string> = { intake: 'At the start', exit: 'As support ends' };

export const childPath = (caseId: string, childRef: string) => `/cases/${caseId}/children/${childRef}`;

/**
 * The questionnaire a new link offers first: the one written for the child's age, at intake until
 * the child has answered it, at exit after.
 */
function suggested(questionnaires: FormSummary[], age: number | undefined, answered: Set<string>) {
  const open = questionnaires.filter((f) => !answered.has(f.key));
  const forAge = open.filter((f) => age === undefined || !f.ages || (age >= f.ages.from && age <= f.ages.to));
  return forAge.find((f) => f.stage === 'intake') ?? forAge[0] ?? open[0];
}

function questionnaireSection(options: {
  kase: CaseDetail;
  child: RecordedChild;
  questionnaires: FormSummary[];
  responses: ChildResponse[];
  links: QuestionnaireLink[];
}): Html {
  const { kase, child, questionnaires, responses } = options;
  const answered = new Map(responses.map((r) => [r.formKey, r]));
  const open = questionnaires.filter((f) => !answered.has(f.key));
  const first = suggested(questionnaires, child.age, new Set(answered.keys()));
  const choice = (form: FormSummary) => {
    const id = `q-${form.key.replace(/[^a-z0-9]/g, '-')}`;
    const ages = form.ages ? `ages ${form.ages.from} to ${form.ages.to}` : 'any age';
    return html`<div class="choice"><input type="radio" id="${id}" name="formKey" value="${form.key}"${
      form === first ? html` checked` : ''
    }><label for="${id}">${STAGE_WORDS[form.stage] ?? form.stage}, ${ages} <span class="muted">(${form.title})</span></label></div>`;
  };
  return html`<section aria-labelledby="own-title"><h2 id="own-title">Their own questionnaire</h2>
    <table class="table"><thead><tr><th scope="col">Questionnaire</th><th scope="col">When</th><th scope="col">Answered</th></tr></thead>
      <tbody>${questionnaires.map(
        (form) =>
          html`<tr data-questionnaire="${form.key}"><td>${formTitle(form)}</td><td>${STAGE_WORDS[form.stage] ?? form.stage}</td><td>${
            answered.has(form.key) ? `Answered ${shortDate(answered.get(form.key)?.submittedAt)}` : 'Not yet'
          }</td></tr>`,
      )}</tbody></table>
    ${
      kase.status === 'open' && open.length
        ? html`<form method="post" action="${childPath(kase.id, child.ref)}/links" class="stack">
        <div class="field"><fieldset><legend>Create a one-time link for child ${child.ref} to answer${
          child.age !== undefined ? ` (${child.age} years old)` : ''
        }</legend><div class="choices">${open.map(choice)}</div></fieldset></div>
        <button type="submit" class="button">Create link</button></form>`
        : ''
    }
    ${
      options.links.length
        ? html`<table class="table"><caption>Links for child ${child.ref}</caption><thead><tr><th scope="col">Questionnaire</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Status</th></tr></thead>
      <tbody>${options.links.map((link) => {
        const form = questionnaires.find((f) => f.key === link.formKey);
        return html`<tr><td>${form ? formTitle(form) : link.formKey}</td><td>${shortDate(link.createdAt)}</td><td>${shortDate(link.expiresAt)}</td><td>${LINK_STATUS[link.status]}</td></tr>`;
      })}</tbody></table>`
        : ''
    }</section>`;
}

function wordsSection(kase: CaseDetail, child: RecordedChild, words: WordsState): Html {
  const { form, errors } = words;
  const questions = formQuestions(form);
  // The API's messages follow the question's name: "What they said must be at most 4000 characters".
  const summary = summaryItems(questions, errors, (label, message) => `${label} ${message}`);
  const open = kase.status === 'open';
  return html`<section aria-labelledby="words-title"><h2 id="words-title">${form.title}</h2>
    ${form.ui.intro ? html`<p>${form.ui.intro}</p>` : ''}
    <p class="muted">Kept encrypted. It is never in a report or an export.</p>
    ${errorSummary('There is a problem', summary)}
    <form method="post" action="${childPath(kase.id, child.ref)}/forms/${form.key}" class="answers" novalidate>
      <input type="hidden" name="_revision" value="${words.revision ?? ''}">
      <fieldset class="questions"${open ? '' : html` disabled`}><legend class="visually-hidden">${form.title}, child ${child.ref}</legend>
      ${questionsHtml({ questions, values: words.answers, errors, words: ENGLISH_WORDS })}
      </fieldset>
      ${
        open
          ? html`<div class="form-actions"><button type="submit" class="button">Save the child's words</button></div>`
          : html`<p>This case is closed; the child's words can be read but not changed.</p>`
      }
    </form></section>`;
}

export function childPage(options: {
  me: Me;
  kase: CaseDetail;
  child: RecordedChild;
  /** The child's own questionnaires offered on the case (client forms answered per child). */
  questionnaires: FormSummary[];
  responses: ChildResponse[];
  links: QuestionnaireLink[];
  words?: WordsState;
  newLink?: { url: string; expiresAt: string; formTitle: string };
  notice?: Notice;
}): Html {
  const { kase, child } = options;
  const heading = `Child ${child.ref}`;
  const hasErrors = Object.keys(options.words?.errors ?? {}).length > 0;
  return page({
    title: `${hasErrors ? 'Error: ' : ''}${heading} – ${caseName(kase)}`,
    me: options.me,
    path: '/cases',
    notice: options.notice,
    body: html`<nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/cases">Cases</a></li>
      <li><a href="/cases/${kase.id}">${caseName(kase)}</a></li><li aria-current="page">${heading}</li></ol></nav>
      <h1>${heading}</h1>
      <dl class="facts"><div><dt>Age</dt><dd>${child.age ?? 'Not recorded'}</dd></div></dl>
      ${options.newLink ? newLinkPanel(options.newLink, 'Child') : ''}
      ${
        options.questionnaires.length
          ? questionnaireSection({ ...options, questionnaires: options.questionnaires })
          : html`<p>The children's own questionnaires are not offered on this case.</p>`
      }
      ${options.words ? wordsSection(kase, child, options.words) : ''}`,
  });
}

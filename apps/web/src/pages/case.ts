/** One case: its forms by stage, client questionnaire links, and closing the case. */
import type { CaseDetail, ClientLanguage, FormSummary, QuestionnaireLink } from '@harbour/contract';
import { type Html, html } from '@harbour/html';
import { caseName, DUE_LABELS, formTitle, recordedChildren, STAGES, shortDate } from '../case-types';
import { formPath } from '../form-path';
import { type Me, type Notice, page } from '../layout';
import { type FollowUpState, followUpPanel } from './follow-up';
import { type CaseLinkage, linkagePanel } from './linkage';
import { caseProjectPanel, type Project } from './projects';

export const LINK_STATUS: Record<QuestionnaireLink['status'], string> = {
  active: 'Waiting for the client',
  used: 'Answered',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** The client's language for a new link, English unless chosen; named in English and in itself. */
function languageSelect(form: FormSummary, languages: ClientLanguage[]): Html {
  if (languages.length < 2) return html``;
  const id = `language-${form.key.replace(/[^a-z0-9]/g, '-')}`;
  return html`<label for="${id}">Client’s language<span class="visually-hidden"> for ${form.title}</span></label>
            <select id="${id}" name="language">${languages.map(
              (language) =>
                html`<option value="${language.code}"${language.code === 'en' ? html` selected` : ''}>${language.code === 'en' ? language.englishName : `${language.englishName} – ${language.name}`}</option>`,
            )}</select>`;
}

function formRow(kase: CaseDetail, form: FormSummary, languages: ClientLanguage[], occasion?: number): Html {
  const response = kase.responses.find((r) => r.formKey === form.key && (r.occasion ?? undefined) === occasion);
  const href = formPath(kase.id, form.key, occasion);
  const state = response?.status === 'submitted' ? 'Submitted' : response ? 'Draft' : 'Not started';
  const open = kase.status === 'open';
  const action =
    form.audience === 'client'
      ? html`${
          open && response?.status !== 'submitted'
            ? html`<form method="post" action="/cases/${kase.id}/links" class="inline">
            <input type="hidden" name="formKey" value="${form.key}">
            ${occasion ? html`<input type="hidden" name="occasion" value="${occasion}">` : ''}
            ${languageSelect(form, languages)}
            <button type="submit" class="button button--secondary">Create client link<span class="visually-hidden"> for ${formTitle(form)}</span></button></form>`
            : ''
        } <a href="${href}">${response ? 'View' : 'Enter on the client’s behalf'}<span class="visually-hidden"> ${formTitle(form)}</span></a>`
      : html`<a href="${href}">${
          !open || response?.status === 'submitted' ? 'View' : response ? 'Continue' : 'Start'
        }<span class="visually-hidden"> ${formTitle(form)}</span></a>`;
  return html`<tr>
    <td>${formTitle(form)}</td>
    <td>${form.audience === 'client' ? 'Client' : 'Practitioner'}</td>
    <td><span class="status status--${state.toLowerCase().replace(/ /g, '-')}">${state}</span></td>
    <td class="actions">${action}</td></tr>`;
}

/** A link just created, shown this once with its expiry, to hand to the client or the child. */
export function newLinkPanel(link: { url: string; expiresAt: string; formTitle: string }, who: string): Html {
  return html`<section class="panel panel--link" aria-labelledby="new-link-title">
          <h2 id="new-link-title">${who} link for ${link.formTitle}</h2>
          <p>Give this link to the ${who.toLowerCase()} in a way that is safe for them. It works once and expires on ${new Date(link.expiresAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' })}. It is shown only now.</p>
          <div class="copy-row"><label for="new-link" class="visually-hidden">${who} link</label>
            <input type="text" id="new-link" value="${link.url}" readonly data-copy-source>
            <button type="button" class="button button--secondary" data-copy="new-link" hidden>Copy link</button></div>
          <p class="muted" data-copy-status role="status" aria-live="polite"></p>
        </section>`;
}

/** The children recorded on the case, each with a page for their own questionnaire and words. */
function childrenSection(kase: CaseDetail): Html {
  const children = recordedChildren(kase);
  if (!kase.childForms.length || !children.length) return html``;
  return html`<section aria-labelledby="children-title"><h2 id="children-title">Children's own voice</h2>
    <p>Each child's own questionnaire and what they said, in their words.</p>
    <ul class="child-list">${children.map(
      (child) =>
        html`<li><a href="/cases/${kase.id}/children/${child.ref}">Child ${child.ref}${child.age !== undefined ? `, ${child.age}` : ''}</a></li>`,
    )}</ul></section>`;
}

export function casePage(options: {
  me: Me;
  kase: CaseDetail;
  forms: FormSummary[];
  links: QuestionnaireLink[] | undefined;
  languages?: ClientLanguage[];
  newLink?: { url: string; expiresAt: string; formTitle: string };
  today: string;
  flagLabel: (key: string) => string;
  notice?: Notice;
  closeError?: string;
  followUp?: FollowUpState;
  followUpError?: string;
  linkage?: CaseLinkage;
  /** The service's projects, for a manager's project field; undefined for a practitioner. */
  projects?: Project[];
}): Html {
  const { kase, forms } = options;
  const title = (key: string) => {
    const form = [...forms, ...kase.childForms].find((f) => f.key === key);
    return form ? formTitle(form) : key;
  };
  const languages = options.languages ?? [];
  const languageName = (code: string | undefined) =>
    languages.find((language) => language.code === code)?.englishName ?? code ?? 'English';
  const exitSubmitted = kase.responses.some((r) => r.formKey === 'core.exit' && r.status === 'submitted');
  return page({
    title: caseName(kase),
    me: options.me,
    path: '/cases',
    notice: options.notice,
    body: html`<nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/cases">Cases</a></li><li aria-current="page">${caseName(kase)}</li></ol></nav>
      <h1>${caseName(kase)}</h1>
      <dl class="facts">
        <div><dt>Status</dt><dd>${kase.status === 'open' ? 'Open' : 'Closed'}</dd></div>
        <div><dt>Opened</dt><dd>${shortDate(kase.openedAt)}</dd></div>
        ${kase.closedAt ? html`<div><dt>Closed</dt><dd>${shortDate(kase.closedAt)}</dd></div>` : ''}
        ${kase.due.length ? html`<div><dt>Due</dt><dd>${kase.due.map((d) => DUE_LABELS[d] ?? d).join('; ')}</dd></div>` : ''}
      </dl>
      ${kase.flags.map((flag) => html`<div class="notice notice--flag" role="note"><strong>Needs attention:</strong> ${options.flagLabel(flag)}</div>`)}
      ${linkagePanel(kase.id, options.linkage)}
      ${options.projects?.length ? caseProjectPanel(kase.id, options.projects, kase.projectId ?? null) : ''}
      ${options.newLink ? newLinkPanel(options.newLink, 'Client') : ''}
      ${STAGES.map((stage) => {
        const stageForms = forms.filter((f) => f.stage === stage.key);
        if (!stageForms.length) return '';
        if (stage.key === 'review') return reviewsSection(kase, stageForms, languages);
        return html`<section class="stage" aria-labelledby="stage-${stage.key}">
          <h2 id="stage-${stage.key}">${stage.title}</h2>
          ${formsTable(stageForms.map((form) => formRow(kase, form, languages)))}</section>`;
      })}
      ${childrenSection(kase)}
      ${
        options.links
          ? html`<section aria-labelledby="links-title"><h2 id="links-title">Client links</h2>
        ${
          options.links.length
            ? html`<table class="table"><thead><tr><th scope="col">Questionnaire</th><th scope="col">Language</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Status</th></tr></thead>
          <tbody>${options.links.map(
            (link) =>
              html`<tr><td>${title(link.formKey)}${link.occasion ? ` (review ${link.occasion})` : ''}${link.childRef ? ` (child ${link.childRef})` : ''}</td><td>${languageName(link.language)}</td><td>${shortDate(link.createdAt)}</td><td>${shortDate(link.expiresAt)}</td><td>${LINK_STATUS[link.status]}</td></tr>`,
          )}</tbody></table>`
            : html`<p class="empty">No links yet.</p>`
        }</section>`
          : ''
      }
      ${options.followUp ? followUpPanel(kase.id, kase.status === 'open', options.followUp, options.followUpError) : ''}
      ${
        kase.status === 'open'
          ? html`<section aria-labelledby="close-title" class="panel"><h2 id="close-title">Close the case</h2>
        ${
          exitSubmitted
            ? html`<form method="post" action="/cases/${kase.id}/close" class="stack" novalidate>
            ${options.closeError ? html`<p class="field-error" id="closedAt-error"><span class="visually-hidden">Error:</span> ${options.closeError}</p>` : ''}
            <div class="field"><label for="closedAt">Date closed</label>
            <input type="date" id="closedAt" name="closedAt" value="${options.today}" class="input--date"${options.closeError ? html` aria-invalid="true" aria-describedby="closedAt-error"` : ''}></div>
            <button type="submit" class="button">Close case</button></form>`
            : html`<p>Submit the exit form first; then the case can be closed.</p>`
        }</section>`
          : ''
      }`,
  });
}

const formsTable = (rows: Html[]) =>
  html`<table class="table"><thead><tr><th scope="col">Form</th><th scope="col">Answered by</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${rows}</tbody></table>`;

/** Each review with its date and forms, newest first, and a way to start the next one. */
function reviewsSection(kase: CaseDetail, reviewForms: FormSummary[], languages: ClientLanguage[]): Html {
  const reviews = [...kase.reviews].sort((a, b) => b.occasion - a.occasion);
  const next = (reviews[0]?.occasion ?? 0) + 1;
  const practitionerForm = reviewForms.find((f) => f.audience === 'practitioner');
  return html`<section class="stage" aria-labelledby="stage-review">
    <h2 id="stage-review">Reviews</h2>
    ${
      kase.status === 'open'
        ? html`<p>${kase.reviewDueOn ? html`Next review due ${shortDate(kase.reviewDueOn)}. ` : ''}${
            practitionerForm
              ? html`<a class="button button--secondary" href="${formPath(kase.id, practitionerForm.key, next)}">Start review ${next}</a>`
              : ''
          }</p>`
        : ''
    }
    ${
      reviews.length
        ? reviews.map(
            (review) => html`<h3 id="review-${review.occasion}">Review ${review.occasion}${
              review.reviewDate ? html` – ${shortDate(review.reviewDate)}` : ''
            }</h3>
      ${formsTable(reviewForms.map((form) => formRow(kase, form, languages, review.occasion)))}`,
          )
        : html`<p class="empty">No reviews yet.</p>`
    }
  </section>`;
}

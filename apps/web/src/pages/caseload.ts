/** The caseload: open cases newest first, what is due and flags at a glance; a new case. */
import type { CaseSummary, Member } from '@harbour/contract';
import { type Html, html } from '@harbour/html';
import { caseName, DUE_LABELS, shortDate } from '../case-types';
import { type Me, type Notice, page } from '../layout';
import { identifiersFieldset } from './linkage';
import { type Worklist, worklistPanel } from './worklist';

export type CaseloadQuery = { status: string; q: string };

function caseRows(cases: CaseSummary[], flagLabel: (key: string) => string): Html {
  if (!cases.length) return html`<p class="empty">No cases match.</p>`;
  return html`<table class="table">
    <thead><tr><th scope="col">Case</th><th scope="col">Opened</th><th scope="col">Due</th><th scope="col">Flags</th></tr></thead>
    <tbody>${cases.map(
      (kase) => html`<tr>
        <td><a href="/cases/${kase.id}">${caseName(kase)}</a>${kase.status === 'closed' ? html` <span class="tag">Closed</span>` : ''}</td>
        <td>${shortDate(kase.openedAt)}</td>
        <td>${kase.due.length ? html`<ul class="tags">${kase.due.map((d) => html`<li class="tag tag--due">${DUE_LABELS[d] ?? d}</li>`)}</ul>` : html`<span class="muted">Nothing due</span>`}</td>
        <td>${kase.flags.length ? html`<ul class="tags">${kase.flags.map((f) => html`<li class="tag tag--flag">${flagLabel(f)}</li>`)}</ul>` : ''}</td>
      </tr>`,
    )}</tbody></table>`;
}

function filters(query: CaseloadQuery): Html {
  const option = (value: string, label: string) =>
    html`<option value="${value}"${query.status === value ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/cases" class="filters" role="search" aria-label="Filter cases">
    <div class="field"><label for="status">Status</label>
      <select id="status" name="status">${option('open', 'Open')}${option('closed', 'Closed')}${option('all', 'All')}</select></div>
    <div class="field"><label for="q">Case reference</label>
      <input type="search" id="q" name="q" value="${query.q}" autocomplete="off"></div>
    <button type="submit" class="button button--secondary">Show cases</button>
  </form>`;
}

function newCaseForm(today: string, linkage: boolean): Html {
  return html`<details class="panel">
    <summary>Open a new case</summary>
    <form method="post" action="/cases" class="stack" novalidate>
      <div class="field"><label for="reference">Case reference (optional)</label>
        <p class="help" id="reference-hint">Your service's own reference. Never the client's name.</p>
        <input type="text" id="reference" name="reference" maxlength="100" autocomplete="off" aria-describedby="reference-hint"></div>
      <div class="field"><label for="openedAt">Date opened</label>
        <input type="date" id="openedAt" name="openedAt" value="${today}" class="input--date"></div>
      ${linkage ? identifiersFieldset() : ''}
      <button type="submit" class="button">Open case</button>
    </form></details>`;
}

export function caseloadPage(options: {
  me: Me;
  cases: CaseSummary[];
  members: Member[] | undefined;
  query: CaseloadQuery;
  today: string;
  flagLabel: (key: string) => string;
  notice?: Notice;
  worklist?: Worklist;
  digest?: boolean;
  /** The service takes part in a linkage region: the new-case form offers the identifiers. */
  linkage?: boolean;
}): Html {
  const { me, cases, members } = options;
  const isManager = me.role === 'manager';
  let listing: Html;
  if (isManager) {
    const byWorker = new Map<string, CaseSummary[]>();
    for (const kase of cases) byWorker.set(kase.workerId, [...(byWorker.get(kase.workerId) ?? []), kase]);
    const nameOf = (id: string) =>
      members?.find((m) => m.userId === id)?.name ?? byWorker.get(id)?.[0]?.workerName ?? 'Former member of staff';
    const workers = [...byWorker.keys()].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    listing = workers.length
      ? html`${workers.map(
          (
            id,
          ) => html`<section class="worker"><h2>${nameOf(id)} <span class="count">${byWorker.get(id)?.length} cases</span></h2>
            ${caseRows(byWorker.get(id) ?? [], options.flagLabel)}</section>`,
        )}`
      : html`<p class="empty">No cases match.</p>`;
  } else {
    listing = caseRows(cases, options.flagLabel);
  }
  return page({
    title: isManager ? "The service's cases" : 'Your caseload',
    me,
    path: '/cases',
    notice: options.notice,
    body: html`<h1>${isManager ? "The service's cases by worker" : 'Your caseload'}</h1>
      ${options.worklist ? worklistPanel(options.worklist, options.digest, options.flagLabel) : ''}
      ${me.role === 'practitioner' ? newCaseForm(options.today, options.linkage ?? false) : ''}
      ${filters(options.query)}
      ${listing}`,
  });
}

/** The worklist at the top of the caseload: what needs doing, each with its cases, and the digest choice. */

import { type Html, html } from '@harbour/html';
import { caseName, shortDate } from '../case-types';

type Line = { caseId: string; reference: string | null };

export type Worklist = {
  counts: { reviewsDue: number; clientQuestionnaires: number; followUpsUnanswered: number; flagged: number };
  reviewsDue: (Line & { reviewDueOn: string | null })[];
  clientQuestionnaires: Line[];
  followUpsUnanswered: (Line & { sentAt: string; status: 'sent' | 'unanswered' })[];
  flagged: (Line & { flags: string[] })[];
};

function group<T extends Line>(title: string, lines: T[], detail: (line: T) => Html | string): Html {
  if (!lines.length) return html``;
  return html`<details class="worklist-group"><summary>${title} <span class="count">${lines.length}</span></summary>
    <ul>${lines.map(
      (line) =>
        html`<li><a href="/cases/${line.caseId}">${caseName({ reference: line.reference, id: line.caseId })}</a> ${detail(line)}</li>`,
    )}</ul></details>`;
}

export function worklistPanel(
  worklist: Worklist,
  digest: boolean | undefined,
  flagLabel: (key: string) => string,
): Html {
  const nothing = Object.values(worklist.counts).every((n) => n === 0);
  return html`<section class="panel worklist" aria-labelledby="worklist-title"><h2 id="worklist-title">Worklist</h2>
    ${
      nothing
        ? html`<p class="empty">Nothing needs doing.</p>`
        : html`${group('Reviews due', worklist.reviewsDue, (l) => (l.reviewDueOn ? html`<span class="muted">since ${shortDate(l.reviewDueOn)}</span>` : ''))}
      ${group('Client questionnaires outstanding', worklist.clientQuestionnaires, () => '')}
      ${group('Follow-ups not answered', worklist.followUpsUnanswered, (l) => html`<span class="muted">sent ${shortDate(l.sentAt)}${l.status === 'unanswered' ? ', link expired' : ''}</span>`)}
      ${group('Flagged for attention', worklist.flagged, (l) => html`<span class="muted">${l.flags.map(flagLabel).join('; ')}</span>`)}`
    }
    ${
      digest === undefined
        ? ''
        : html`<form method="post" action="/digest" class="inline">
      <input type="hidden" name="enabled" value="${digest ? 'no' : 'yes'}">
      <button type="submit" class="button button--secondary">${digest ? 'Stop the daily summary email' : 'Email me a daily summary (counts only)'}</button></form>`
    }
  </section>`;
}

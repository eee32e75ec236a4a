/**
 * "Known elsewhere" on the web: the optional identifiers of the new-case form (sent to the API
 * once, never kept or shown back) and the possible matches on a case, to confirm or reject.
 */
import { type Html, html } from '@harbour/html';

export type LinkageMatch = {
  id: string;
  serviceName: string;
  serviceKind: string;
  safeguardingContact: string | null;
  from: string;
  to: string | null;
  sameService: boolean;
  decision: 'confirmed' | 'rejected' | null;
};

export type CaseLinkage = { encoded: boolean; consent: boolean | null; reason: string | null; matches: LinkageMatch[] };

const KINDS: Record<string, string> = {
  idva: 'Idva service',
  outreach: 'outreach service',
  refuge: 'refuge',
  children: 'children’s service',
  young_people: 'young people’s service',
  sexual_violence: 'sexual violence service',
  housing: 'housing service',
  other: 'service',
};

export const LINKAGE_REASONS: Record<string, string> = {
  risk_of_serious_harm: 'Risk of serious harm',
  child_protection: 'Child protection',
  marac_referral: 'Marac referral',
  legal_duty: 'A legal duty',
};

/** "March 2025" from an ISO date. */
function month(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "between March and June 2025", "in March 2025", or "since March 2025" for a case still open. */
export function supportPeriod(from: string, to: string | null): string {
  if (!to) return `since ${month(from)}`;
  const [a, b] = [month(from), month(to)];
  if (a === b) return `in ${a}`;
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `between ${sameYear ? a.split(' ')[0] : a} and ${b}`;
}

/** The optional fieldset of the new-case form. */
export function identifiersFieldset(): Html {
  return html`<fieldset class="stack">
    <legend>Known elsewhere check (optional)</legend>
    <p class="help" id="linkage-hint">If your service takes part in a linkage region, these let Harbour tell you whether another
      service in the region, or yours, supported this client in the last 12 months. They are turned into a code at once and never stored.</p>
    <div class="field"><label for="firstName">First name</label>
      <input type="text" id="firstName" name="firstName" maxlength="100" autocomplete="off" spellcheck="false" aria-describedby="linkage-hint"></div>
    <div class="field"><label for="lastName">Last name</label>
      <input type="text" id="lastName" name="lastName" maxlength="100" autocomplete="off" spellcheck="false"></div>
    <div class="field"><label for="dateOfBirth">Date of birth</label>
      <input type="date" id="dateOfBirth" name="dateOfBirth" autocomplete="off" class="input--date"></div>
    <div class="field"><label for="postcode">Postcode (optional)</label>
      <input type="text" id="postcode" name="postcode" maxlength="10" autocomplete="off" spellcheck="false"></div>
    <div class="field"><label for="consent">Has the client agreed to the check?</label>
      <select id="consent" name="consent"><option value="yes">Yes</option><option value="no">No</option></select></div>
    <div class="field"><label for="reason">If not, why check without consent</label>
      <select id="reason" name="reason"><option value="">—</option>${Object.entries(LINKAGE_REASONS).map(
        ([value, label]) => html`<option value="${value}">${label}</option>`,
      )}</select></div>
  </fieldset>`;
}

/** The identifiers of a posted new-case form, or undefined when none were entered. */
export function postedIdentifiers(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const text = (key: string) => (typeof body?.[key] === 'string' ? (body[key] as string).trim() : '');
  const [firstName, lastName, dateOfBirth, postcode] = ['firstName', 'lastName', 'dateOfBirth', 'postcode'].map(text);
  if (!firstName && !lastName && !dateOfBirth) return undefined;
  const consent = text('consent') !== 'no';
  const reason = text('reason');
  return {
    firstName,
    lastName,
    dateOfBirth,
    ...(postcode ? { postcode } : {}),
    consent,
    ...(!consent && reason ? { reason } : {}),
  };
}

export function linkagePanel(caseId: string, linkage: CaseLinkage | undefined): Html {
  if (!linkage?.encoded) return html``;
  return html`<section aria-labelledby="linkage-title" class="panel">
    <h2 id="linkage-title">Known elsewhere</h2>
    ${
      linkage.matches.length
        ? html`<ul class="stack">${linkage.matches.map(
            (m) => html`<li class="notice notice--flag">
          <p><strong>Possibly supported by ${m.sameService ? 'your service' : m.serviceName} (${KINDS[m.serviceKind] ?? 'service'})
            ${supportPeriod(m.from, m.to)}.</strong></p>
          ${m.safeguardingContact && !m.sameService ? html`<p>Safeguarding contact: ${m.safeguardingContact}</p>` : ''}
          ${
            m.decision === 'confirmed'
              ? html`<p>You confirmed this is the same person.</p>`
              : html`<form method="post" action="/cases/${caseId}/linkage/${m.id}" class="inline">
            <button type="submit" name="decision" value="confirmed" class="button button--secondary">Same person</button>
            <button type="submit" name="decision" value="rejected" class="button button--secondary">Not the same person</button></form>`
          }
        </li>`,
          )}</ul>`
        : html`<p class="empty">No other support found in the region in the last 12 months.</p>`
    }</section>`;
}

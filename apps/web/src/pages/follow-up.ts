/**
 * The case page's "Contact after closure" panel: the client's choice recorded at exit, the
 * follow-ups sent, and the button that stops all contact at once. The address and code word are
 * never shown back: the server keeps them encrypted and returns only whether they are set.
 */

import { type Html, html } from '@harbour/html';
import { shortDate } from '../case-types';

export type FollowUpState = {
  recorded: boolean;
  consent: boolean | null;
  channel: 'email' | 'sms' | null;
  safeTimes: string[];
  hasCodeWord: boolean;
  nameService: boolean;
  endedAt: string | null;
  endedReason: 'not_safe' | 'unanswered' | null;
  nextDueOn: string | null;
  followUps: { occasion: number; months: number; dueOn: string; sentAt: string; status: string }[];
};

const SAFE_TIMES: [string, string][] = [
  ['weekday_morning', 'Weekday mornings (8am to 12 noon)'],
  ['weekday_afternoon', 'Weekday afternoons (12 noon to 5pm)'],
  ['weekday_evening', 'Weekday evenings (5pm to 9pm)'],
  ['weekend', 'Weekends (9am to 8pm)'],
];

const STATUS: Record<string, string> = {
  sent: 'Sent, waiting',
  answered: 'Answered',
  unanswered: 'Not answered',
  cancelled: 'Stopped',
};

function stateText(state: FollowUpState): Html {
  if (state.endedReason === 'not_safe')
    return html`<p><strong>Contact stopped:</strong> no longer safe to contact.</p>`;
  if (state.endedReason === 'unanswered') {
    return html`<p><strong>Contact stopped:</strong> two follow-ups went unanswered.</p>`;
  }
  if (!state.recorded) return html`<p>Not recorded yet. Ask the client at exit.</p>`;
  if (!state.consent) return html`<p>The client does not want to be contacted after closure.</p>`;
  return html`<p>The client agreed to be contacted by ${state.channel === 'email' ? 'email' : 'text message'}${
    state.safeTimes.length
      ? html`, at: ${state.safeTimes.map((t) => SAFE_TIMES.find(([k]) => k === t)?.[1] ?? t).join('; ')}`
      : ''
  }.${state.hasCodeWord ? ' A code word is set.' : ''}${state.nameService ? ' Messages may name the service.' : ''}${
    state.nextDueOn ? html` Next follow-up due ${shortDate(state.nextDueOn)}.` : ''
  }</p>`;
}

export function followUpPanel(caseId: string, open: boolean, state: FollowUpState, error?: string): Html {
  const live = !state.endedAt;
  return html`<section aria-labelledby="follow-up-title" class="panel"><h2 id="follow-up-title">Contact after closure</h2>
    ${stateText(state)}
    ${
      state.followUps.length
        ? html`<table class="table"><thead><tr><th scope="col">Follow-up</th><th scope="col">Sent</th><th scope="col">Status</th></tr></thead>
      <tbody>${state.followUps.map(
        (f) =>
          html`<tr><td>${f.months} months</td><td>${shortDate(f.sentAt)}</td><td>${STATUS[f.status] ?? f.status}</td></tr>`,
      )}</tbody></table>`
        : ''
    }
    ${error ? html`<p class="field-error" id="follow-up-error"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}
    ${open && live ? choiceForm(caseId, state) : ''}
    ${
      live && state.recorded && state.consent
        ? html`<form method="post" action="/cases/${caseId}/follow-up/cancel" class="inline">
      <button type="submit" class="button button--warning">No longer safe to contact</button></form>`
        : ''
    }
  </section>`;
}

function choiceForm(caseId: string, state: FollowUpState): Html {
  const checked = (on: boolean) => (on ? html` checked` : '');
  return html`<form method="post" action="/cases/${caseId}/follow-up" class="stack" novalidate>
    <div class="field"><fieldset><legend>May we contact the client after the case closes, to ask how they are?</legend>
      <div class="choices choices--inline">
        <div class="choice"><input type="radio" id="fu-consent" name="consent" value="yes"${checked(state.consent === true)}><label for="fu-consent">Yes</label></div>
        <div class="choice"><input type="radio" id="fu-consent-no" name="consent" value="no"${checked(state.consent === false)}><label for="fu-consent-no">No</label></div>
      </div></fieldset></div>
    <div class="field"><fieldset><legend>Safe way to contact</legend>
      <div class="choices choices--inline">
        <div class="choice"><input type="radio" id="fu-channel" name="channel" value="email"${checked(state.channel === 'email')}><label for="fu-channel">Email</label></div>
        <div class="choice"><input type="radio" id="fu-channel-sms" name="channel" value="sms"${checked(state.channel === 'sms')}><label for="fu-channel-sms">Text message</label></div>
      </div></fieldset></div>
    <div class="field"><label for="fu-address">Safe email address or mobile number</label>
      <p class="hint">Kept encrypted, used only for these follow-ups, never shown again.</p>
      <input type="text" id="fu-address" name="address" autocomplete="off"></div>
    <div class="field"><fieldset><legend>Safe times to receive a message</legend>
      <div class="choices">${SAFE_TIMES.map(
        ([code, label]) =>
          html`<div class="choice"><input type="checkbox" id="fu-time-${code}" name="safeTimes" value="${code}"${checked(
            state.safeTimes.includes(code),
          )}><label for="fu-time-${code}">${label}</label></div>`,
      )}</div></fieldset></div>
    <div class="field"><label for="fu-code-word">Code word (optional)</label>
      <p class="hint">Shown in each message so the client knows it is genuine.</p>
      <input type="text" id="fu-code-word" name="codeWord" autocomplete="off" maxlength="50"></div>
    <div class="field"><div class="choice"><input type="checkbox" id="fu-name-service" name="nameService" value="yes"${checked(
      state.nameService,
    )}><label for="fu-name-service">The client wants messages to name the service</label></div></div>
    <button type="submit" class="button button--secondary">Save contact choice</button>
  </form>`;
}

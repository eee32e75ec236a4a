/** A manager's pages about their service: module activation and users. */
import type { Member } from '@harbour/contract';
import { type Html, html } from '@harbour/html';
import { type Me, type Notice, page } from '../layout';

export type ModuleInfo = {
  key: string;
  title: string;
  description: string;
  alwaysActive: boolean;
  activeFrom: string | null;
  activeTo: string | null;
  activeToday: boolean;
};

export function modulesPage(options: { me: Me; modules: ModuleInfo[]; notice?: Notice }): Html {
  return page({
    title: 'Modules',
    me: options.me,
    path: '/service/modules',
    notice: options.notice,
    body: html`<h1>Form modules</h1>
      <p>A module's forms are offered on cases whose dates fall while it is active.</p>
      ${options.modules.map(
        (m) => html`<section class="panel" aria-labelledby="m-${m.key}">
          <h2 id="m-${m.key}">${m.title} <span class="tag${m.activeToday ? ' tag--ok' : ''}">${m.activeToday ? 'Active today' : 'Not active today'}</span></h2>
          <p>${m.description}</p>
          ${
            m.alwaysActive
              ? html`<p class="muted">Always active.</p>`
              : html`<form method="post" action="/service/modules/${m.key}" class="filters" novalidate>
            <div class="field"><label for="from-${m.key}">Active from</label>
              <input type="date" id="from-${m.key}" name="activeFrom" value="${m.activeFrom ?? ''}" class="input--date"></div>
            <div class="field"><label for="to-${m.key}">Active to (optional)</label>
              <input type="date" id="to-${m.key}" name="activeTo" value="${m.activeTo ?? ''}" class="input--date"></div>
            <button type="submit" class="button button--secondary">Save dates<span class="visually-hidden"> for ${m.title}</span></button>
          </form>`
          }
        </section>`,
      )}`,
  });
}

const ROLE_LABELS: Record<string, string> = { practitioner: 'Practitioner', manager: 'Manager' };

/** The service's people; a manager's copy has a button to end each membership (never the account). */
export function memberTable(members: Member[], removeAction?: (member: Member) => string): Html {
  if (!members.length) return html`<p class="empty">Nobody yet.</p>`;
  return html`<table class="table"><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Practitioner role</th><th scope="col">Status</th>${removeAction ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : ''}</tr></thead>
    <tbody>${members.map(
      (m) =>
        html`<tr><td>${m.name}</td><td>${m.email}</td><td>${ROLE_LABELS[m.role] ?? m.role}</td><td>${m.practitionerRole ?? ''}</td><td>${m.disabled ? 'Disabled' : 'Active'}</td>${
          removeAction
            ? html`<td><form method="post" action="${removeAction(m)}"><button type="submit" class="link-button">Remove from the service<span class="visually-hidden"> ${m.name}</span></button></form></td>`
            : ''
        }</tr>`,
    )}</tbody></table>`;
}

export function inviteForm(action: string, roles: string[]): Html {
  return html`<form method="post" action="${action}" class="stack panel" novalidate>
    <h2>Invite a person</h2>
    <div class="field"><label for="email">Email address</label><input type="email" id="email" name="email" autocomplete="off" spellcheck="false"></div>
    ${
      roles.length > 1
        ? html`<div class="field"><label for="role">Role</label><select id="role" name="role">${roles.map((r) => html`<option value="${r}">${ROLE_LABELS[r] ?? r}</option>`)}</select></div>
    <div class="field"><label for="practitionerRole">Practitioner role</label><select id="practitionerRole" name="practitionerRole">
      <option value="">Not a practitioner</option><option value="idva">Idva</option><option value="ypva">Young people’s violence adviser</option>
      <option value="outreach">Outreach</option><option value="refuge">Refuge</option><option value="children">Children’s worker</option>
      <option value="hospital_idva">Hospital Idva</option><option value="other">Other</option></select></div>`
        : html`<input type="hidden" name="role" value="${roles[0]}">`
    }
    <p class="help">They get a link (and a code) to accept within a week. Someone new chooses their own name and password; someone with a Harbour account accepts while signed in.</p>
    <button type="submit" class="button">Invite</button>
  </form>`;
}

export function usersPage(options: { me: Me; members: Member[]; serviceId: string; notice?: Notice }): Html {
  return page({
    title: 'Users',
    me: options.me,
    path: '/service/users',
    notice: options.notice,
    body: html`<h1>Users of the service</h1>${memberTable(options.members, (m) => `/service/users/${m.userId}/remove`)}${inviteForm('/service/users', ['practitioner', 'manager'])}`,
  });
}

export function invitationNotice(email: string, url: string, code: string): Notice {
  return {
    kind: 'success',
    text: html`${email} is invited. Give them this link: <code class="secret">${url}</code> (or the code <code class="secret">${code}</code>). It works once, for a week, and is not shown again.`,
  };
}

/** The linkage pages of a service's managers (participation, disclosures) and of the platform admin (regions). */

import { type Html, html } from '@harbour/html';
import { shortDate } from '../case-types';
import { type Me, type Notice, page } from '../layout';

export type Participation = {
  regionId: string | null;
  regionName: string | null;
  optedIn: boolean;
  safeguardingContact: string | null;
};

export type Disclosure = {
  matchId: string;
  caseId: string;
  reference: string | null;
  shownToService: string;
  shownAt: string;
};

export type Region = { id: string; name: string; services: { serviceId: string; name: string; optedIn: boolean }[] };

export function participationPage(options: {
  me: Me;
  participation: Participation;
  disclosures: Disclosure[];
  notice?: Notice;
}): Html {
  const p = options.participation;
  return page({
    title: 'Known elsewhere',
    me: options.me,
    path: '/service/linkage',
    notice: options.notice,
    body: html`<h1>Known elsewhere</h1>
      <p>When your service takes part, practitioners may enter a client's name, date of birth and postcode at intake. Harbour keeps
        only a code made from them, and tells the practitioner whether another service of the region, or yours, supported the client
        in the last 12 months. Your safeguarding contact is shown to other services with the matches of your cases.</p>
      ${
        p.regionId
          ? html`<form method="post" action="/service/linkage" class="stack panel" novalidate>
        <p>Linkage region: <strong>${p.regionName ?? ''}</strong></p>
        <div class="field"><label for="optedIn">Take part</label>
          <select id="optedIn" name="optedIn"><option value="yes"${p.optedIn ? html` selected` : ''}>Yes</option><option value="no"${p.optedIn ? '' : html` selected`}>No</option></select></div>
        <div class="field"><label for="safeguardingContact">Safeguarding contact</label>
          <input type="text" id="safeguardingContact" name="safeguardingContact" maxlength="300" value="${p.safeguardingContact ?? ''}" autocomplete="off"></div>
        <button type="submit" class="button">Save</button></form>`
          : html`<p class="empty">The platform admin has not put your service in a linkage region.</p>`
      }
      <section aria-labelledby="disclosures-title"><h2 id="disclosures-title">Your cases shown to other services</h2>
      ${
        options.disclosures.length
          ? html`<table class="table"><thead><tr><th scope="col">Case</th><th scope="col">Shown to</th><th scope="col">When</th></tr></thead>
        <tbody>${options.disclosures.map(
          (d) =>
            html`<tr><td><a href="/cases/${d.caseId}">${d.reference ?? 'Case without a reference'}</a></td><td>${d.shownToService}</td><td>${shortDate(d.shownAt.slice(0, 10))}</td></tr>`,
        )}</tbody></table>`
          : html`<p class="empty">None of your cases has been shown as a possible match.</p>`
      }</section>`,
  });
}

export function regionsPage(options: {
  me: Me;
  regions: Region[];
  services: { id: string; name: string }[];
  notice?: Notice;
}): Html {
  return page({
    title: 'Linkage regions',
    me: options.me,
    path: '/admin/linkage',
    notice: options.notice,
    body: html`<h1>Linkage regions</h1>
      <p>Encodings of clients match only within a region (a Marac or police force area). A service takes part once its manager opts in.</p>
      ${options.regions.map(
        (r) => html`<section class="panel" aria-labelledby="r-${r.id}">
        <h2 id="r-${r.id}">${r.name}</h2>
        ${
          r.services.length
            ? html`<ul>${r.services.map((s) => html`<li>${s.name} <span class="tag${s.optedIn ? ' tag--ok' : ''}">${s.optedIn ? 'Taking part' : 'Not opted in'}</span></li>`)}</ul>`
            : html`<p class="empty">No services yet.</p>`
        }
        <form method="post" action="/admin/linkage/${r.id}/services" class="filters" novalidate>
          <div class="field"><label for="service-${r.id}">Service</label>
            <select id="service-${r.id}" name="serviceId">${options.services.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select></div>
          <button type="submit" class="button button--secondary">Add to ${r.name}</button></form>
        <form method="post" action="/admin/linkage/${r.id}/key-rotation" class="inline">
          <button type="submit" class="button button--secondary">Rotate the key<span class="visually-hidden"> of ${r.name}</span></button></form>
      </section>`,
      )}
      <form method="post" action="/admin/linkage" class="stack panel" novalidate>
        <h2>New region</h2>
        <div class="field"><label for="name">Name</label><input type="text" id="name" name="name" maxlength="200" autocomplete="off"></div>
        <button type="submit" class="button">Create region</button></form>`,
  });
}

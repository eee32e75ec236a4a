/** A platform admin's pages: services, and the managers of each. */
import type { Member } from '@harbour/contract';
import { type Html, html } from '@harbour/html';
import type { FastifyInstance } from 'fastify';
import type { Problem } from '../api-client';
import { type Me, type Notice, page } from '../layout';
import { invitationNotice, inviteForm, memberTable } from '../pages/service';
import { notFoundPage, sendHtml, signedIn } from '../respond';

type Body = Record<string, string | undefined>;
type Service = {
  id: string;
  name: string;
  kind: string;
  localAuthority: string | null;
  sharesNationalDataset: boolean;
};

const KINDS: Record<string, string> = {
  idva: 'Idva service',
  outreach: 'Outreach',
  refuge: 'Refuge',
  children: 'Children',
  young_people: 'Young people',
  sexual_violence: 'Sexual violence',
  housing: 'Housing',
  other: 'Other',
};

function servicesPage(me: Me, services: Service[], notice?: Notice): Html {
  return page({
    title: 'Services',
    me,
    path: '/admin/services',
    notice,
    body: html`<h1>Services</h1>
      ${
        services.length
          ? html`<table class="table"><thead><tr><th scope="col">Service</th><th scope="col">Kind</th><th scope="col">Local authority</th><th scope="col">National dataset</th></tr></thead>
        <tbody>${services.map(
          (s) =>
            html`<tr><td><a href="/admin/services/${s.id}">${s.name}</a></td><td>${KINDS[s.kind] ?? s.kind}</td><td>${s.localAuthority ?? ''}</td><td>${s.sharesNationalDataset ? 'Shares' : 'Does not share'}</td></tr>`,
        )}</tbody></table>`
          : html`<p class="empty">No services yet.</p>`
      }
      <form method="post" action="/admin/services" class="stack panel" novalidate>
        <h2>Create a service</h2>
        <div class="field"><label for="name">Name</label><input type="text" id="name" name="name" autocomplete="off"></div>
        <div class="field"><label for="kind">Kind</label><select id="kind" name="kind">${Object.entries(KINDS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select></div>
        <div class="field"><label for="localAuthority">Local authority code (optional)</label>
          <p class="help" id="la-hint">The ONS code, such as E09000033.</p>
          <input type="text" id="localAuthority" name="localAuthority" class="input--short" aria-describedby="la-hint" autocomplete="off"></div>
        <div class="choice"><input type="checkbox" id="shares" name="sharesNationalDataset" value="true"><label for="shares">Shares pseudonymised data with the national dataset</label></div>
        <button type="submit" class="button">Create service</button>
      </form>`,
  });
}

function servicePage(me: Me, service: Service, members: Member[], notice?: Notice): Html {
  return page({
    title: service.name,
    me,
    path: '/admin/services',
    notice,
    body: html`<nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/admin/services">Services</a></li><li aria-current="page">${service.name}</li></ol></nav>
      <h1>${service.name}</h1>
      <h2>Managers and practitioners</h2>
      ${memberTable(members)}
      ${inviteForm(`/admin/services/${service.id}/managers`, ['manager'])}`,
  });
}

export default async function adminRoutes(app: FastifyInstance) {
  app.get('/admin/services', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return reply;
    const response = await signed.api.get<Service[]>('/services');
    return sendHtml(reply, servicesPage(signed.me, response.status === 200 ? response.body : []));
  });

  app.post<{ Body: Body }>('/admin/services', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return reply;
    const b = request.body ?? {};
    const response = await signed.api.send<Service & Problem>('POST', '/services', {
      name: (b.name ?? '').trim(),
      kind: b.kind ?? 'other',
      ...(b.localAuthority?.trim() ? { localAuthority: b.localAuthority.trim() } : {}),
      sharesNationalDataset: b.sharesNationalDataset === 'true',
    });
    const list = await signed.api.get<Service[]>('/services');
    const notice: Notice =
      response.status === 201
        ? { kind: 'success', text: `${response.body.name} is created.` }
        : {
            kind: 'error',
            text: `Not created. ${response.body.message}${response.body.details ? `: ${response.body.details.map((d) => `${d.pointer.slice(1)} ${d.message}`).join('; ')}` : ''}`,
          };
    return sendHtml(
      reply,
      servicesPage(signed.me, list.status === 200 ? list.body : [], notice),
      response.status === 201 ? 201 : 422,
    );
  });

  async function load(request: Parameters<typeof signedIn>[1], reply: Parameters<typeof signedIn>[2], id: string) {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return undefined;
    const service = /^[0-9a-f-]{36}$/.test(id) ? await signed.api.get<Service>(`/services/${id}`) : undefined;
    if (service?.status !== 200) {
      notFoundPage(reply, signed.me);
      return undefined;
    }
    return { ...signed, service: service.body };
  }

  app.get<{ Params: { id: string } }>('/admin/services/:id', async (request, reply) => {
    const loaded = await load(request, reply, request.params.id);
    if (!loaded) return reply;
    const members = await loaded.api.get<Member[]>(`/services/${loaded.service.id}/members`);
    return sendHtml(reply, servicePage(loaded.me, loaded.service, members.status === 200 ? members.body : []));
  });

  app.post<{ Params: { id: string }; Body: Body }>('/admin/services/:id/managers', async (request, reply) => {
    const loaded = await load(request, reply, request.params.id);
    if (!loaded) return reply;
    const b = request.body ?? {};
    const response = await loaded.api.send<{ email: string; url: string; code: string } & Problem>(
      'POST',
      `/services/${loaded.service.id}/invitations`,
      { email: (b.email ?? '').trim(), role: 'manager' },
    );
    const notice: Notice =
      response.status === 201
        ? invitationNotice(response.body.email, response.body.url, response.body.code)
        : { kind: 'error', text: `Not invited. ${response.body.message}` };
    const members = await loaded.api.get<Member[]>(`/services/${loaded.service.id}/members`);
    return sendHtml(
      reply,
      servicePage(loaded.me, loaded.service, members.status === 200 ? members.body : [], notice),
      response.status === 201 ? 201 : 422,
    );
  });
}

/** Accepting an invitation to a service, and choosing the service to work in. */

import { errorSummary, type Html, html } from '@harbour/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiFor, type Problem } from '../api-client';
import { accountField, type Me, page } from '../layout';
import { SERVICE_COOKIE } from '../options';
import { seeOther, sendHtml, signedIn } from '../respond';

type Body = Record<string, string | undefined>;
type Service = { id: string; name: string };

function acceptPage(token: string, me: Me | null, errors: { pointer: string; message: string }[] = []): Html {
  return page({
    title: 'Join a service',
    me,
    body: html`<div class="narrow">
      <h1>Join a service on Harbour</h1>
      ${errorSummary(
        'There is a problem',
        errors.map((e) => ({ href: `#f-${e.pointer.slice(1) || 'name'}`, text: e.message })),
      )}
      <form method="post" action="/invitations/${token}" class="stack" novalidate>
        ${
          me
            ? html`<p>You are signed in as ${me.user.email}. Accept the invitation to add the service to your account.</p>`
            : html`<p>Choose your name and a password to create your account. Already have a Harbour account?
                <a href="/sign-in">Sign in</a> first, then open this invitation again.</p>
                ${accountField(errors, { name: 'name', label: 'Your name', type: 'text', autocomplete: 'name' })}
                ${accountField(errors, {
                  name: 'password',
                  label: 'Password (at least 12 characters)',
                  type: 'password',
                  autocomplete: 'new-password',
                })}`
        }
        <button type="submit" class="button">Accept the invitation</button>
      </form></div>`,
  });
}

function choosePage(me: Me, services: Service[]): Html {
  const names = new Map(services.map((s) => [s.id, s.name]));
  return page({
    title: 'Choose a service',
    me,
    body: html`<div class="narrow">
      <h1>Which service are you working in?</h1>
      <form method="post" action="/choose-service" class="stack" novalidate>
        <fieldset class="choices"><legend>Services you belong to</legend>
        ${me.memberships.map(
          (
            m,
            i,
          ) => html`<div class="choice"><input type="radio" id="s-${i}" name="serviceId" value="${m.serviceId}"${m.serviceId === me.serviceId ? html` checked` : ''}>
            <label for="s-${i}">${names.get(m.serviceId) ?? m.serviceId} (${m.role})</label></div>`,
        )}</fieldset>
        <button type="submit" class="button">Continue</button>
      </form></div>`,
  });
}

const isToken = (token: string) => /^hbi_[A-Za-z0-9_-]{43}$/.test(token);

async function meOrNull(app: FastifyInstance, request: FastifyRequest): Promise<Me | null> {
  const me = await apiFor(app, request).get<Me>('/auth/me');
  return me.status === 200 && !me.body.user.secondFactorRequired ? me.body : null;
}

/** Remembers the service the person works in (the API hears it as X-Service-Id). */
function workIn(request: FastifyRequest, reply: FastifyReply, serviceId: string): void {
  reply.setCookie(SERVICE_COOKIE, serviceId, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}

function invalid(reply: FastifyReply, me: Me | null): FastifyReply {
  return sendHtml(
    reply,
    page({
      title: 'Invitation not valid',
      me,
      body: html`<h1>This invitation is not valid</h1><p>It was used, withdrawn or has expired. Ask the service's manager for a new one.</p>`,
    }),
    404,
  );
}

export default async function invitationRoutes(app: FastifyInstance) {
  app.get<{ Params: { token: string } }>('/invitations/:token', async (request, reply) => {
    const me = await meOrNull(app, request);
    if (!isToken(request.params.token)) return invalid(reply, me);
    return sendHtml(reply, acceptPage(request.params.token, me));
  });

  app.post<{ Params: { token: string }; Body: Body }>('/invitations/:token', async (request, reply) => {
    const me = await meOrNull(app, request);
    const token = request.params.token;
    if (!isToken(token)) return invalid(reply, me);
    const b = request.body ?? {};
    const response = await apiFor(app, request).send<{ serviceId: string } & Problem>('POST', '/invitations/accept', {
      token,
      ...(me ? {} : { name: (b.name ?? '').trim(), password: b.password ?? '' }),
    });
    if (response.status === 201) {
      workIn(request, reply, response.body.serviceId);
      return seeOther(reply, me ? '/' : '/sign-in');
    }
    if (response.status === 404) return invalid(reply, me);
    const details = response.body.details?.length
      ? response.body.details
      : [{ pointer: '/name', message: response.body.message }];
    return sendHtml(reply, acceptPage(token, me, details), response.status);
  });

  app.get('/choose-service', async (request, reply) => {
    const signed = await signedIn(app, request, reply);
    if (!signed) return reply;
    const services = await signed.api.get<Service[]>('/services');
    return sendHtml(reply, choosePage(signed.me, services.status === 200 ? services.body : []));
  });

  app.post<{ Body: Body }>('/choose-service', async (request, reply) => {
    const signed = await signedIn(app, request, reply);
    if (!signed) return reply;
    const wanted = signed.me.memberships.find((m) => m.serviceId === request.body?.serviceId);
    if (!wanted) return seeOther(reply, '/choose-service');
    workIn(request, reply, wanted.serviceId);
    return seeOther(reply, '/');
  });
}

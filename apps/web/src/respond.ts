/** Sending pages, and finding out who is signed in before a page is shown. */

import type { Html } from '@harbour/html';
import { html } from '@harbour/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Api, apiFor } from './api-client';
import { type Me, page } from './layout';
import { SERVICE_COOKIE } from './options';

export type Signed = { api: Api; me: Me };

export function sendHtml(reply: FastifyReply, markup: Html, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(markup.value);
}

/** After a POST, always a 303 so that a reload does not post again. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.status(303).header('location', location).send();
}

export function notFoundPage(reply: FastifyReply, me: Me | null): FastifyReply {
  return sendHtml(
    reply,
    page({
      title: 'Page not found',
      me,
      body: html`<h1>Page not found</h1><p>There is nothing at this address, or you do not have access to it.</p>
        <p><a href="/">Go to your start page</a></p>`,
    }),
    404,
  );
}

export function problemPage(reply: FastifyReply, me: Me | null, status: number, message: string): FastifyReply {
  if (status === 404) return notFoundPage(reply, me);
  return sendHtml(
    reply,
    page({
      title: 'Something went wrong',
      me,
      body: html`<h1>Something went wrong</h1><p>${message}</p><p><a href="/">Go to your start page</a></p>`,
    }),
    status >= 400 ? status : 500,
  );
}

/**
 * The signed-in person, or a redirect to the step of signing in they still owe: the sign-in page,
 * the second factor, or a forced password change. `undefined` means the reply is already sent.
 */
export async function signedIn(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  roles?: Me['role'][],
): Promise<Signed | undefined> {
  const api = apiFor(app, request);
  const response = await api.get<Me>('/auth/me');
  if (response.status === 404 && request.cookies[SERVICE_COOKIE]) {
    // the chosen service is no longer theirs: choose again
    reply.clearCookie(SERVICE_COOKIE, { path: '/' });
    seeOther(reply, '/choose-service');
    return undefined;
  }
  if (response.status !== 200) {
    seeOther(reply, '/sign-in');
    return undefined;
  }
  const me = response.body;
  if (me.user.secondFactorRequired) {
    seeOther(reply, '/sign-in/code');
    return undefined;
  }
  if (mustEnrolSecondFactor(me)) {
    seeOther(reply, '/sign-in/setup');
    return undefined;
  }
  if (me.user.mustChangePassword) {
    seeOther(reply, '/password');
    return undefined;
  }
  if (roles && !roles.includes(me.role)) {
    notFoundPage(reply, me);
    return undefined;
  }
  return { api, me };
}

/** Managers, researchers and admins must set up a second factor before anything else (SECURITY.md). */
export function mustEnrolSecondFactor(me: Me): boolean {
  if (me.user.secondFactorEnabled) return false;
  return (
    me.user.platformRole === 'admin' ||
    me.user.platformRole === 'researcher' ||
    me.memberships.some((m) => m.role === 'manager')
  );
}

/** Copies the API's cookies and Clear-Site-Data onto the page's response. */
export function passOnSession(reply: FastifyReply, headers: Record<string, unknown>): void {
  const cookies = headers['set-cookie'];
  if (cookies) reply.header('set-cookie', cookies as string | string[]);
  const clear = headers['clear-site-data'];
  if (typeof clear === 'string') reply.header('clear-site-data', clear);
}

/** Signing in and out: password, second factor, forced password change. */

import { errorSummary, type Html, html } from '@harbour/html';
import type { FastifyInstance } from 'fastify';
import { apiFor, type Problem } from '../api-client';
import { accountField, type Me, page } from '../layout';
import { mustEnrolSecondFactor, passOnSession, seeOther, sendHtml, signedIn } from '../respond';

type Body = Record<string, string | undefined>;

function signInPage(error?: string, email = ''): Html {
  return page({
    title: 'Sign in',
    body: html`<div class="narrow">
      <h1>Sign in</h1>
      ${error ? errorSummary('There is a problem', [{ href: '#email', text: error }]) : ''}
      <form method="post" action="/sign-in" class="stack" novalidate>
        <div class="field"><label for="email">Email address</label>
          <input type="email" id="email" name="email" value="${email}" autocomplete="username" required spellcheck="false"></div>
        <div class="field"><label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required></div>
        <button type="submit" class="button">Sign in</button>
      </form></div>`,
  });
}

function codePage(error?: string): Html {
  return page({
    title: 'Enter your code',
    body: html`<div class="narrow">
      <h1>Enter the code from your authenticator app</h1>
      ${error ? errorSummary('There is a problem', [{ href: '#code', text: error }]) : ''}
      <form method="post" action="/sign-in/code" class="stack" novalidate>
        <div class="field${error ? ' field--error' : ''}"><label for="code">Six-digit code, or a recovery code</label>
          <input type="text" id="code" name="code" autocomplete="one-time-code"
            maxlength="40" required spellcheck="false"${error ? html` aria-invalid="true"` : ''}></div>
        <button type="submit" class="button">Continue</button>
      </form>
      <form method="post" action="/sign-out"><button type="submit" class="link-button">Cancel and sign out</button></form>
      </div>`,
  });
}

function passwordPage(me: Me, errors: Problem['details'] = [], forced = true): Html {
  return page({
    title: 'Change your password',
    me,
    body: html`<div class="narrow">
      <h1>Change your password</h1>
      ${forced ? html`<p>You need to choose a new password before you continue.</p>` : ''}
      ${errorSummary(
        'There is a problem',
        errors.map((e) => ({ href: `#f-${e.pointer.slice(1)}`, text: e.message })),
      )}
      <form method="post" action="/password" class="stack" novalidate>
        ${accountField(errors, { name: 'currentPassword', label: 'Current password', type: 'password', autocomplete: 'current-password' })}
        ${accountField(errors, {
          name: 'newPassword',
          label: 'New password',
          type: 'password',
          autocomplete: 'new-password',
          help: 'At least 12 characters. A few unrelated words make a strong password.',
        })}
        <div class="choice"><input type="checkbox" id="f-revokeTokens" name="revokeTokens" value="true" checked>
          <label for="f-revokeTokens">Also revoke my API tokens (scripts using them stop working)</label></div>
        <button type="submit" class="button">Change password</button>
      </form></div>`,
  });
}

function setupPage(me: Me, setup?: { qrCode: string; secret: string }, error?: string): Html {
  return page({
    title: 'Set up two-step verification',
    me,
    body: html`<div class="narrow">
      <h1>Set up two-step verification</h1>
      <p>Your role needs a code from an authenticator app each time you sign in, as well as your password.</p>
      ${
        setup
          ? html`${error ? errorSummary('There is a problem', [{ href: '#code', text: error }]) : ''}
        <ol class="steps">
          <li>Scan this QR code with your authenticator app.<br><img src="${setup.qrCode}" alt="QR code for your authenticator app" width="200" height="200"></li>
          <li>Or type this key into the app: <code class="secret" data-totp-secret>${setup.secret}</code></li>
          <li>Enter the six-digit code the app shows.</li>
        </ol>
        <form method="post" action="/sign-in/setup/confirm" class="stack" novalidate>
          <input type="hidden" name="secret" value="${setup.secret}">
          <input type="hidden" name="qrCode" value="${setup.qrCode}">
          <div class="field${error ? ' field--error' : ''}"><label for="code">Six-digit code</label>
            <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" class="input--short" maxlength="7"${error ? html` aria-invalid="true"` : ''}></div>
          <button type="submit" class="button">Turn on two-step verification</button>
        </form>`
          : html`<form method="post" action="/sign-in/setup" class="stack"><button type="submit" class="button">Start</button></form>`
      }
      <form method="post" action="/sign-out"><button type="submit" class="link-button">Cancel and sign out</button></form>
    </div>`,
  });
}

function recoveryCodesPage(me: Me, codes: string[]): Html {
  return page({
    title: 'Your recovery codes',
    me,
    body: html`<div class="narrow">
      <h1>Two-step verification is on</h1>
      <p>Keep these recovery codes somewhere safe, away from your phone. Each works once if you lose the app. They are not shown again.</p>
      <ul class="codes">${codes.map((c) => html`<li><code class="secret">${c}</code></li>`)}</ul>
      <p><a class="button" href="/">Continue</a></p></div>`,
  });
}

const WHERE_TO_START: Record<string, string> = {
  practitioner: '/cases',
  manager: '/dashboard',
  admin: '/admin/services',
  researcher: '/research',
};

export default async function sessionRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const signed = await signedIn(app, request, reply);
    if (!signed) return reply;
    const start = signed.me.role ? WHERE_TO_START[signed.me.role] : undefined;
    if (start) return seeOther(reply, start);
    if (signed.me.memberships.length > 1) return seeOther(reply, '/choose-service');
    return sendHtml(
      reply,
      page({
        title: 'Nothing to show',
        me: signed.me,
        body: html`<h1>Welcome, ${signed.me.user.name}</h1>
          <p>Your account has no pages in this app. Researchers use the research API.</p>`,
      }),
    );
  });

  app.get('/sign-in', async (_request, reply) => sendHtml(reply, signInPage()));

  app.post<{ Body: Body }>('/sign-in', async (request, reply) => {
    const email = String(request.body?.email ?? '').trim();
    const password = String(request.body?.password ?? '');
    if (!email || !password) return sendHtml(reply, signInPage('Enter your email address and password', email), 400);
    const response = await apiFor(app, request).send<
      {
        secondFactorRequired?: boolean;
        mustChangePassword?: boolean;
      } & Problem
    >('POST', '/auth/login', { email, password });
    if (response.status !== 200) {
      const message = response.status === 401 ? 'The email address or password is not right' : response.body.message;
      return sendHtml(reply, signInPage(message, email), response.status);
    }
    passOnSession(reply, response.headers);
    if (response.body.secondFactorRequired) return seeOther(reply, '/sign-in/code');
    if (response.body.mustChangePassword) return seeOther(reply, '/password');
    return seeOther(reply, '/');
  });

  app.get('/sign-in/code', async (_request, reply) => sendHtml(reply, codePage()));

  app.post<{ Body: Body }>('/sign-in/code', async (request, reply) => {
    const code = String(request.body?.code ?? '').replace(/\s/g, '');
    const response = await apiFor(app, request).send<{ wrongCodesSinceLastSignIn: number } & Problem>(
      'POST',
      '/auth/2fa/verify',
      /^[0-9]{6}$/.test(code) ? { code } : { recoveryCode: code },
    );
    if (response.status === 401) return seeOther(reply, '/sign-in');
    if (response.status !== 200) {
      const message =
        response.status === 429 || response.status === 423
          ? response.body.message
          : 'That code is not right: check your app and try again';
      return sendHtml(
        reply,
        codePage(message),
        response.status === 429 || response.status === 423 ? response.status : 400,
      );
    }
    passOnSession(reply, response.headers);
    const wrong = response.body.wrongCodesSinceLastSignIn;
    if (wrong > 0) {
      return sendHtml(
        reply,
        page({
          title: 'Wrong codes were entered',
          body: html`<div class="narrow"><h1>Someone entered wrong codes for your account</h1>
            <p>Since you last signed in, ${String(wrong)} wrong ${wrong === 1 ? 'code was' : 'codes were'} entered after your password.
            If that was not you, someone knows your password: <a href="/password">change it now</a>.</p>
            <p><a href="/" class="button">Continue</a></p></div>`,
        }),
      );
    }
    return seeOther(reply, '/');
  });

  async function meOrSignIn(request: Parameters<typeof apiFor>[1]) {
    const me = await apiFor(app, request).get<Me>('/auth/me');
    return me.status === 200 ? me.body : undefined;
  }

  app.get('/sign-in/setup', async (request, reply) => {
    const me = await meOrSignIn(request);
    if (!me) return seeOther(reply, '/sign-in');
    if (!mustEnrolSecondFactor(me)) return seeOther(reply, '/');
    return sendHtml(reply, setupPage(me));
  });

  app.post('/sign-in/setup', async (request, reply) => {
    const me = await meOrSignIn(request);
    if (!me) return seeOther(reply, '/sign-in');
    const response = await apiFor(app, request).send<{ qrCode: string; secret: string } & Problem>(
      'POST',
      '/auth/2fa/setup',
    );
    if (response.status !== 200) return seeOther(reply, '/');
    return sendHtml(reply, setupPage(me, response.body));
  });

  app.post<{ Body: Body }>('/sign-in/setup/confirm', async (request, reply) => {
    const me = await meOrSignIn(request);
    if (!me) return seeOther(reply, '/sign-in');
    const code = String(request.body?.code ?? '').replace(/\s/g, '');
    const response = await apiFor(app, request).send<{ recoveryCodes: string[] } & Problem>(
      'POST',
      '/auth/2fa/enable',
      { code },
    );
    if (response.status !== 200) {
      const setup = { secret: String(request.body?.secret ?? ''), qrCode: String(request.body?.qrCode ?? '') };
      return sendHtml(reply, setupPage(me, setup, 'That code is not right: check your app and try again'), 400);
    }
    return sendHtml(reply, recoveryCodesPage(me, response.body.recoveryCodes));
  });

  app.get('/password', async (request, reply) => {
    const me = await apiFor(app, request).get<Me>('/auth/me');
    if (me.status !== 200) return seeOther(reply, '/sign-in');
    return sendHtml(reply, passwordPage(me.body, [], me.body.user.mustChangePassword));
  });

  app.post<{ Body: Body }>('/password', async (request, reply) => {
    const api = apiFor(app, request);
    const me = await api.get<Me>('/auth/me');
    if (me.status !== 200) return seeOther(reply, '/sign-in');
    const response = await api.send<Problem>('POST', '/auth/password', {
      currentPassword: String(request.body?.currentPassword ?? ''),
      newPassword: String(request.body?.newPassword ?? ''),
      revokeTokens: request.body?.revokeTokens === 'true',
    });
    if (response.status !== 204) {
      const details = response.body.details?.length
        ? response.body.details
        : [{ pointer: '/newPassword', message: response.body.message }];
      return sendHtml(reply, passwordPage(me.body, details, me.body.user.mustChangePassword), 422);
    }
    return seeOther(reply, '/');
  });

  app.post('/sign-out', async (request, reply) => {
    const response = await apiFor(app, request).send('POST', '/auth/logout');
    passOnSession(reply, response.headers);
    // The API sends Clear-Site-Data on its 204; this page's response must carry it too.
    reply.header('clear-site-data', '"cache", "cookies", "storage"');
    return seeOther(reply, '/sign-in');
  });
}

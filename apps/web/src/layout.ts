/** The page shell: skip link, header with the role's navigation, sign-out, main landmark. */
import { type Html, html } from './html';

export type Me = {
  user: {
    id: string;
    email: string;
    name: string;
    platformRole: string | null;
    mustChangePassword: boolean;
    secondFactorEnabled: boolean;
    secondFactorRequired: boolean;
  };
  memberships: { serviceId: string; role: string; practitionerRole: string | null }[];
  serviceId: string | null;
  role: 'practitioner' | 'manager' | 'admin' | 'researcher' | null;
};

export type Notice = { kind: 'success' | 'error' | 'info'; text: string | Html };

const NAVIGATION: Record<string, [string, string][]> = {
  practitioner: [['/cases', 'Caseload']],
  manager: [
    ['/dashboard', 'Dashboard'],
    ['/cases', 'Cases'],
    ['/reports', 'Reports'],
    ['/service/modules', 'Modules'],
    ['/service/users', 'Users'],
    ['/service/linkage', 'Known elsewhere'],
  ],
  admin: [
    ['/admin/services', 'Services'],
    ['/admin/linkage', 'Linkage regions'],
    ['/admin/languages', 'Languages'],
  ],
  researcher: [['/research', 'Research']],
};

/** A notice; an error is announced at once (`alert`), anything else politely (`status`). */
export function noticeBox(notice: Notice): Html {
  return html`<div class="notice notice--${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>`;
}

export function page(options: {
  title: string;
  body: Html;
  me?: Me | null;
  path?: string;
  notice?: Notice | undefined;
}): Html {
  const { me, path = '' } = options;
  const links = me?.role ? (NAVIGATION[me.role] ?? []) : [];
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} – Harbour</title>
<link rel="stylesheet" href="/assets/harbour.css">
<script type="module" src="/assets/harbour.js"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap site-header__inner">
    <a class="brand" href="/">Harbour</a>
    ${
      links.length
        ? html`<nav aria-label="Main"><ul class="nav">${links.map(
            ([href, label]) =>
              html`<li><a href="${href}"${path === href || path.startsWith(`${href}/`) ? html` aria-current="page"` : ''}>${label}</a></li>`,
          )}</ul></nav>`
        : ''
    }
    ${
      me
        ? html`<div class="account"><span class="account__name">${me.user.name}</span>
        ${me.memberships.length > 1 ? html`<a href="/choose-service">Switch service</a>` : ''}
        <form method="post" action="/sign-out"><button type="submit" class="link-button">Sign out</button></form></div>`
        : ''
    }
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${options.notice ? noticeBox(options.notice) : ''}
${options.body}
</main>
<footer class="site-footer"><div class="wrap">Harbour</div></footer>
</body>
</html>`;
}

/** A list of problems at the top of a form, each linking to its field. */
export function errorSummary(items: { href: string; text: string }[]): Html {
  if (!items.length) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" data-error-summary>
    <h2>There is a problem</h2>
    <ul>${items.map((item) => html`<li><a href="${item.href}">${item.text}</a></li>`)}</ul>
  </div>`;
}

/**
 * A text or password box of an account page (changing a password, accepting an invitation), with
 * its help and the error the API's 422 gave it; its id is `f-<name>`, as the error summary links.
 */
export function accountField(
  errors: { pointer: string; message: string }[],
  field: { name: string; label: string; type: 'text' | 'password'; autocomplete: string; help?: string },
): Html {
  const { name, help } = field;
  const error = errors.find((e) => e.pointer === `/${name}`)?.message;
  return html`<div class="field${error ? ' field--error' : ''}"><label for="f-${name}">${field.label}</label>
      ${help ? html`<p class="help" id="f-${name}-hint">${help}</p>` : ''}
      ${error ? html`<p class="field-error" id="f-${name}-error"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}
      <input type="${field.type}" id="f-${name}" name="${name}" autocomplete="${field.autocomplete}"${
        error
          ? html` aria-invalid="true" aria-describedby="f-${name}-error"`
          : help
            ? html` aria-describedby="f-${name}-hint"`
            : ''
      }></div>`;
}

/** The page shell: skip link, header with the role's navigation, sign-out, main landmark. */
import { errorSummary, type Html, html } from '@harbour/html';

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
    ['/projects', 'Projects'],
    ['/service/modules', 'Modules'],
    ['/service/users', 'Users'],
    ['/service/import', 'Import'],
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
  /** More of the head: a page that refreshes itself without the script. */
  head?: Html;
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
${options.head ?? ''}
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

/** A problem the API (or the page) found with one field, at its JSON pointer, e.g. `/name`. */
export type FieldProblem = { pointer: string; message: string };

/** The id of a field's box by its pointer, as the error summary links to it: `/name` is `f-name`. */
export const fieldId = (pointer: string) => `f-${pointer.slice(1)}`;

/** The field's error under its label, naming the field, or nothing. */
export function fieldError(errors: FieldProblem[], pointer: string, label: string): Html {
  const error = errors.find((e) => e.pointer === pointer)?.message;
  return error
    ? html`<p class="field-error" id="${fieldId(pointer)}-error"><span class="visually-hidden">Error:</span> ${label} ${error}</p>`
    : html``;
}

/** The attributes that mark a field's box as wrong and point it at its error. */
export const invalid = (errors: FieldProblem[], pointer: string): Html =>
  errors.some((e) => e.pointer === pointer)
    ? html` aria-invalid="true" aria-describedby="${fieldId(pointer)}-error"`
    : html``;

export const fieldClass = (errors: FieldProblem[], pointer: string) =>
  errors.some((e) => e.pointer === pointer) ? 'field field--error' : 'field';

/** The error summary of a form whose fields are named by pointer. */
export const fieldErrorSummary = (errors: FieldProblem[], labels: Record<string, string>) =>
  errorSummary(
    'There is a problem',
    errors.map((e) => ({ href: `#${fieldId(e.pointer)}`, text: `${labels[e.pointer] ?? e.pointer} ${e.message}` })),
  );

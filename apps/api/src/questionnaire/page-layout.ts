/**
 * The frame of every client page: a neutral title (it says nothing about who asks or why, in any
 * language), the quick-exit link first in the page, and
 * only this application's own stylesheet and script (no inline code, nothing third-party).
 */
import { type Html, html } from '@harbour/html';
import { ENGLISH, type PageLanguage } from './languages';

export const ASSET_PATHS = { script: '/q/assets/page.js', style: '/q/assets/page.css' } as const;

/** The languages a client may switch to on the page, each named in itself. */
export type LanguageChoice = { current: string; options: { code: string; lang: string; name: string }[] };

export type Layout = {
  exitUrl: string;
  heading: string;
  body: Html;
  language?: PageLanguage;
  choice?: LanguageChoice;
};

/** A plain GET form, so switching works without JavaScript; the token stays in the path. */
function languageSwitcher(choice: LanguageChoice, text: PageLanguage['text']): Html {
  return html`<form method="get" class="language" id="language">
<label for="lang">${text.language}</label>
<select id="lang" name="lang">${choice.options.map(
    (option) =>
      html`<option value="${option.code}" lang="${option.lang}"${option.code === choice.current ? html` selected` : ''}>${option.name}</option>`,
  )}</select>
<button type="submit" class="button button--secondary">${text.change}</button>
</form>`;
}

export function pageHtml({ exitUrl, heading, body, language = ENGLISH, choice }: Layout): string {
  return html`<!doctype html>
<html lang="${language.lang}" dir="${language.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${language.text.title}</title>
<link rel="stylesheet" href="${ASSET_PATHS.style}">
<script src="${ASSET_PATHS.script}" defer></script>
</head>
<body>
<header class="exit-bar">
<a class="quick-exit" id="quick-exit" href="${exitUrl}" rel="noreferrer">${language.text.quickExit}</a>
</header>
<main class="page" id="main">
${choice && choice.options.length > 1 ? languageSwitcher(choice, language.text) : ''}
<h1>${heading}</h1>
${body}
</main>
</body>
</html>
`.value;
}

/** The one or two sentences that say what quick exit does and what it does not. */
export const exitExplanation = (language: PageLanguage = ENGLISH) =>
  html`<p class="exit-note" id="exit-note">${language.text.exitNote}</p>`;

/**
 * The frame of every client page: a neutral title, the quick-exit link first in the page, and
 * only this application's own stylesheet and script (no inline code, nothing third-party).
 */
import { type Html, html } from './html';

/** The tab title of every client page: it says nothing about who asks or why. */
export const PAGE_TITLE = 'Your feedback';

export const ASSET_PATHS = { script: '/q/assets/page.js', style: '/q/assets/page.css' } as const;

export type Layout = { exitUrl: string; heading: string; body: Html };

export function pageHtml({ exitUrl, heading, body }: Layout): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${PAGE_TITLE}</title>
<link rel="stylesheet" href="${ASSET_PATHS.style}">
<script src="${ASSET_PATHS.script}" defer></script>
</head>
<body>
<header class="exit-bar">
<a class="quick-exit" id="quick-exit" href="${exitUrl}" rel="noreferrer">Leave this page</a>
</header>
<main class="page" id="main">
<h1>${heading}</h1>
${body}
</main>
</body>
</html>
`.text;
}

/** The one or two sentences that say what quick exit does and what it does not. */
export const exitExplanation = html`<p class="exit-note" id="exit-note">To leave quickly, press <strong>Leave this page</strong> or press the Shift key three times: you will go straight to another website. This does not clear your browser history.</p>`;

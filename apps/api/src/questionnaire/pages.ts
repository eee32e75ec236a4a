/** The client pages besides the questionnaire itself: each neutral, each with quick exit. */
import { html } from '@harbour/html';
import { ENGLISH, type PageLanguage } from './languages';
import { pageHtml } from './page-layout';

export function thankYouPage(exitUrl: string, language: PageLanguage = ENGLISH): string {
  return pageHtml({
    exitUrl,
    language,
    heading: language.text.thankYouHeading,
    body: html`<p>${language.text.thankYouBody}</p>`,
  });
}

/**
 * The one page for every link that cannot be used — expired, revoked, used or never issued — so
 * that the page tells nobody which.
 */
export function unavailablePage(exitUrl: string): string {
  return pageHtml({
    exitUrl,
    heading: 'This page is not available',
    body: html`<p>This link may have been used already, or it may have expired.</p>
<p>If you need a new link, ask the person who sent it to you.</p>`,
  });
}

export function tooManyRequestsPage(exitUrl: string): string {
  return pageHtml({
    exitUrl,
    heading: 'Please wait',
    body: html`<p>There have been too many attempts from this device. Please wait a minute, then try again.</p>`,
  });
}

export function somethingWentWrongPage(exitUrl: string): string {
  return pageHtml({
    exitUrl,
    heading: 'Sorry, something went wrong',
    body: html`<p>Your answers have not been sent. Please try again later.</p>`,
  });
}

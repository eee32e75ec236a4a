/** The admin's view of the client page's language packs: which still await a native speaker's review. */
import type { ClientLanguage } from '@harbour/contract';
import { html } from '@harbour/html';
import type { FastifyInstance } from 'fastify';
import { page } from '../layout';
import { problemPage, sendHtml, signedIn } from '../respond';

function reviewText(language: ClientLanguage): string {
  if (language.review.status === 'source') return 'Source language';
  if (language.review.status === 'reviewed') {
    return `Reviewed by ${language.review.reviewer ?? ''} on ${language.review.reviewedOn ?? ''}`;
  }
  return 'Drafted: awaiting review by a native speaker';
}

export default async function languageRoutes(app: FastifyInstance) {
  app.get('/admin/languages', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return reply;
    const response = await signed.api.get<ClientLanguage[] & { message: string }>('/languages');
    if (response.status !== 200) return problemPage(reply, signed.me, response.status, response.body.message);
    return sendHtml(
      reply,
      page({
        title: 'Languages',
        me: signed.me,
        path: '/admin/languages',
        body: html`<h1>Languages of the client questionnaire</h1>
          <p>A drafted pack is used as it is, and says so here until a native speaker's review is recorded in its metadata (<code>apps/api/data/languages/</code>).
          Validated instruments are asked only in an official translation; otherwise the practitioner goes through them with an interpreter.</p>
          <table class="table" data-languages><thead><tr><th scope="col">Language</th><th scope="col">Review</th><th scope="col">Official translations of instruments</th></tr></thead>
          <tbody>${response.body.map(
            (
              language,
            ) => html`<tr data-language="${language.code}"><th scope="row">${language.englishName} (<span lang="${language.lang}">${language.name}</span>)</th>
              <td data-review="${language.review.status}">${reviewText(language)}</td>
              <td>${language.officialTranslations.length ? language.officialTranslations.join(', ') : 'None: with an interpreter'}</td></tr>`,
          )}</tbody></table>`,
      }),
    );
  });
}

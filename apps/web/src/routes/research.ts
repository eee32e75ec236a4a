/** A researcher's page: exports to download, the data dictionary and a crosstab builder. */
import type { FastifyInstance } from 'fastify';
import type { Problem } from '../api-client';
import { ukDate, type WebOptions } from '../options';
import {
  type Crosstab,
  type CrosstabField,
  type DictionaryColumn,
  type ResearchQuery,
  researchPage,
} from '../pages/research';
import { sendHtml, signedIn } from '../respond';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period asked for, or the last whole calendar year. */
function periodOf(query: ResearchQuery, today: string): { from: string; to: string } {
  if (query.from && query.to && ISO_DATE.test(query.from) && ISO_DATE.test(query.to)) {
    return { from: query.from, to: query.to };
  }
  const lastYear = Number(today.slice(0, 4)) - 1;
  return { from: `${lastYear}-01-01`, to: `${lastYear}-12-31` };
}

export default async function researchRoutes(app: FastifyInstance, options: WebOptions) {
  app.get<{ Querystring: ResearchQuery }>('/research', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['researcher']);
    if (!signed) return reply;
    const query = request.query;
    const period = periodOf(query, ukDate(options.clock()));
    const fields = await signed.api.get<CrosstabField[]>('/research/crosstab/fields');
    const dictionary = await signed.api.get<{ columns: DictionaryColumn[] }>('/research/dictionary');
    let crosstab: Crosstab | undefined;
    let error: string | undefined;
    if (query.rows && query.columns) {
      const response = await signed.api.send<Crosstab & Problem>('POST', '/research/crosstab', {
        ...period,
        rows: [query.rows],
        columns: [query.columns],
      });
      if (response.status === 200) crosstab = response.body;
      else error = `The crosstab could not be made: ${response.body.message}`;
    }
    return sendHtml(
      reply,
      researchPage({
        me: signed.me,
        period,
        query,
        fields: fields.status === 200 ? fields.body : [],
        dictionary: dictionary.status === 200 ? dictionary.body.columns : [],
        crosstab,
        ...(error ? { error } : {}),
      }),
      error ? 422 : 200,
    );
  });
}

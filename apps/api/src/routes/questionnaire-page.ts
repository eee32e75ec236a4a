/**
 * The client questionnaire page at `/q/:token` (outside /api/v1: it is HTML for people, not
 * JSON). No login and no cookies: the token in the URL is the only credential. Every outcome is
 * a neutral page; expired, revoked, used and unknown tokens all get the same 410 page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditAlone, auditInTx } from '../lib/audit';
import { AppError } from '../lib/errors';
import { type Asset, loadPageAssets } from '../questionnaire/assets';
import { markUsed, type Opened, withOpenedLink } from '../questionnaire/open-link';
import { ASSET_PATHS } from '../questionnaire/page-layout';
import { somethingWentWrongPage, tooManyRequestsPage, unavailablePage } from '../questionnaire/pages';
import {
  linkForm,
  PageInstead,
  type Posted,
  questionnairePage,
  type RenderedPage,
  submitAnswers,
} from '../questionnaire/questionnaire-page';

/** Attempts per IP on the token routes: enough for a person, too few to guess tokens. */
export const QUESTIONNAIRE_RATE_LIMIT = { max: 30, timeWindow: 60_000 };

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
};

function send(reply: FastifyReply, page: RenderedPage) {
  return reply.status(page.status).headers(PAGE_HEADERS).send(page.body);
}

const isPosted = (body: unknown): body is Posted => typeof body === 'object' && body !== null && !Array.isArray(body);

export default async function questionnairePageRoutes(app: FastifyInstance) {
  const exitUrl = app.config.neutralExitUrl;
  const assets = loadPageAssets();
  const unavailable: RenderedPage = { status: 410, body: unavailablePage(exitUrl) };

  // Errors on these routes are pages too, and as neutral as the rest.
  app.setErrorHandler(
    (error: { statusCode?: number; name?: string; code?: string; message?: string }, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 429) return send(reply, { status, body: tooManyRequestsPage(exitUrl) });
      if (status >= 400 && status < 500) return send(reply, { status, body: somethingWentWrongPage(exitUrl) });
      // name and code only: a database error's detail can quote the row, and the row holds answers
      request.log.error({ err: { name: error.name, code: error.code } }, 'questionnaire page failed');
      return send(reply, { status: 500, body: somethingWentWrongPage(exitUrl) });
    },
  );

  const serveAsset = (asset: Asset) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.headers({ 'content-type': asset.type, 'cache-control': 'no-store' }).send(asset.body);
  app.get(ASSET_PATHS.script, { schema: { hide: true } }, serveAsset(assets.script));
  app.get(ASSET_PATHS.style, { schema: { hide: true } }, serveAsset(assets.style));

  /** The 410 page, with the attempt audited in the link's service when there is one. */
  async function ended(request: FastifyRequest, opened: Opened): Promise<RenderedPage> {
    const event = { action: 'questionnaire.unavailable', status: 410 };
    if (opened.state === 'unknown') {
      await auditAlone(app.db, request, event, { serviceId: null, userId: null });
    } else {
      await auditInTx(
        opened.tx,
        request,
        { ...event, objectType: 'questionnaire_link', objectId: opened.link.id },
        opened.serviceId,
      );
    }
    return unavailable;
  }

  const routeOptions = { config: { rateLimit: QUESTIONNAIRE_RATE_LIMIT }, schema: { hide: true } };

  /** The language the client chose on the page, if any (checked against the packs by linkForm). */
  const askedLanguage = (request: FastifyRequest) => {
    const lang = (request.query as { lang?: unknown } | undefined)?.lang;
    return typeof lang === 'string' ? lang : undefined;
  };

  app.get<{ Params: { token: string } }>('/q/:token', routeOptions, async (request, reply) => {
    const now = app.clock();
    const page = await withOpenedLink(app.db, request.params.token, now, async (opened) => {
      if (opened.state !== 'active') return ended(request, opened);
      const shown = linkForm(app.registry, opened.link, askedLanguage(request));
      if (!shown) return ended(request, opened);
      await auditInTx(
        opened.tx,
        request,
        {
          action: 'questionnaire.opened',
          objectType: 'questionnaire_link',
          objectId: opened.link.id,
          status: 200,
          details: { caseId: opened.link.case_id, formKey: opened.link.form_key, language: shown.language.code },
        },
        opened.serviceId,
      );
      return questionnairePage(shown, exitUrl);
    });
    return send(reply, page);
  });

  app.post<{ Params: { token: string } }>('/q/:token', routeOptions, async (request, reply) => {
    const now = app.clock();
    const posted = isPosted(request.body) ? request.body : {};
    try {
      const page = await withOpenedLink(app.db, request.params.token, now, async (opened) => {
        if (opened.state !== 'active') return ended(request, opened);
        const shown = linkForm(app.registry, opened.link, askedLanguage(request));
        if (!shown) return ended(request, opened);
        const thanks = await submitAnswers(opened.tx, app.registry, {
          link: opened.link,
          linkForm: shown,
          posted,
          exitUrl,
          now,
          sealer: app.sealer,
        });
        // the answers and the end of the link commit together, or neither does
        await markUsed(opened.tx, opened.link, now);
        await auditInTx(
          opened.tx,
          request,
          {
            action: 'questionnaire.submitted',
            objectType: 'questionnaire_link',
            objectId: opened.link.id,
            status: 200,
            details: { caseId: opened.link.case_id, formKey: opened.link.form_key, language: shown.language.code },
          },
          opened.serviceId,
        );
        return thanks;
      });
      return send(reply, page);
    } catch (error) {
      if (error instanceof PageInstead) return send(reply, error.page);
      if (error instanceof AppError) {
        // Not about the answers (already answered on paper, module ended): the link cannot be used.
        request.log.info({ status: error.statusCode }, 'questionnaire link refused the answers');
        return send(reply, unavailable);
      }
      throw error;
    }
  });
}

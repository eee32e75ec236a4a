/**
 * The browser app: server-rendered pages that call the HTTP API in-process, with a small
 * script that enhances them (autosave, conditional questions, lists, copying a link).
 * The API registers it with `app.register(webApp, options)`.
 */
import { html } from '@harbour/html';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { loadAssets } from './assets';
import { page } from './layout';
import type { WebOptions } from './options';
import { sendHtml } from './respond';
import adminRoutes from './routes/admin';
import caseRoutes from './routes/cases';
import childRoutes from './routes/children';
import dashboardRoutes from './routes/dashboard';
import importRoutes from './routes/import';
import invitationRoutes from './routes/invitations';
import languageRoutes from './routes/languages';
import linkageRoutes from './routes/linkage';
import managerRoutes from './routes/manager';
import projectRoutes from './routes/projects';
import researchRoutes from './routes/research';
import sessionRoutes from './routes/session';
import { isSameOrigin } from './same-origin';

export type { WebOptions } from './options';

export async function webApp(app: FastifyInstance, options: WebOptions): Promise<void> {
  const assets = loadAssets();

  // Pages are not part of the API's contract: keep them out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true } as FastifySchema;
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (isSameOrigin(request, options.publicUrl)) return;
    return sendHtml(
      reply,
      page({
        title: 'Not allowed',
        body: html`<h1>This request was not allowed</h1><p>Forms can only be sent from Harbour's own pages. <a href="/">Start again</a>.</p>`,
      }),
      403,
    );
  });

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.status(404).type('text/plain').send('Not found');
    return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
  });

  await app.register(sessionRoutes);
  await app.register(caseRoutes, options);
  await app.register(childRoutes);
  await app.register(managerRoutes, options);
  await app.register(importRoutes);
  await app.register(dashboardRoutes, options);
  await app.register(projectRoutes);
  await app.register(researchRoutes, options);
  await app.register(adminRoutes);
  await app.register(languageRoutes);
  await app.register(invitationRoutes);
  await app.register(linkageRoutes);
}

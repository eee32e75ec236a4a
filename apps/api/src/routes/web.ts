import { webApp } from '@harbour/web';
import type { FastifyInstance } from 'fastify';

/** The browser app at `/`: pages that call this API in-process (apps/web). */
export default async function webRoutes(app: FastifyInstance) {
  const flagLabels = new Map(app.registry.flagDefinitions().map((flag) => [flag.key, flag.label]));
  await app.register(webApp, {
    publicUrl: app.config.publicUrl,
    clock: () => app.clock(),
    flagLabel: (key) => flagLabels.get(key) ?? key,
  });
}

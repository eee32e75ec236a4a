import { pendingMigrations } from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import { problemSchema } from '../lib/schemas';

export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/api/v1/healthz',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['operations'],
        summary: 'The process is up',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/api/v1/readyz',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['operations'],
        summary: 'The database is reachable and its migrations are current',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } }, 503: problemSchema },
      },
    },
    async (_request, reply) => {
      try {
        const applied = await app.db.selectFrom('harbour_migrations').select('name').execute();
        const pending = await pendingMigrations(applied.map((m) => m.name));
        if (pending.length > 0) {
          return reply
            .status(503)
            .send({ statusCode: 503, error: 'Service Unavailable', message: 'Migrations are pending' });
        }
        return { status: 'ready' };
      } catch {
        return reply
          .status(503)
          .send({ statusCode: 503, error: 'Service Unavailable', message: 'The database is not reachable' });
      }
    },
  );
}

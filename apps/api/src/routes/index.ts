import type { FastifyInstance } from 'fastify';
import adminRoutes from './admin';
import authRoutes from './auth';
import healthRoutes from './health';
import twoFactorRoutes from './two-factor';

/** Every route of the application. A new resource adds its file here. */
export default async function routes(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(twoFactorRoutes);
  await app.register(adminRoutes);
}

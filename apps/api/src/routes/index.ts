import type { FastifyInstance } from 'fastify';
import adminRoutes from './admin';
import authRoutes from './auth';
import caseCloseRoutes from './case-close';
import caseImportRoutes from './case-import';
import caseRoutes from './cases';
import childResponseRoutes from './child-responses';
import formRoutes from './forms';
import healthRoutes from './health';
import questionnaireLinkRoutes from './questionnaire-links';
import questionnairePageRoutes from './questionnaire-page';
import reportRoutes from './reports';
import researchRoutes from './research';
import responseRoutes from './responses';
import serviceModuleRoutes from './service-modules';
import twoFactorRoutes from './two-factor';
import webRoutes from './web';

/** Every route of the application. A new resource adds its file here. */
export default async function routes(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(twoFactorRoutes);
  await app.register(adminRoutes);
  await app.register(serviceModuleRoutes);
  await app.register(formRoutes);
  await app.register(caseRoutes);
  await app.register(responseRoutes);
  await app.register(childResponseRoutes);
  await app.register(caseCloseRoutes);
  await app.register(caseImportRoutes);
  await app.register(questionnaireLinkRoutes);
  await app.register(questionnairePageRoutes);
  await app.register(researchRoutes);
  await app.register(reportRoutes);
  await app.register(webRoutes);
}

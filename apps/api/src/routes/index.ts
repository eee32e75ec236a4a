import type { FastifyInstance } from 'fastify';
import adminRoutes from './admin';
import auditRoutes from './audits';
import authRoutes from './auth';
import caseCloseRoutes from './case-close';
import caseImportRoutes from './case-import';
import caseRoutes from './cases';
import dashboardRoutes from './dashboard';
import followUpRoutes from './follow-up';
import formRoutes from './forms';
import healthRoutes from './health';
import projectRoutes from './projects';
import questionnaireLinkRoutes from './questionnaire-links';
import questionnairePageRoutes from './questionnaire-page';
import reportBrandingRoutes from './report-branding';
import reportRoutes from './reports';
import researchRoutes from './research';
import responseRoutes from './responses';
import serviceExportRoutes from './service-export';
import serviceModuleRoutes from './service-modules';
import twoFactorRoutes from './two-factor';
import webRoutes from './web';
import worklistRoutes from './worklist';

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
  await app.register(caseCloseRoutes);
  await app.register(caseImportRoutes);
  await app.register(followUpRoutes);
  await app.register(worklistRoutes);
  await app.register(questionnaireLinkRoutes);
  await app.register(questionnairePageRoutes);
  await app.register(researchRoutes);
  await app.register(reportRoutes);
  await app.register(dashboardRoutes);
  await app.register(reportBrandingRoutes);
  await app.register(projectRoutes);
  await app.register(serviceExportRoutes);
  await app.register(auditRoutes);
  await app.register(webRoutes);
}

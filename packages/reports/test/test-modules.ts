/**
 * Small stand-ins for the installed modules: the real report specs (packages/modules/<m>/src/
 * report.ts) on forms reduced to the fields the fixture fills, so the completeness figures can
 * be worked out by hand.
 */
import type { FormDefinition, FormStage, ModuleDefinition } from '@harbour/forms';
import { report as childrenReport } from '../../modules/children/src/report';
import { report as mentalHealthReport } from '../../modules/mental-health/src/report';
import { report as migrationReport } from '../../modules/migration/src/report';

const form = (key: string, stage: FormStage, fields: string[]): FormDefinition => ({
  key,
  version: 1,
  stage,
  audience: 'practitioner',
  title: key,
  schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, {}])) },
  ui: { order: fields, fields: {} },
});

const moduleOf = (key: string, forms: FormDefinition[], report: ModuleDefinition['report']): ModuleDefinition => ({
  key,
  version: 1,
  title: key,
  description: key,
  forms,
  report,
});

export const testModules: ModuleDefinition[] = [
  moduleOf(
    'mental-health',
    [
      form('mental-health.intake', 'intake', ['mh_current_support', 'mh_conditions']),
      form('mental-health.client_intake', 'intake', ['phq9_1']),
      form('mental-health.client_exit', 'exit', ['phq9_1']),
      form('mental-health.exit', 'exit', ['mh_referred', 'mh_accessed', 'mh_improved']),
    ],
    mentalHealthReport,
  ),
  moduleOf('migration', [form('migration.intake', 'intake', ['nrpf'])], migrationReport),
  moduleOf('children', [form('children.intake', 'intake', ['children'])], childrenReport),
];

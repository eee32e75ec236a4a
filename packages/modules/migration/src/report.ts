/** The migration section of the report (figures: docs/data-dictionary.md; definitions: docs/reports.md). */
import type { ReportSectionSpec } from '@harbour/forms';

const exitRate = (key: string, label: string, field: string) => ({
  kind: 'rate' as const,
  key,
  label,
  form: 'migration.exit',
  population: 'closed' as const,
  numerator: [{ field, equals: true }],
});

export const report: ReportSectionSpec[] = [
  {
    key: 'migration',
    title: 'Migration and immigration',
    figures: [
      {
        kind: 'distribution',
        key: 'immigration_status',
        label: 'Immigration status at intake',
        form: 'migration.intake',
        field: 'immigration_status',
        population: 'opened',
      },
      {
        kind: 'rate',
        key: 'migration_nrpf',
        label: 'No recourse to public funds',
        form: 'migration.intake',
        population: 'opened',
        numerator: [{ field: 'nrpf', equals: 'yes' }],
      },
      {
        kind: 'rate',
        key: 'status_used_as_abuse',
        label: 'Immigration status used to control the client',
        form: 'migration.intake',
        population: 'opened',
        numerator: [{ field: 'status_used_as_abuse', equals: true }],
      },
      {
        kind: 'rate',
        key: 'forced_marriage',
        label: 'Forced marriage',
        form: 'migration.intake',
        population: 'opened',
        where: [{ field: 'forced_marriage', in: [true, false] }],
        numerator: [{ field: 'forced_marriage', equals: true }],
      },
      {
        kind: 'rate',
        key: 'honour_based_abuse',
        label: "So-called 'honour'-based abuse",
        form: 'migration.intake',
        population: 'opened',
        where: [{ field: 'honour_based_abuse', in: [true, false] }],
        numerator: [{ field: 'honour_based_abuse', equals: true }],
      },
      {
        kind: 'distribution',
        key: 'mvdac_application',
        label: 'Migrant Victims of Domestic Abuse Concession',
        form: 'migration.exit',
        field: 'mvdac_application',
        population: 'closed',
      },
      {
        kind: 'distribution',
        key: 'settlement_dv_application',
        label: 'Settlement under the domestic-violence rule',
        form: 'migration.exit',
        field: 'settlement_dv_application',
        population: 'closed',
      },
      {
        kind: 'rate',
        key: 'nrpf_resolved',
        label: 'No recourse to public funds resolved',
        form: 'migration.exit',
        population: 'closed',
        where: [{ field: 'nrpf_resolved', in: ['yes', 'no'] }],
        numerator: [{ field: 'nrpf_resolved', equals: 'yes' }],
      },
      exitRate('legal_advice_accessed', 'Accessed immigration legal advice', 'legal_advice_accessed'),
      exitRate('safe_accommodation_secured', 'Safe accommodation secured', 'safe_accommodation_secured'),
    ],
  },
];

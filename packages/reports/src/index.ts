export {
  buildReportModel,
  nationalAggregates,
  ReportRequestError,
  refreshRollups,
  reportCatalogue,
  type SectionCatalogueEntry,
} from './build-report-model';
export { coreReportKeys } from './core-sections';
export {
  buildDashboard,
  type DashboardMeasure,
  type DashboardMeasureKey,
  type DashboardModel,
  DashboardRequestError,
  reportTrend,
  type TrendPoint,
} from './dashboard';
export { FACTS_PER_STATEMENT, type FactsOfForm, factsMigrationSql, factsSchemaOf } from './facts-schema';
export { type FigureTiming, populationRows, type StoredColumn, timeFigure } from './figure-timing';
export type { Finding, FindingKind } from './findings';
export type * from './model';
export { forgetNationalFigures } from './national-cache';
export { completeQuartersBefore, type Quarter } from './periods';
export { renderCsv } from './render/csv';
export { renderJson } from './render/json';
export { type PdfOptions, type ReportBranding, renderPdf } from './render/pdf';
export type { AlertCase, DataQualityAlert } from './sql/data-quality';
export { projectCases } from './sql/frame';
export { applyTemplate, reportSectionKeys } from './templates';

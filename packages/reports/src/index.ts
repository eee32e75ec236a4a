export {
  buildReportModel,
  ReportRequestError,
  reportCatalogue,
  type SectionCatalogueEntry,
} from './build-report-model';
export { coreReportKeys } from './core-sections';
export { type FactsOfForm, factsMigrationSql, factsSchemaOf } from './facts-schema';
export { type FigureTiming, timeFigure } from './figure-timing';
export type * from './model';
export { renderCsv } from './render/csv';
export { renderJson } from './render/json';
export { renderPdf } from './render/pdf';

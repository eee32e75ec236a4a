export {
  buildReportModel,
  ReportRequestError,
  reportCatalogue,
  type SectionCatalogueEntry,
} from './build-report-model';
export type * from './model';
export { renderCsv } from './render/csv';
export { renderJson } from './render/json';
export { renderPdf } from './render/pdf';

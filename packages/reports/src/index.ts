export { buildReportModel, coreReportKeys, ReportRequestError } from './build-report-model';
export type * from './model';
export { renderCsv } from './render/csv';
export { renderJson } from './render/json';
export { renderPdf } from './render/pdf';

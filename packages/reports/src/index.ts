export { buildReportModel, ReportRequestError } from './build-report-model';
export {
  buildDashboard,
  type DashboardMeasure,
  type DashboardMeasureKey,
  type DashboardModel,
  DashboardRequestError,
} from './dashboard';
export type * from './model';
export { completeQuartersBefore, type Quarter } from './periods';
export { renderCsv } from './render/csv';
export { renderJson } from './render/json';
export { renderPdf } from './render/pdf';
export type { AlertCase, DataQualityAlert } from './sql/data-quality';

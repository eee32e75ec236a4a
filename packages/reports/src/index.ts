export { buildReportModel, ReportRequestError } from './build-report-model';
export type * from './model';

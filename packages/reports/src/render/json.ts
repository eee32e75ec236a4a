import type { ReportModel } from '../model';

/** The model itself: the JSON report of API.md. */
export function renderJson(model: ReportModel): string {
  return JSON.stringify(model);
}

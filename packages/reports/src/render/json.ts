import type { ReportModel } from '../model';

/** The model itself: the JSON report (its schema is in the OpenAPI document). */
export function renderJson(model: ReportModel): string {
  return JSON.stringify(model);
}

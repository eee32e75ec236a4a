import type { ReportModel } from '../model';

/** The model itself is the JSON report: its shape is the types of ../model.ts. */
export function renderJson(model: ReportModel): string {
  return JSON.stringify(model);
}

/**
 * Report templates of projects: a funder wants some sections, not all. A template is a list of
 * section keys; an empty list keeps every section.
 */
import type { ModuleDefinition } from '@harbour/forms';
import { coreReportKeys } from './core-sections';
import { findingsOf } from './findings';
import type { ReportModel } from './model';

/** The sections a service report can have: the core ones, then the installed modules'. */
export function reportSectionKeys(modules: readonly ModuleDefinition[]): string[] {
  return [...coreReportKeys.sections, ...modules.flatMap((m) => (m.report ?? []).map((spec) => spec.key))];
}

/** The model with only the template's sections, and the findings those sections support. */
export function applyTemplate(model: ReportModel, sectionKeys: readonly string[]): ReportModel {
  if (sectionKeys.length === 0) return model;
  const keep = new Set(sectionKeys);
  const sections = model.sections.filter((s) => keep.has(s.key));
  return { ...model, sections, findings: findingsOf(sections) };
}

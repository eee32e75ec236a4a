export { type CompiledAnswers, createAnswerAjv, draftSchemaOf } from './answer-validator';
export { dateNotBefore, dateNotInFuture } from './date-rules';
export { defineModule, fieldKeyPattern, ModuleDefinitionError, moduleKeyPattern } from './define-module';
export * from './fhir';
export * from './follow-up-choice';
export * as optionSets from './option-sets';
export * from './redcap';
export { ADULT_CLIENT_RULES, createRegistry, type RegistryOptions, UnknownFormError } from './registry';
export { type ReportRead, type ReservedReportKeys, reportProblems, reportReads } from './report-check';
export * from './report-spec';
export {
  answersSchema,
  askedOnlyWhen,
  boolean,
  code,
  codes,
  date,
  integer,
  listOf,
  patterned,
  text,
} from './schema-builders';
export { bandOf, itemKeys, sumOfItems } from './scores';
export type * from './synthetic';
export { drawSome, roundedWithin } from './synthetic';
export { applyTextPack, loadTextPack, TextPackError, textPackProblems, textPackShapeProblems } from './text-pack';
export * from './types';

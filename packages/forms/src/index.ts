export { type CompiledAnswers, createAnswerAjv, draftSchemaOf } from './answer-validator';
export { dateNotBefore, dateNotInFuture } from './date-rules';
export { defineModule, fieldKeyPattern, ModuleDefinitionError, moduleKeyPattern } from './define-module';
export * as optionSets from './option-sets';
export { ADULT_CLIENT_RULES, createRegistry, UnknownFormError } from './registry';
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
export { applyTextPack, loadTextPack, TextPackError } from './text-pack';
export * from './types';

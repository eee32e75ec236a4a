/**
 * One HTML and form stack for Harbour's pages, the web app's and the client questionnaire's:
 * each keeps its own page shell, and both show and read questions through this package.
 */
export { Html, html } from './html';
export {
  answersFromPost,
  ENTRY_MARKER,
  entryIndexes,
  type PostedForm,
  postedList,
  typedFromText,
  unknownNames,
} from './posted';
export {
  type ChoiceLayout,
  type Control,
  isAsked,
  type Option,
  type Picture,
  type Question,
  questionsOf,
  UnrenderableQuestionError,
  type ValueType,
} from './questions';
export {
  ENGLISH_WORDS,
  errorSummary,
  type FieldErrors,
  type FormWords,
  type QuestionsInput,
  questionsHtml,
  type SummaryItem,
  summaryItems,
  type WordingBeside,
} from './render';

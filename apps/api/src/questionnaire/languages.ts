/**
 * The languages of the client page. A language pack (`data/languages/<code>.json`) holds the
 * page's own words (quick exit, errors, thank-you), the wording of Harbour's own client
 * questions as a text pack, whether it is right-to-left, and its review: a drafted pack says so
 * until a native speaker's review is recorded in its metadata. A validated instrument (WHO-5,
 * PHQ-9, GAD-7) is asked in a language only when the pack declares its official translation;
 * otherwise its questions are left off the page and the practitioner goes through them with an
 * interpreter. Answers are codes whatever the language.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  applyTextPack,
  type FormDefinition,
  type TextPack,
  TextPackError,
  textPackProblems,
  textPackShapeProblems,
} from '@harbour/forms';

const LANGUAGES_DIR = path.resolve(__dirname, '..', '..', 'data', 'languages');

/** Groups of questions that are validated instruments, by their group key in the form's UI hints. */
export const VALIDATED_INSTRUMENTS: Record<string, string> = { who5: 'WHO-5', phq9: 'PHQ-9', gad7: 'GAD-7' };

export const PAGE_TEXT_KEYS = [
  'title',
  'quickExit',
  'exitNote',
  'send',
  'thankYouHeading',
  'thankYouBody',
  'checkAnswers',
  'errorPrefix',
  'required',
  'chooseOne',
  'chooseFrom',
  'nothingAnswered',
  'unexpected',
  'language',
  'change',
  'interpreter',
] as const;

export type PageText = Record<(typeof PAGE_TEXT_KEYS)[number], string>;

export type LanguageMeta = {
  /** The code links and the page's `?lang=` use, e.g. `ur`. */
  code: string;
  /** The BCP 47 tag of the `lang` attribute, e.g. `en-GB`, `ur`. */
  lang: string;
  /** The language's name in itself, as the switcher shows it. */
  name: string;
  englishName: string;
  dir: 'ltr' | 'rtl';
  review: {
    status: 'source' | 'draft' | 'reviewed';
    note?: string;
    reviewer: string | null;
    reviewedOn: string | null;
  };
  /** Instruments (keys of VALIDATED_INSTRUMENTS) whose official translation the pack's wording is. */
  officialTranslations: string[];
};

export type LanguagePack = { meta: LanguageMeta; page: PageText; forms: TextPack };

export const SOURCE_LANGUAGE = 'en';

/** How a page reads: its language tag, direction and words. */
export type PageLanguage = { code: string; lang: string; dir: 'ltr' | 'rtl'; text: PageText };

export const pageLanguageOf = (pack: LanguagePack): PageLanguage => ({
  code: pack.meta.code,
  lang: pack.meta.lang,
  dir: pack.meta.dir,
  text: pack.page,
});

/** English, for pages shown before a link (and so its language) is known. */
export const ENGLISH: PageLanguage = pageLanguageOf(
  JSON.parse(fs.readFileSync(path.join(LANGUAGES_DIR, `${SOURCE_LANGUAGE}.json`), 'utf8')) as LanguagePack,
);

function packProblems(file: string, pack: LanguagePack, forms: FormDefinition[]): string[] {
  const problems: string[] = [];
  const meta = pack.meta;
  if (!meta || typeof meta.code !== 'string' || `${meta.code}.json` !== path.basename(file)) {
    problems.push('meta.code must be the file name without .json');
  }
  if (meta?.dir !== 'ltr' && meta?.dir !== 'rtl') problems.push('meta.dir must be ltr or rtl');
  const status = meta?.review?.status;
  if (status === 'reviewed' && !(meta.review.reviewer && meta.review.reviewedOn)) {
    problems.push('a reviewed pack names its reviewer and the date of the review');
  }
  if (status === 'draft' && meta.review.reviewer) problems.push('a pack with a reviewer is not a draft');
  for (const instrument of meta?.officialTranslations ?? []) {
    if (!VALIDATED_INSTRUMENTS[instrument]) problems.push(`unknown instrument ${instrument}`);
  }
  for (const key of PAGE_TEXT_KEYS) {
    if (typeof pack.page?.[key] !== 'string' || pack.page[key].trim() === '') problems.push(`page.${key} is missing`);
  }
  const shape = textPackShapeProblems(pack.forms);
  problems.push(...(shape.length > 0 ? shape : textPackProblems(pack.forms, forms)));
  return problems.map((problem) => `${path.basename(file)}: ${problem}`);
}

/** Every pack in the folder, checked against the installed client forms; a broken pack stops start-up. */
export function loadLanguagePacks(forms: FormDefinition[], dir = LANGUAGES_DIR): Map<string, LanguagePack> {
  const packs = new Map<string, LanguagePack>();
  const problems: string[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    const file = path.join(dir, name);
    const pack = JSON.parse(fs.readFileSync(file, 'utf8')) as LanguagePack;
    problems.push(...packProblems(file, pack, forms));
    packs.set(pack.meta.code, pack);
  }
  if (!packs.has(SOURCE_LANGUAGE)) problems.push(`there is no ${SOURCE_LANGUAGE}.json`);
  if (problems.length > 0) throw new TextPackError(problems);
  return packs;
}

const loaded = new WeakMap<object, Map<string, LanguagePack>>();

/** The packs checked against a registry's client forms: loaded once per registry. */
export function languagePacks(registry: { forms(): FormDefinition[] }): Map<string, LanguagePack> {
  let packs = loaded.get(registry);
  if (!packs) {
    packs = loadLanguagePacks(registry.forms().filter((form) => form.audience === 'client'));
    loaded.set(registry, packs);
  }
  return packs;
}

export type FormInLanguage = {
  form: FormDefinition;
  /** Names of the instruments left off because the pack has no official translation of them. */
  withheld: string[];
};

const wordedForms = new WeakMap<FormDefinition, WeakMap<LanguagePack, FormInLanguage>>();

/**
 * The form as a client reads it in the pack's language: Harbour's own questions in the pack's
 * words, and each validated instrument either in its official translation or left off. Forms
 * and packs do not change once loaded, so each pairing is worded once, not on every page.
 */
export function formInLanguage(form: FormDefinition, pack: LanguagePack): FormInLanguage {
  let byPack = wordedForms.get(form);
  if (!byPack) {
    byPack = new WeakMap();
    wordedForms.set(form, byPack);
  }
  let inLanguage = byPack.get(pack);
  if (!inLanguage) {
    inLanguage = wordForm(form, pack);
    byPack.set(pack, inLanguage);
  }
  return inLanguage;
}

function wordForm(form: FormDefinition, pack: LanguagePack): FormInLanguage {
  const worded = applyTextPack(form, pack.forms);
  const withheldGroups = Object.keys(VALIDATED_INSTRUMENTS).filter(
    (group) =>
      !pack.meta.officialTranslations.includes(group) &&
      worded.ui.order.some((key) => worded.ui.fields[key]?.group === group),
  );
  if (withheldGroups.length === 0) return { form: worded, withheld: [] };
  const order = worded.ui.order.filter((key) => !withheldGroups.includes(worded.ui.fields[key]?.group ?? ''));
  return {
    form: { ...worded, ui: { ...worded.ui, order } },
    withheld: withheldGroups.map((group) => VALIDATED_INSTRUMENTS[group] as string),
  };
}

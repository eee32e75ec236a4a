import { answersFromPost, ENGLISH_WORDS, questionsHtml } from '@harbour/html';
import childrenModule from '@harbour/module-children';
import coreModule from '@harbour/module-core';
import { formQuestions } from '../src/pages/form';
import { lastFinancialYear, lastQuarter } from '../src/periods';

const form = (module: typeof coreModule, key: string) => {
  const found = module.forms.find((f) => f.key === key);
  if (!found) throw new Error(`no form ${key}`);
  return found;
};

test('posted fields become typed answers; a question whose condition fails is dropped', () => {
  const intake = form(coreModule, 'core.intake');
  const answers = answersFromPost(formQuestions(intake), {
    referral_date: '2025-03-10',
    age: '34',
    consent_research: 'true',
    disability: 'no',
    disability_types: ['physical'],
    dash_score: 'twelve',
    referral_source: '',
  });
  expect(answers).toEqual({
    referral_date: '2025-03-10',
    age: 34,
    consent_research: true,
    disability: 'no',
    dash_score: 'twelve',
  });
});

test('list entries come back in order, blank entries included', () => {
  const children = form(childrenModule, 'children.intake');
  const answers = answersFromPost(formQuestions(children), {
    'children.3._entry': '1',
    'children.3.child_ref': 'C2',
    'children.0._entry': '1',
    'children.0.child_ref': 'C1',
    'children.0.harm_types': ['emotional', 'physical'],
    'children.7._entry': '1',
  });
  expect(answers).toEqual({
    children: [{ child_ref: 'C1', harm_types: ['emotional', 'physical'] }, { child_ref: 'C2' }, {}],
  });
});

test('the renderer escapes answers and puts an error at its field', () => {
  const intake = form(coreModule, 'core.intake');
  const markup = questionsHtml({
    questions: formQuestions(intake),
    values: { local_authority: '<script>x</script>' },
    errors: { '/age': 'must be a whole number from 13 to 110' },
    words: ENGLISH_WORDS,
  }).value;
  expect(markup).not.toContain('<script>x');
  expect(markup).toContain('&lt;script&gt;x&lt;/script&gt;');
  expect(markup).toMatch(/id="f-age-error"[^>]*>.*must be a whole number from 13 to 110/);
  expect(markup).toContain('aria-describedby="f-age-hint f-age-error"');
});

test('report periods: last quarter and last financial year (April to March)', () => {
  expect(lastQuarter('2025-05-14')).toEqual({ from: '2025-01-01', to: '2025-03-31' });
  expect(lastQuarter('2025-02-01')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
  expect(lastFinancialYear('2025-05-14')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
  expect(lastFinancialYear('2025-03-31')).toEqual({ from: '2023-04-01', to: '2024-03-31' });
});

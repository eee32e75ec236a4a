import childrenModule from '@harbour/module-children';
import coreModule from '@harbour/module-core';
import type { Question } from '../../api/src/questionnaire/form-questions';
import { answersFromPost } from '../../api/src/questionnaire/posted-answers';
import { answersFromForm, typedFromText } from '../src/form-answers';
import { renderQuestions } from '../src/form-renderer';
import { lastFinancialYear, lastQuarter } from '../src/periods';

const form = (module: typeof coreModule, key: string) => {
  const found = module.forms.find((f) => f.key === key);
  if (!found) throw new Error(`no form ${key}`);
  return found;
};

test('posted fields become typed answers; a question whose condition fails is dropped', () => {
  const intake = form(coreModule, 'core.intake');
  const answers = answersFromForm(intake.schema, intake.ui, {
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
  const answers = answersFromForm(children.schema, children.ui, {
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
  const markup = renderQuestions(
    intake.schema,
    intake.ui,
    { local_authority: '<script>x</script>' },
    { '/age': 'must be a whole number from 13 to 110' },
  ).value;
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

test('the web app and the client questionnaire read a posted number the same way', () => {
  const questionnaire = (type: 'integer' | 'number', text: string) =>
    answersFromPost([{ key: 'x', valueType: type, many: false } as Question], { x: text }).x;
  for (const text of ['2', ' 2 ', '-3', '1.5', '1e3', '0x10', 'two', '']) {
    for (const type of ['integer', 'number'] as const) {
      const web = typedFromText(type, text);
      expect([type, text, questionnaire(type, text)]).toEqual([type, text, text.trim() === '' ? undefined : web]);
    }
  }
  expect(typedFromText('number', '1e3')).toBe('1e3');
  expect(typedFromText('number', ' 1.5 ')).toBe(1.5);
});

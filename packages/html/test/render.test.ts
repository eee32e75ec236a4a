import type { JsonSchema, UiHints } from '@harbour/forms';
import {
  ENGLISH_WORDS,
  errorSummary,
  html,
  questionsHtml,
  questionsOf,
  summaryItems,
  UnrenderableQuestionError,
} from '../src';

const schema: JsonSchema = {
  type: 'object',
  required: ['age'],
  properties: {
    age: { type: 'integer', minimum: 13, maximum: 110 },
    safety: { type: 'integer', minimum: 0, maximum: 10 },
    phq: { type: 'integer', minimum: 0, maximum: 3 },
    consent: { type: 'boolean' },
    source: { type: 'string', enum: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] },
    types: { type: 'array', items: { type: 'string', enum: ['x', 'y'] } },
    detail: { type: 'string', maxLength: 80 },
    comments: { type: 'string', maxLength: 2000 },
    seen: { type: 'string', format: 'date' },
    children: {
      type: 'array',
      items: { type: 'object', properties: { ref: { type: 'string' }, age: { type: 'integer', minimum: 0 } } },
    },
  },
};
const ui: UiHints = {
  order: ['age', 'safety', 'phq', 'consent', 'source', 'types', 'detail', 'comments', 'seen', 'children'],
  groups: { feel: { legend: 'How you feel', help: 'Over the last two weeks' } },
  fields: {
    age: { label: 'Age', help: 'In years' },
    safety: { label: 'Safety', scaleLabels: { min: 'Not safe', max: 'Safe' }, group: 'feel' },
    phq: {
      label: 'Low',
      options: { '0': 'Not at all', '1': 'Several days', '2': 'Often', '3': 'Daily' },
      group: 'feel',
    },
    consent: { label: 'Consent', options: { true: 'I agree', false: 'I do not' } },
    source: { label: 'Source' },
    types: { label: 'Types', showWhen: { field: 'consent', equals: true } },
    detail: { label: 'Detail' },
    comments: { label: 'Comments' },
    seen: { label: 'Seen' },
    children: {
      label: 'Children',
      items: { order: ['ref', 'age'], fields: { ref: { label: 'Reference' }, age: { label: 'Age' } } },
    },
  },
};
const questions = questionsOf(schema, ui, 'the form test.form');
const byKey = (key: string) => questions.find((q) => q.key === key)!;

test('each kind of answer gets its control', () => {
  expect(byKey('age').control).toEqual({ kind: 'number', integer: true });
  expect(byKey('safety').control).toMatchObject({ kind: 'choice', layout: 'scale', scaleLabels: { min: 'Not safe' } });
  expect(byKey('phq').control).toMatchObject({
    kind: 'choice',
    layout: 'list',
    options: [{ value: '0', label: 'Not at all' }, { value: '1', label: 'Several days' }, {}, {}],
  });
  expect(byKey('consent').control).toMatchObject({ kind: 'choice', layout: 'inline' });
  expect(byKey('consent').valueType).toBe('boolean');
  expect(byKey('source').control).toMatchObject({ kind: 'choice', layout: 'select' });
  expect(byKey('types')).toMatchObject({ control: { kind: 'checkboxes' }, many: true });
  expect(byKey('detail').control).toEqual({ kind: 'text', multiline: false, maxLength: 80 });
  expect(byKey('comments').control).toEqual({ kind: 'text', multiline: true, maxLength: 2000 });
  expect(byKey('seen')).toMatchObject({ control: { kind: 'date' }, valueType: 'date' });
  expect(byKey('children').control).toMatchObject({ kind: 'items', questions: [{ key: 'ref' }, { key: 'age' }] });
});

test('a question no page can show is refused with its form and key', () => {
  const bad = { type: 'object', properties: { where: { type: 'object' } } };
  expect(() =>
    questionsOf(bad, { order: ['where'], fields: { where: { label: 'Where' } } }, 'the form x.form'),
  ).toThrow(UnrenderableQuestionError);
});

test('answers are shown and escaped, errors sit at their question and are tied to it', () => {
  const markup = questionsHtml({
    questions,
    values: { age: '200', detail: '"><script>x</script>', consent: true, types: ['y'], children: [{ ref: 'C1' }] },
    errors: { '/age': 'must be a whole number from 13 to 110', '/children/0/ref': 'is required' },
    words: ENGLISH_WORDS,
  }).value;
  expect(markup).not.toContain('<script>x');
  expect(markup).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  expect(markup).toMatch(/id="f-age-error"[^>]*><span class="visually-hidden">Error: <\/span>must be a whole number/);
  expect(markup).toContain('aria-describedby="f-age-hint f-age-error" aria-invalid="true" value="200"');
  expect(markup).toContain('<label for="f-age">Age</label>');
  expect(markup).toContain('<legend>Consent (optional)</legend>');
  expect(markup).toMatch(
    /<input type="radio" id="f-consent-0" name="consent" value="true" checked><span>I agree<\/span>/,
  );
  expect(markup).toMatch(/data-field="types" data-when-field="consent" data-when-values="\[&quot;true&quot;\]"/);
  expect(markup).toContain('Answer this only if your answer to “Consent” was “I agree”.');
  expect(markup).toContain(
    '<p class="scale-ends" id="f-safety-ends"><span>0 = Not safe</span><span>10 = Safe</span></p>',
  );
  expect(markup).toMatch(
    /<section class="group" aria-labelledby="f-group-feel"><h2 id="f-group-feel">How you feel<\/h2>/,
  );
  expect(markup).toContain('<select id="f-source" name="source"><option value="">Choose an answer</option>');
  expect(markup).toContain('<textarea rows="5" id="f-comments" name="comments" maxlength="2000" autocomplete="off">');
  expect(markup).toContain('name="children.0.ref"');
  expect(markup).toMatch(/id="f-children-0-ref-error"[^>]*>.*is required/);
  // the template a script copies to add an entry carries no error
  expect(markup.split('<template')[1]).not.toContain('field-error');
});

test('the error summary links each error to its question’s first control, in the words given', () => {
  const items = summaryItems(
    questions,
    { '/phq': 'must be one of the answers', '/children/1/age': 'must be a number', '/': 'is not a form' },
    (label, message) => `${label}: ${message}`,
  );
  expect(items).toEqual([
    { href: '#f-phq-0', text: 'Low: must be one of the answers' },
    { href: '#f-children-1-age', text: 'Children, entry 2: Age: must be a number' },
    { text: 'is not a form' },
  ]);
  const summary = errorSummary('There is a problem', items).value;
  expect(summary).toContain('role="alert"');
  expect(summary).toContain('<li><a href="#f-phq-0">Low: must be one of the answers</a></li>');
  expect(summary).toContain('<li>is not a form</li>');
  expect(errorSummary('There is a problem', []).value).toBe('');
});

test('the template escapes every value that is not already markup', () => {
  const name = '<b>&';
  expect(html`<p title="${name}">${name}${html`<i>${name}</i>`}${[1, false, null, undefined]}</p>`.value).toBe(
    '<p title="&lt;b&gt;&amp;">&lt;b&gt;&amp;<i>&lt;b&gt;&amp;</i>1</p>',
  );
});

import type { JsonSchema, UiHints } from '@harbour/forms';
import { answersFromPost, entryIndexes, questionsOf, typedFromText, unknownNames } from '../src';

/** A small form with one question of each kind, a condition and a list of entries. */
const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['seen_on', 'count'],
  properties: {
    seen_on: { type: 'string', format: 'date' },
    count: { type: 'integer', minimum: 0, maximum: 500 },
    weight: { type: 'number' },
    safe: { type: 'boolean' },
    mood: { type: 'integer', minimum: 0, maximum: 3 },
    kind: { type: 'string', enum: ['a', 'b'] },
    kinds: { type: 'array', items: { type: 'string', enum: ['x', 'y', 'z'] } },
    why: { type: 'string', maxLength: 100 },
    notes: { type: 'string', maxLength: 2000 },
    children: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { ref: { type: 'string' }, age: { type: 'integer', minimum: 0, maximum: 17 } },
      },
    },
  },
};
const ui: UiHints = {
  order: ['seen_on', 'count', 'weight', 'safe', 'mood', 'kind', 'kinds', 'why', 'notes', 'children'],
  fields: {
    seen_on: { label: 'Seen on' },
    count: { label: 'Count', widget: 'number' },
    weight: { label: 'Weight' },
    safe: { label: 'Safe' },
    mood: { label: 'Mood', widget: 'scale' },
    kind: { label: 'Kind' },
    kinds: { label: 'Kinds' },
    why: { label: 'Why', showWhen: { field: 'kind', equals: 'b' } },
    notes: { label: 'Notes' },
    children: {
      label: 'Children',
      items: {
        order: ['ref', 'age'],
        fields: { ref: { label: 'Reference' }, age: { label: 'Age', widget: 'number' } },
      },
    },
  },
};
const questions = questionsOf(schema, ui, 'the form test.form');

describe('typedFromText, the one reading of posted numbers, yes/no and dates', () => {
  test.each([
    ['integer', '2', 2],
    ['integer', ' -3 ', -3],
    ['integer', '1.5', '1.5'],
    ['integer', '1e3', '1e3'],
    ['integer', '0x10', '0x10'],
    ['integer', 'two', 'two'],
    ['integer', '', ''],
    ['number', '1.5', 1.5],
    ['number', ' 1.5 ', 1.5],
    ['number', '.5', '.5'],
    ['number', '1,5', '1,5'],
    ['number', 'Infinity', 'Infinity'],
    ['boolean', 'true', true],
    ['boolean', ' false ', false],
    ['boolean', 'yes', 'yes'],
    ['date', '2025-03-10', '2025-03-10'],
    ['date', ' 2024-02-29 ', '2024-02-29'],
    ['date', '2025-02-29', '2025-02-29'],
    ['date', '2025-13-01', '2025-13-01'],
    ['date', '10/03/2025', '10/03/2025'],
    ['date', '2025-3-10', '2025-3-10'],
  ] as const)('%s %j → %j', (type, text, expected) => {
    expect(typedFromText(type, text)).toBe(expected);
  });
});

test('posted strings become the schema’s types; what does not convert is kept for validation to name', () => {
  expect(
    answersFromPost(questions, {
      seen_on: '2025-02-30',
      count: 'twelve',
      weight: '61.5',
      safe: 'false',
      mood: '2',
      kind: 'a',
      kinds: ['x', 'z'],
      notes: '  line one\n  line two  ',
    }),
  ).toEqual({
    seen_on: '2025-02-30',
    count: 'twelve',
    weight: 61.5,
    safe: false,
    mood: 2,
    kind: 'a',
    kinds: ['x', 'z'],
    notes: '  line one\n  line two  ',
    children: [],
  });
});

test('a required question left blank is unanswered, not an empty string, so validation says it is required', () => {
  const answers = answersFromPost(questions, { seen_on: '   ', count: '', kinds: ['', ''], weight: ' 2 ' });
  expect(answers).toEqual({ weight: 2, children: [] });
  expect('seen_on' in answers || 'count' in answers || 'kinds' in answers).toBe(false);
});

test('an answer to a question whose condition does not hold is dropped; one-line text is trimmed', () => {
  expect(answersFromPost(questions, { kind: 'a', why: 'because' })).toEqual({ kind: 'a', children: [] });
  expect(answersFromPost(questions, { kind: 'b', why: ' because ' })).toEqual({
    kind: 'b',
    why: 'because',
    children: [],
  });
});

test('list entries come back in order, blank entries included, their numbers typed', () => {
  const posted = {
    'children.3._entry': '1',
    'children.3.ref': 'C2',
    'children.0._entry': '1',
    'children.0.ref': 'C1',
    'children.0.age': '7',
    'children.7._entry': '1',
    'children.7.age': 'seven',
  };
  expect(entryIndexes(posted, 'children')).toEqual([0, 3, 7]);
  expect(answersFromPost(questions, posted).children).toEqual([{ ref: 'C1', age: 7 }, { ref: 'C2' }, { age: 'seven' }]);
});

test('a JSON body keeps its types; one value posted as a list of one is that value', () => {
  expect(answersFromPost(questions, { count: 4, safe: true, kind: ['b'] })).toEqual({
    count: 4,
    safe: true,
    kind: 'b',
    children: [],
  });
});

test('names that are no question, no entry field and no page control are reported', () => {
  expect(
    unknownNames(questions, { count: '1', 'children.0.ref': 'C1', _action: 'submit', serviceId: 'x', 'count.0': '1' }),
  ).toEqual(['serviceId', 'count.0']);
});

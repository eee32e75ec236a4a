import { type DueForm, type DueInput, type DueResponse, dueOf } from '../src/cases/case-due';
import { decodeCursor, encodeCursor } from '../src/cases/caseload';
import { addMonths } from '../src/cases/dates';

const forms: DueForm[] = [
  { key: 'core.intake', stage: 'intake', audience: 'practitioner', alwaysActive: true },
  { key: 'core.exit', stage: 'exit', audience: 'practitioner', alwaysActive: true },
  { key: 'core.client_intake', stage: 'intake', audience: 'client', alwaysActive: true },
  { key: 'core.client_exit', stage: 'exit', audience: 'client', alwaysActive: true },
  { key: 'mental-health.intake', stage: 'intake', audience: 'practitioner', alwaysActive: false },
  { key: 'mental-health.client_intake', stage: 'intake', audience: 'client', alwaysActive: false },
];
const reviewForms: DueForm[] = [
  { key: 'core.review', stage: 'review', audience: 'practitioner', alwaysActive: true },
  { key: 'core.client_review', stage: 'review', audience: 'client', alwaysActive: true },
];
const base = {
  status: 'open' as const,
  openedAt: '2025-03-12',
  today: '2025-04-01',
  forms,
  lastReviewedOn: null,
  reviewIntervalMonths: 3,
};

type States = Record<string, 'draft' | 'submitted'>;
/** Responses of forms answered once, by form key. */
const once = (states: States): DueResponse[] =>
  Object.entries(states).map(([formKey, status]) => ({ formKey, occasion: 0, status }));
const due = (input: Omit<DueInput, 'responses'> & { responses: States; reviews?: DueResponse[] }) =>
  dueOf({ ...input, responses: [...once(input.responses), ...(input.reviews ?? [])] });
const open = base;

test('a new case is due its intake and the client questionnaire', () => {
  expect(due({ ...open, responses: {} })).toEqual(['intake', 'client_questionnaire']);
  expect(due({ ...open, responses: { 'core.intake': 'draft' } })).toEqual(['intake', 'client_questionnaire']);
});

test('a module intake form does not hold the intake up; a module client form is still awaited', () => {
  const responses = { 'core.intake': 'submitted', 'core.client_intake': 'submitted' } as const;
  expect(due({ ...open, responses })).toEqual(['client_questionnaire']);
  expect(due({ ...open, responses: { ...responses, 'mental-health.client_intake': 'submitted' } })).toEqual([]);
});

test('the client exit questionnaire is due once the exit record is started', () => {
  const responses = {
    'core.intake': 'submitted',
    'core.client_intake': 'submitted',
    'mental-health.client_intake': 'submitted',
  } as const;
  expect(due({ ...open, responses })).toEqual([]);
  expect(due({ ...open, responses: { ...responses, 'core.exit': 'draft' } })).toEqual(['client_questionnaire']);
  expect(
    due({ ...open, responses: { ...responses, 'core.exit': 'submitted', 'core.client_exit': 'submitted' } }),
  ).toEqual([]);
});

test('a review is due the review interval after opening or after the latest review, until the exit', () => {
  const done = {
    'core.intake': 'submitted',
    'core.client_intake': 'submitted',
    'mental-health.client_intake': 'submitted',
  } as const;
  expect(due({ ...open, today: '2025-06-11', responses: done })).toEqual([]);
  expect(due({ ...open, today: '2025-06-12', responses: done })).toEqual(['review']);
  // a service reviewing every two months
  expect(due({ ...open, reviewIntervalMonths: 2, today: '2025-05-12', responses: done })).toEqual(['review']);
  const withReview = [...forms, ...reviewForms];
  const reviewed = {
    ...open,
    forms: withReview,
    responses: done,
    lastReviewedOn: '2025-06-20',
    reviews: [
      { formKey: 'core.review', occasion: 1, status: 'submitted' },
      { formKey: 'core.client_review', occasion: 1, status: 'submitted' },
    ] as DueResponse[],
  };
  expect(due({ ...reviewed, today: '2025-07-01' })).toEqual([]);
  expect(due({ ...reviewed, today: '2025-09-19' })).toEqual([]);
  expect(due({ ...reviewed, today: '2025-09-20' })).toEqual(['review']);
  expect(
    due({
      ...open,
      today: '2025-07-01',
      responses: { ...done, 'core.exit': 'submitted', 'core.client_exit': 'submitted' },
    }),
  ).toEqual([]);
});

test("the client's review questionnaire is awaited for the latest review once the practitioner started it", () => {
  const done = { 'core.intake': 'submitted', 'core.client_intake': 'submitted' } as const;
  const input = { ...open, forms: [...forms.slice(0, 4), ...reviewForms], responses: done };
  expect(due({ ...input, reviews: [{ formKey: 'core.review', occasion: 1, status: 'draft' }] })).toEqual([
    'client_questionnaire',
  ]);
  const both: DueResponse[] = [
    { formKey: 'core.review', occasion: 1, status: 'submitted' },
    { formKey: 'core.client_review', occasion: 1, status: 'submitted' },
  ];
  expect(due({ ...input, reviews: both })).toEqual([]);
  expect(due({ ...input, reviews: [...both, { formKey: 'core.review', occasion: 2, status: 'draft' }] })).toEqual([
    'client_questionnaire',
  ]);
});

test('a closed case has nothing due', () => {
  expect(due({ ...open, status: 'closed', today: '2026-01-01', responses: {} })).toEqual([]);
});

test('months are added by the calendar, clamped at the end of a shorter month', () => {
  expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  expect(addMonths('2025-03-12', 3)).toBe('2025-06-12');
});

test('a caseload cursor round-trips and a forged one is refused', () => {
  const position = { openedAt: '2025-03-12', id: '0b6f3c1e-2a7d-4c55-9d0e-4b7a1f2c3d4e' };
  expect(decodeCursor(encodeCursor(position))).toEqual(position);
  expect(() => decodeCursor('bm90IGEgY3Vyc29y')).toThrow('The cursor is not one this server gave out');
  expect(() => decodeCursor(Buffer.from(JSON.stringify(["2025-01-01'; drop", 'x'])).toString('base64url'))).toThrow();
});

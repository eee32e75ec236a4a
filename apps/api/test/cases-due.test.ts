import { type DueForm, dueOf } from '../src/cases/case-due';
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
const open = { status: 'open' as const, openedAt: '2025-03-12', today: '2025-04-01', forms };

test('a new case is due its intake and the client questionnaire', () => {
  expect(dueOf({ ...open, responses: {} })).toEqual(['intake', 'client_questionnaire']);
  expect(dueOf({ ...open, responses: { 'core.intake': 'draft' } })).toEqual(['intake', 'client_questionnaire']);
});

test('a module intake form does not hold the intake up; a module client form is still awaited', () => {
  const responses = { 'core.intake': 'submitted', 'core.client_intake': 'submitted' } as const;
  expect(dueOf({ ...open, responses })).toEqual(['client_questionnaire']);
  expect(dueOf({ ...open, responses: { ...responses, 'mental-health.client_intake': 'submitted' } })).toEqual([]);
});

test('the client exit questionnaire is due once the exit record is started', () => {
  const responses = {
    'core.intake': 'submitted',
    'core.client_intake': 'submitted',
    'mental-health.client_intake': 'submitted',
  } as const;
  expect(dueOf({ ...open, responses })).toEqual([]);
  expect(dueOf({ ...open, responses: { ...responses, 'core.exit': 'draft' } })).toEqual(['client_questionnaire']);
  expect(
    dueOf({ ...open, responses: { ...responses, 'core.exit': 'submitted', 'core.client_exit': 'submitted' } }),
  ).toEqual([]);
});

test('a review is due from three calendar months after opening, until a review or the exit', () => {
  const done = {
    'core.intake': 'submitted',
    'core.client_intake': 'submitted',
    'mental-health.client_intake': 'submitted',
  } as const;
  expect(dueOf({ ...open, today: '2025-06-11', responses: done })).toEqual([]);
  expect(dueOf({ ...open, today: '2025-06-12', responses: done })).toEqual(['review']);
  const withReview = [
    ...forms,
    { key: 'core.review', stage: 'review', audience: 'practitioner', alwaysActive: true } as const,
  ];
  expect(
    dueOf({ ...open, forms: withReview, today: '2025-07-01', responses: { ...done, 'core.review': 'submitted' } }),
  ).toEqual([]);
  expect(
    dueOf({
      ...open,
      today: '2025-07-01',
      responses: { ...done, 'core.exit': 'submitted', 'core.client_exit': 'submitted' },
    }),
  ).toEqual([]);
});

test('a closed case has nothing due', () => {
  expect(dueOf({ ...open, status: 'closed', today: '2026-01-01', responses: {} })).toEqual([]);
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

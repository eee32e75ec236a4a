import type { FormDefinition } from '@harbour/forms';
import { answersFromPost, questionsOf as questionsOfSchema, unknownNames } from '@harbour/html';
import { createModuleRegistry } from '../src';
import { loadConfig } from '../src/config';
import { formPageBody } from '../src/questionnaire/form-page';
import { linkStatus } from '../src/questionnaire/link-status';
import { presentedTokenHash } from '../src/questionnaire/link-token';
import { pageErrorsOf } from '../src/questionnaire/page-errors';

const registry = createModuleRegistry();
const clientForms = registry.forms().filter((form) => form.audience === 'client');
const form = (key: string) => registry.form(key)!;
const questionsOf = (clientForm: FormDefinition) => questionsOfSchema(clientForm.schema, clientForm.ui, clientForm.key);

test('every installed client form renders: one control per question, in the order of the UI hints', () => {
  expect(clientForms.map((f) => f.key)).toEqual(
    expect.arrayContaining(['core.client_intake', 'core.client_exit', 'mental-health.client_intake']),
  );
  for (const clientForm of clientForms) {
    const questions = questionsOf(clientForm);
    expect(questions.map((q) => q.key)).toEqual(clientForm.ui.order);
    const html = formPageBody({ form: clientForm, questions }).value;
    for (const key of clientForm.ui.order) expect(html).toContain(`name="${key}"`);
    expect(html).not.toMatch(/\sstyle=|<script|\son[a-z]+=/i);
  }
});

test('scales become radio buttons: numbered 0–10 side by side, labelled scales as a list', () => {
  const questions = questionsOf(form('core.client_exit'));
  const safety = questions.find((q) => q.key === 'safety_now')!;
  expect(safety.control).toMatchObject({ kind: 'choice', layout: 'scale' });
  expect(safety.control.kind === 'choice' && safety.control.options.map((o) => o.value)).toEqual(
    Array.from({ length: 11 }, (_, i) => String(i)),
  );
  const hopeful = questions.find((q) => q.key === 'confidence_future')!;
  expect(hopeful.control).toMatchObject({ kind: 'choice', layout: 'list' });
  expect(hopeful.control.kind === 'choice' && hopeful.control.options[0]).toEqual({
    value: '1',
    label: 'I strongly disagree',
  });
  expect(questions.find((q) => q.key === 'comments')?.control).toEqual({
    kind: 'text',
    multiline: true,
    maxLength: 2000,
  });
  const html = formPageBody({ form: form('core.client_exit'), questions }).value;
  expect(html).toContain('<p class="scale-ends" id="f-safety_now-ends"><span>0 = Not safe at all</span>');
  expect(html).toMatch(
    /<section class="group" aria-labelledby="f-group-\w+"><h2 id="f-group-\w+">Think about the last two weeks/,
  );
});

test('posted strings become the schema’s types; blanks are unanswered; unknown keys are named to be refused', () => {
  const questions = questionsOf(form('core.client_exit'));
  const posted = {
    safety_now: '7',
    who5_1: ' 3 ',
    confidence_future: '',
    knows_where_to_get_help: 'yes',
    comments: '   ',
    felt_listened_to: 'lots',
    serviceId: 'x',
  };
  expect(answersFromPost(questions, posted)).toEqual({
    safety_now: 7,
    who5_1: 3,
    knows_where_to_get_help: 'yes',
    felt_listened_to: 'lots',
  });
  expect(unknownNames(questions, posted)).toEqual(['serviceId']);
  // JSON keeps its types
  expect(answersFromPost(questions, { safety_now: 4, comments: 'fine' })).toEqual({ safety_now: 4, comments: 'fine' });
});

test('what a visitor typed is escaped when the page is shown again', () => {
  const clientExit = form('core.client_exit');
  const questions = questionsOf(clientExit);
  const html = formPageBody({
    form: clientExit,
    questions,
    values: { comments: '</textarea><script>alert(1)</script>', safety_now: '" onfocus="x' },
    errors: [{ key: 'comments', message: 'Please use 2000 characters or fewer.' }],
  }).value;
  expect(html).not.toContain('<script>');
  expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
  expect(html).not.toContain('onfocus="x');
});

test('registry errors are put in plain words, by question, in question order', () => {
  const questions = questionsOf(form('core.client_exit'));
  expect(
    pageErrorsOf(questions, [
      { pointer: '/answers/comments', message: 'must be at most 2000 characters' },
      { pointer: '/answers/safety_now', message: 'must be a whole number from 0 to 10' },
      { pointer: '/answers/serviceId', message: 'is not a question on this form' },
    ]),
  ).toEqual([
    { key: 'safety_now', message: 'Please choose one of the answers shown.' },
    { key: 'comments', message: 'Please use 2000 characters or fewer.' },
    { message: expect.stringMatching(/not expected/) },
  ]);
});

test('a link is used, revoked, expired or active, in that order of precedence', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  const past = new Date('2026-01-09T12:00:00Z');
  const future = new Date('2026-01-11T12:00:00Z');
  expect(linkStatus({ expires_at: future, used_at: null, revoked_at: null }, now)).toBe('active');
  expect(linkStatus({ expires_at: now, used_at: null, revoked_at: null }, now)).toBe('expired');
  expect(linkStatus({ expires_at: past, used_at: null, revoked_at: past }, now)).toBe('revoked');
  expect(linkStatus({ expires_at: past, used_at: past, revoked_at: null }, now)).toBe('used');
});

test('only well-formed tokens are looked up', () => {
  expect(presentedTokenHash('a'.repeat(43))).toHaveLength(32);
  for (const bad of ['', 'abc', 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`]) {
    expect(presentedTokenHash(bad)).toBeNull();
  }
});

test('the quick-exit address must be https, except a local page in tests and development', () => {
  expect(
    loadConfig({ NODE_ENV: 'test', HARBOUR_NEUTRAL_EXIT_URL: 'http://127.0.0.1:8080/weather' }).neutralExitUrl,
  ).toBe('http://127.0.0.1:8080/weather');
  expect(() => loadConfig({ NODE_ENV: 'production', HARBOUR_NEUTRAL_EXIT_URL: 'http://localhost/weather' })).toThrow(
    /HARBOUR_NEUTRAL_EXIT_URL/,
  );
  expect(() => loadConfig({ NODE_ENV: 'development', HARBOUR_NEUTRAL_EXIT_URL: 'http://example.org/' })).toThrow(
    /HARBOUR_NEUTRAL_EXIT_URL/,
  );
  expect(() => loadConfig({ NODE_ENV: 'test', HARBOUR_NEUTRAL_EXIT_URL: 'http://localhost.example.org/' })).toThrow(
    /HARBOUR_NEUTRAL_EXIT_URL/,
  );
});

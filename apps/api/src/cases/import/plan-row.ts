/**
 * One import row checked and turned into what will be written: the case, and a submitted
 * response for each form the row has answers for. Pure: everything it needs is looked up once
 * per import and passed in.
 */
import { randomUUID } from 'node:crypto';
import type { PractitionerRole } from '@harbour/db';
import type { FieldError, FormContext, Registry, ScoreResults } from '@harbour/forms';
import { practitionerRoles } from '../../lib/schemas';
import { caseFlags, checkAnswers } from '../check-answers';
import { CONSENT_FIELD, EXIT_DATE_FIELD, EXIT_FORM, INTAKE_FORM } from '../core-forms';
import { isIsoDate } from '../dates';
import {
  caseClientRules,
  casePeriod,
  inactiveModuleMessage,
  isModuleActive,
  type ModuleWindow,
} from '../module-activity';
import { currentAnswers, type OccasionResponse } from '../occasions';
import { answerColumn, cellValue, type ImportColumns, isCaseColumn } from './import-columns';
import type { RowValues } from './parse-import';

export type Worker = { userId: string; practitionerRole: PractitionerRole | null };

export type ImportContext = {
  registry: Registry;
  columns: ImportColumns;
  /** Members of the service by lower-case email. */
  workers: Map<string, Worker>;
  importer: { userId: string; email: string; role: 'practitioner' | 'manager' };
  windows: ModuleWindow[];
  settings: FormContext['settings'];
  today: string;
};

export type PlannedResponse = {
  formKey: string;
  /** 0 for a form answered once; the review number otherwise. */
  occasion: number;
  moduleKey: string;
  formVersion: number;
  answers: Record<string, unknown>;
  scores: ScoreResults;
};

export type PlannedCase = {
  id: string;
  reference: string | null;
  workerId: string;
  practitionerRole: PractitionerRole | null;
  openedAt: string;
  closedAt: string | null;
  flags: string[];
  consentResearch: boolean | null;
  responses: PlannedResponse[];
};

export type RowPlan = { ok: true; plan: PlannedCase } | { ok: false; errors: FieldError[] };

const problem = (column: string, message: string): FieldError => ({ pointer: `/${column}`, message });

export function planRow(ctx: ImportContext, values: RowValues, fromCsv: boolean): RowPlan {
  const errors: FieldError[] = [];
  // the row's responses by key: the form key, and `<form key>.<n>` for the occasions of a review form
  const rowResponses = new Map<string, OccasionResponse>();
  const caseValues: Record<string, unknown> = {};

  for (const [column, raw] of values) {
    if (raw === null || raw === undefined) continue;
    if (isCaseColumn(column)) {
      caseValues[column] = raw;
      continue;
    }
    const answer = answerColumn(ctx.columns, column);
    if (!answer) {
      errors.push(problem(column, 'is not a column of the data dictionary'));
      continue;
    }
    let response = rowResponses.get(answer.response);
    if (!response) {
      response = { formKey: answer.formKey, occasion: answer.occasion, answers: {} };
      rowResponses.set(answer.response, response);
    }
    response.answers[answer.field] = fromCsv && typeof raw === 'string' ? cellValue(raw, answer.type) : raw;
  }
  const answered = [...rowResponses.values()];
  errors.push(...occasionGaps(answered, ctx.registry));

  const openedAt = caseValues['case.opened_at'];
  if (openedAt === undefined) errors.push(problem('case.opened_at', 'is required'));
  else if (!isIsoDate(openedAt)) {
    errors.push(problem('case.opened_at', 'must be a date written YYYY-MM-DD'));
  } else if (openedAt > ctx.today) errors.push(problem('case.opened_at', 'cannot be in the future'));

  const reference = caseValues['case.reference'];
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 100)) {
    errors.push(problem('case.reference', 'must be text of at most 100 characters'));
  }

  const email = caseValues['case.worker_email'];
  let worker =
    email === undefined
      ? ctx.workers.get(ctx.importer.email)
      : typeof email === 'string'
        ? ctx.workers.get(email.trim().toLowerCase())
        : undefined;
  if (!worker) {
    errors.push(
      problem(
        'case.worker_email',
        email === undefined ? 'is required' : 'is not the email of a member of this service',
      ),
    );
  }
  if (worker && ctx.importer.role === 'practitioner' && worker.userId !== ctx.importer.userId) {
    errors.push(problem('case.worker_email', 'must be your own: a practitioner imports only their own cases'));
    worker = undefined;
  }

  const role = caseValues['case.practitioner_role'];
  if (role !== undefined && !(practitionerRoles as readonly unknown[]).includes(role)) {
    errors.push(problem('case.practitioner_role', `must be one of: ${practitionerRoles.join(', ')}`));
  }

  const exitDate = rowResponses.get(EXIT_FORM)?.answers[EXIT_DATE_FIELD];
  const closedAt = isIsoDate(exitDate) ? exitDate : null;
  if (closedAt && typeof openedAt === 'string' && closedAt < openedAt) {
    errors.push(problem(`${EXIT_FORM}.${EXIT_DATE_FIELD}`, 'cannot be before case.opened_at'));
  }

  const period = casePeriod({ openedAt: typeof openedAt === 'string' ? openedAt : ctx.today, closedAt }, ctx.today);
  const clients = caseClientRules(ctx.registry, ctx.windows, period);
  const responses: PlannedResponse[] = [];
  for (const [key, response] of rowResponses) {
    const { formKey, occasion, answers } = response;
    const module = ctx.registry.moduleOf(formKey);
    const form = ctx.registry.form(formKey);
    if (!module || !form) continue; // every dictionary column names an installed form
    if (!isModuleActive(module, ctx.windows, period)) {
      errors.push(problem(key, inactiveModuleMessage(formKey, module, ctx.windows, period)));
      continue;
    }
    const checked = checkAnswers(ctx.registry, formKey, answers, 'submitted', {
      today: ctx.today,
      otherAnswers: currentAnswers(answered.filter((r) => r.formKey !== formKey)),
      settings: ctx.settings,
      clients,
    });
    if (!checked.ok) {
      errors.push(...checked.errors.map((e) => columnError(key, e)));
      continue;
    }
    // the forms checked after this one see its answers as they will be stored
    response.answers = checked.answers;
    responses.push({
      formKey,
      occasion,
      moduleKey: module.key,
      formVersion: form.version,
      answers: checked.answers,
      scores: checked.scores,
    });
  }

  if (errors.length > 0 || !worker || typeof openedAt !== 'string') return { ok: false, errors };
  const consent = rowResponses.get(INTAKE_FORM)?.answers[CONSENT_FIELD];
  return {
    ok: true,
    plan: {
      id: randomUUID(),
      reference: typeof reference === 'string' ? reference : null,
      workerId: worker.userId,
      practitionerRole: (role as PractitionerRole | undefined) ?? worker.practitionerRole,
      openedAt,
      closedAt,
      flags: caseFlags(ctx.registry, currentAnswers(answered)),
      consentResearch: typeof consent === 'boolean' ? consent : null,
      responses,
    },
  };
}

/** Reviews are numbered from 1 without gaps: review 3 needs review 2 in the same row. */
function occasionGaps(occasions: { formKey: string; occasion: number }[], registry: Registry): FieldError[] {
  const reviews = new Set(
    occasions.filter((o) => o.occasion > 0 && registry.form(o.formKey)?.stage === 'review').map((o) => o.occasion),
  );
  const missing = [...reviews].flatMap((n) => (n > 1 && !reviews.has(n - 1) ? [n] : []));
  return missing.map((n) => {
    const first = occasions.find((o) => o.occasion === n) as { formKey: string };
    return problem(`${first.formKey}.${n}`, `is review ${n}, but the row has no review ${n - 1}`);
  });
}

/** A form's field error named by its column: `/answers/phq9_3` of mental-health.client_intake → `/mental-health.client_intake.phq9_3`. */
function columnError(formKey: string, error: FieldError): FieldError {
  const [field = '', ...rest] = error.pointer.replace(/^\//, '').split('/');
  const column = field === '' ? formKey : `${formKey}.${field}`;
  return { pointer: `/${[column, ...rest].join('/')}`, message: error.message };
}

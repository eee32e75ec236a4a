/**
 * Puts a generated case through the registry exactly as the API would a submission: defaults
 * applied, validated as `submitted` against the case's other answers, scored, and flagged. A
 * generated response that the API would refuse is a bug in the generator, so it throws.
 */
import {
  checkFollowUpChoice,
  type FieldError,
  type FollowUpChoice,
  type FormContext,
  isFollowUpChoiceProblem,
  type Registry,
} from '@harbour/forms';
import type { Answers, SynthCase, SynthFollowUp, SynthService } from './types';

export type PreparedResponse = {
  formKey: string;
  moduleKey: string;
  formVersion: number;
  source: 'practitioner' | 'client';
  answers: Answers;
  scores: Record<string, unknown>;
  submittedOn: string;
  /** 0 for a form answered once; the review or follow-up number otherwise. */
  occasion: number;
};

export type PreparedChildResponse = Omit<PreparedResponse, 'source'> & { childRef: string };

export type PreparedFollowUp = Omit<SynthFollowUp, 'choice'> & { choice: FollowUpChoice };

export type PreparedCase = Omit<SynthCase, 'responses' | 'childResponses' | 'followUp'> & {
  flags: string[];
  consentResearch: boolean | null;
  responses: PreparedResponse[];
  childResponses: PreparedChildResponse[];
  followUp?: PreparedFollowUp;
};

export class InvalidSyntheticResponseError extends Error {
  constructor(
    readonly reference: string,
    readonly formKey: string,
    readonly errors: FieldError[],
  ) {
    super(`generated ${formKey} of ${reference} does not validate: ${JSON.stringify(errors)}`);
    this.name = 'InvalidSyntheticResponseError';
  }
}

/** The modules of the service active at some time while the case was open. */
function caseModuleKeys(service: Pick<SynthService, 'modules'>, synthCase: SynthCase): string[] {
  const to = synthCase.closedAt ?? synthCase.openedAt;
  return service.modules
    .filter((w) => w.activeFrom <= to && (w.activeTo === null || w.activeTo >= synthCase.openedAt))
    .map((w) => w.moduleKey);
}

export function prepareCase(
  registry: Registry,
  service: Pick<SynthService, 'settings' | 'modules'>,
  synthCase: SynthCase,
): PreparedCase {
  const otherAnswers: Record<string, Answers> = {};
  for (const response of synthCase.responses) otherAnswers[response.formKey] = response.answers;
  const flags = new Set<string>();
  const clients = registry.clientRules(caseModuleKeys(service, synthCase));
  const check = (response: { formKey: string; answers: Answers; submittedOn: string; occasion?: number }) => {
    const form = registry.form(response.formKey);
    if (!form) throw new Error(`no installed module has the form ${response.formKey}`);
    const ctx: FormContext = {
      today: response.submittedOn,
      otherAnswers,
      settings: { riskHighFrom: service.settings.riskHighFrom, riskMediumFrom: service.settings.riskMediumFrom },
      clients,
    };
    const answers = registry.prepare(response.formKey, response.answers, ctx);
    const result = registry.validate(response.formKey, answers, 'submitted', ctx);
    if (!result.ok) throw new InvalidSyntheticResponseError(synthCase.reference, response.formKey, result.errors);
    for (const flag of registry.flags(response.formKey, answers)) flags.add(flag);
    return {
      formKey: response.formKey,
      moduleKey: registry.moduleOf(response.formKey)?.key as string,
      formVersion: form.version,
      answers,
      scores: registry.score(response.formKey, answers) as Record<string, unknown>,
      submittedOn: response.submittedOn,
      occasion: response.occasion ?? 0,
    };
  };
  const responses = synthCase.responses.map(
    (response): PreparedResponse => ({
      ...check(response),
      moduleKey: response.moduleKey,
      source: response.source,
    }),
  );
  const childResponses = synthCase.childResponses.map(
    (response): PreparedChildResponse => ({ ...check(response), childRef: response.childRef }),
  );
  const intake = responses.find((r) => r.formKey === 'core.intake');
  const consent = intake?.answers.consent_research;
  const { followUp, ...rest } = synthCase;
  return {
    ...rest,
    flags: [...flags].sort(),
    consentResearch: typeof consent === 'boolean' ? consent : null,
    responses,
    childResponses,
    ...(followUp ? { followUp: { ...followUp, choice: checkedChoice(synthCase.reference, followUp) } } : {}),
  };
}

/** The follow-up choice as the API's `PUT /cases/:id/follow-up` would take it, or a generator bug. */
function checkedChoice(reference: string, followUp: SynthFollowUp): FollowUpChoice {
  const choice = checkFollowUpChoice(followUp.choice);
  if (isFollowUpChoiceProblem(choice)) {
    throw new InvalidSyntheticResponseError(reference, 'follow-up choice', choice.details);
  }
  return choice;
}

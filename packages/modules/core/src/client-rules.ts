/**
 * The core intake's rules that assume an adult, bent by the client rules of the modules offered
 * to the case (`ctx.clients`, from ModuleDefinition.clients): the youngest age taken, the codes
 * for a child's abusers, and who may agree to research for a client under 16.
 */
import { ADULT_CLIENT_RULES, type FieldError, type FormRule } from '@harbour/forms';
import { childClientRelationships } from './intake-form';

/** Under this age a client's agreement to research needs a parent's, or a Gillick-competence judgement. */
export const AGE_OF_OWN_CONSENT = 16;

const CHILD_CODES = Object.keys(childClientRelationships);

export const clientAge: FormRule = {
  forms: ['core.intake'],
  check(answers, ctx) {
    const { minimumAge } = ctx.clients ?? ADULT_CLIENT_RULES;
    const age = answers.age;
    if (typeof age !== 'number' || age >= minimumAge) return [];
    return [
      {
        pointer: '/age',
        message: `must be ${minimumAge} or over: this service's modules take clients from ${minimumAge}; younger clients only on a service with a module for young people`,
      },
    ];
  },
};

export const childAbuserCodes: FormRule = {
  forms: ['core.intake'],
  check(answers, ctx) {
    const relationship = answers.perpetrator_relationship;
    if ((ctx.clients ?? ADULT_CLIENT_RULES).childClients || !CHILD_CODES.includes(String(relationship))) return [];
    return [
      {
        pointer: '/perpetrator_relationship',
        message: `must not be ${String(relationship)} on an adult service's case: record a parent or sibling of an adult client as family_member`,
      },
    ];
  },
};

/** Checked on submission: a draft may have the agreement before its basis. */
export const consentUnderSixteen: FormRule = {
  forms: ['core.intake'],
  modes: ['submitted'],
  check(answers): FieldError[] {
    const age = answers.age;
    if (answers.consent_research !== true || typeof age !== 'number' || age >= AGE_OF_OWN_CONSENT) return [];
    if (answers.consent_basis === 'parent_carer' || answers.consent_basis === 'gillick_competent') return [];
    return [
      {
        pointer: '/consent_basis',
        message:
          'must be parent_carer or gillick_competent: a client under 16 joins the research dataset with a parent’s or carer’s agreement, or with a recorded judgement that they are Gillick competent',
      },
    ];
  },
};

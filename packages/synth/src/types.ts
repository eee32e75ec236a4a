import type { MemberRole, PractitionerRole, ServiceKind } from '@harbour/db';
import type { FollowUpChoiceBody } from '@harbour/forms';
import type { Catchment } from './census';

export type Answers = Record<string, unknown>;

/** A module's activation window for a service (dates inclusive; open-ended when `activeTo` is null). */
export type ModuleWindow = { moduleKey: string; activeFrom: string; activeTo: string | null };

export type SynthWorker = {
  id: string;
  email: string;
  name: string;
  role: MemberRole;
  practitionerRole: PractitionerRole | null;
  fte: number;
};

/** Census high-level ethnic groups, for reach factors. */
export type EthnicGroup = 'asian' | 'black' | 'mixed' | 'white' | 'other';

export type SynthService = {
  id: string;
  name: string;
  kind: Extract<ServiceKind, 'idva' | 'outreach' | 'refuge' | 'young_people'>;
  localAuthority: string;
  sharesNationalDataset: boolean;
  sharesNationalDatasetFrom: string | null;
  settings: { riskHighFrom: number; riskMediumFrom: number; safeCaseloadPerFte: number };
  modules: ModuleWindow[];
  workers: SynthWorker[];
  catchment: Catchment;
  /**
   * How well the service reaches each group relative to its population, on top of the national
   * pattern (1 = as well as the average service). A demo service under-reaches one on purpose.
   */
  reach: Partial<Record<EthnicGroup, number>>;
  /** New cases a year. */
  casesPerYear: number;
};

export type SynthResponse = {
  formKey: string;
  moduleKey: string;
  source: 'practitioner' | 'client';
  answers: Answers;
  /** The date the response was submitted (`YYYY-MM-DD`). */
  submittedOn: string;
  /** The review or follow-up number of a form answered on numbered occasions; absent for the others. */
  occasion?: number;
};

/** A child's own response (by `child_ref`): their questionnaire, answered through a link. */
export type SynthChildResponse = { childRef: string; formKey: string; answers: Answers; submittedOn: string };
/** A follow-up sent at one of the service's points after closure: a one-time link, answered or not. */
export type SynthFollowUpSent = {
  occasion: number;
  months: number;
  dueOn: string;
  sentOn: string;
  /** The day the client answered through the link; null: not (yet) answered. */
  answeredOn: string | null;
  /** The link's id, and the SHA-256 digest (hex) of a token nobody holds. */
  linkId: string;
  tokenHash: string;
};

/**
 * The client's follow-up choice recorded at exit, in the body of `PUT /cases/:id/follow-up`,
 * and what was sent after closure.
 */
export type SynthFollowUp = {
  choice: FollowUpChoiceBody;
  sent: SynthFollowUpSent[];
  /** Contact stopped by itself after two unanswered follow-ups, on this day. */
  endedOn: string | null;
};

export type SynthCase = {
  id: string;
  serviceId: string;
  reference: string;
  workerId: string;
  practitionerRole: PractitionerRole | null;
  openedAt: string;
  closedAt: string | null;
  /** Responses in the order a service would record them (intake forms first). */
  responses: SynthResponse[];
  /** The children's own questionnaires (child_responses). */
  childResponses: SynthChildResponse[];
  /** Closed cases: the follow-up choice at exit and the follow-ups sent since. */
  followUp?: SynthFollowUp;
};

export type Period = { from: string; to: string };

/** The shapes of the cases API's answers that the pages read (the OpenAPI document, /api/v1/openapi.json). */
export type CaseSummary = {
  id: string;
  reference: string | null;
  workerId: string;
  workerName?: string;
  openedAt: string;
  closedAt?: string | null;
  status: 'open' | 'closed';
  flags?: string[];
  due?: string[];
  lastReviewedOn?: string | null;
  reviewDueOn?: string | null;
};

export type StoredResponse = {
  formKey: string;
  /** The review number of a review form; null for a form answered once. */
  occasion?: number | null;
  version: number;
  status: 'draft' | 'submitted';
  answers: Record<string, unknown>;
  scores?: Record<string, unknown>;
  revision?: number;
  updatedAt: string;
};

export type OfferedForm = {
  key: string;
  moduleKey?: string;
  version: number;
  stage: 'intake' | 'review' | 'exit' | 'follow_up';
  audience: 'practitioner' | 'client';
  title: string;
};

export type ReviewSummary = {
  occasion: number;
  reviewDate: string | null;
  submittedForms: string[];
  draftForms: string[];
};

export type CaseDetail = CaseSummary & {
  responses: StoredResponse[];
  reviews?: ReviewSummary[];
  forms?: OfferedForm[];
};

export type QuestionnaireLink = {
  id: string;
  formKey: string;
  occasion?: number | null;
  language?: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string | null;
  revokedAt?: string | null;
  status?: string;
};

export type Member = {
  userId: string;
  email: string;
  name: string;
  role: string;
  practitionerRole: string | null;
  disabled: boolean;
};

export const DUE_LABELS: Record<string, string> = {
  intake: 'Intake not submitted',
  client_questionnaire: 'Client questionnaire outstanding',
  review: 'Review due',
};

export const STAGES: { key: OfferedForm['stage']; title: string }[] = [
  { key: 'intake', title: 'Intake' },
  { key: 'review', title: 'Review' },
  { key: 'exit', title: 'Exit' },
];

/** A case's name on screen: its reference, or the start of its id. */
export function caseName(kase: { reference: string | null; id: string }): string {
  return kase.reference || `Case ${kase.id.slice(0, 8)}`;
}

/** `2025-03-10` as `10 Mar 2025`. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A language a client questionnaire can be sent in (GET /api/v1/languages). */
export type ClientLanguage = {
  code: string;
  lang: string;
  name: string;
  englishName: string;
  review: { status: string; reviewer: string | null; reviewedOn: string | null; note?: string };
  officialTranslations: string[];
};

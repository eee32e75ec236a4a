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
  /** Answered for each child recorded on the case (the child's own voice). */
  perChild?: boolean;
  /** A child's own questionnaire: the ages it is written for. */
  ages?: { from: number; to: number };
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
  /** The forms answered for each child recorded on the case's children.intake. */
  childForms?: OfferedForm[];
};

export type QuestionnaireLink = {
  id: string;
  formKey: string;
  /** The child a child's own questionnaire is for. */
  childRef?: string | null;
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

/** The form recording the children of the household, by `child_ref`. */
const CHILDREN_FORM = 'children.intake';

export type RecordedChild = { ref: string; age: number | undefined };

/** The children recorded on the case's children.intake, by their reference (C1, C2 …). */
export function recordedChildren(kase: CaseDetail): RecordedChild[] {
  const children = kase.responses.find((r) => r.formKey === CHILDREN_FORM)?.answers.children;
  if (!Array.isArray(children)) return [];
  return children.flatMap((child: { child_ref?: unknown; age?: unknown }) =>
    typeof child?.child_ref === 'string'
      ? [{ ref: child.child_ref, age: typeof child.age === 'number' ? child.age : undefined }]
      : [],
  );
}

/** A form's title with the ages a child's own questionnaire is for: "How are things for you? (ages 8 to 12)". */
export const formTitle = (form: Pick<OfferedForm, 'title' | 'ages'>) =>
  form.ages ? `${form.title} (ages ${form.ages.from} to ${form.ages.to})` : form.title;

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

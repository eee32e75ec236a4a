/**
 * What the pages say about cases. The shapes of the API's answers (CaseSummary, CaseDetail,
 * FormSummary, …) are not here: they come from `@harbour/contract`, derived from the schemas the
 * API serialises with.
 */
import type { CaseDetail, FormSummary } from '@harbour/contract';

/** The practitioner roles' names, by the API's codes. */
export const ROLE_NAMES: Record<string, string> = {
  idva: 'Idva',
  ypva: 'Young people’s violence adviser',
  outreach: 'Outreach',
  refuge: 'Refuge',
  children: 'Children’s worker',
  hospital_idva: 'Hospital Idva',
  other: 'Other',
};

export const DUE_LABELS: Record<string, string> = {
  intake: 'Intake not submitted',
  client_questionnaire: 'Client questionnaire outstanding',
  review: 'Review due',
};

export const STAGES: { key: FormSummary['stage']; title: string }[] = [
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
export const formTitle = (form: Pick<FormSummary, 'title' | 'ages'>) =>
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

/**
 * What the pages say about cases. The shapes of the API's answers (CaseSummary, CaseDetail,
 * FormSummary, …) are not here: they come from `@harbour/contract`, derived from the schemas the
 * API serialises with.
 */
import type { FormSummary } from '@harbour/contract';

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

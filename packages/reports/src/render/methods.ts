/** The methods page of the PDF: definitions, denominators, suppression and tests, in plain words. */
import { UNDER_REPRESENTATION_ALPHA } from '@harbour/stats';
import type { ReportModel } from '../model';

export function methodsText(model: ReportModel): { heading: string; text: string }[] {
  const k = model.disclosureThreshold;
  const national = model.nationalThreshold;
  return [
    {
      heading: 'Who is counted',
      text: 'Intake sections (headline rates, referrals, demographics, risk, needs, children) count cases opened in the period with a submitted intake form. Outcome sections (support, outcomes, client voice, so what) count cases closed in the period; outcomes use matched cases, closed in the period with both a submitted intake and a submitted exit form. Caseload counts cases open at any time in the period. Draft forms are never counted. A filter by practitioner role or worker keeps only that role’s or worker’s cases.',
    },
    {
      heading: 'Rates and intervals',
      text: 'A rate is the numerator over the denominator as a percentage with one decimal. Each denominator is the set of cases for which the figure is defined: for example, "abuse stopped" counts matched cases with that abuse at intake and a known level at exit, and "risk reduced" counts matched cases at high or medium risk at intake with a known level at exit. Answers of "not known" leave a case out of the denominator. The 95% interval of a rate is the Wilson score interval (Wilson 1927; Newcombe 1998), which behaves well for small groups and for rates near 0% or 100%. Means and changes (safety, WHO-5, PHQ-9, GAD-7) come with a t-based 95% interval; a change is exit minus intake, for cases with both.',
    },
    {
      heading: 'Benchmarks',
      text: `National figures are the same definitions over the services that share with the national dataset, for clients who consented to research, over the same period; they are disclosure-controlled at ${national}. A referral route is flagged when the national rate lies above the upper end of this report’s 95% interval, with the gap in percentage points. Local population shares come from the Census 2021 tables of England and Wales (ONS, Open Government Licence v3.0), for the local authorities the clients live in, weighted by how many clients come from each; gender and age are compared with residents aged 16 and over, sexual orientation with residents who answered the question. Clients outside England and Wales, or with no local authority recorded, are left out of the weighting.`,
    },
    {
      heading: 'Under-representation test',
      text: `A group is flagged as under-represented when a one-sided exact binomial test finds fewer clients from it than its local population share would lead one to expect: the chance of seeing as few as observed, if each client came from the group with the population share’s probability, is below ${UNDER_REPRESENTATION_ALPHA}. The test is not run on hidden figures. With small numbers the test has little power: no flag does not mean a group is reached well.`,
    },
    {
      heading: 'Disclosure control',
      text: `Counts from 1 to ${k - 1} are hidden and shown as "<${k}" (national figures: 1 to ${national - 1}, shown as "<${national}"). A rate is hidden when its numerator or its denominator is. Where figures split a total that is shown (referral routes, ethnic groups, risk levels, subgroups of an outcome), and one of them is hidden, the next-smallest non-zero one is hidden too, so that the first cannot be worked out by subtraction; such a cell is shown as "[c]". Caseload counts per worker describe workload, not people, and are not hidden. Counts of children (children's and young people's sections) are hidden below ${national} even in a service’s own report, and a young people's service's report uses ${national} throughout.`,
    },
    {
      heading: 'Caseload',
      text: 'Cases open at any time in the period, per worker, beside the safe caseload: the service’s safe caseload per full-time worker for a year (70 unless the service sets another), times the worker’s FTE, times the days of the period over 365. A worker above it is flagged.',
    },
    {
      heading: 'Completeness',
      text: 'For each form, the share of its key fields answered across the submitted forms of the cases counted; an answer of "not known" counts as unanswered.',
    },
  ];
}

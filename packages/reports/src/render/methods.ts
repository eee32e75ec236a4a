/** The methods page of the PDF: definitions, denominators, suppression and tests, in plain words. */
import { DEFAULT_REVIEW_INTERVAL_MONTHS } from '@harbour/db';
import { UNDER_REPRESENTATION_ALPHA } from '@harbour/stats';
import { ABUSE_PROFILE_LABEL, CSEW_PREVALENCE } from '../abuse-profile';
import type { ReportModel } from '../model';
import { LOW_RESPONSE_PERCENT, monthsText } from '../sections/over-time-sections';

const pct = (rate: number | undefined) => `${((rate ?? 0) * 100).toFixed(1)}%`;

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
      text: `National figures are the same definitions over the services that share with the national dataset, for clients who consented to research, over the same period; they are disclosure-controlled at ${national}. A referral route is flagged when the national rate lies above the upper end of this report’s 95% interval, with the gap in percentage points. Local population shares come from the Census 2021 tables of England and Wales (ONS, Open Government Licence v3.0), for the local authorities the clients live in, weighted by how many clients come from each; sexual orientation is compared with residents who answered the question. Clients outside England and Wales, or with no local authority recorded, are left out of the weighting.`,
    },
    {
      heading: 'Which comparator each figure uses, and why',
      text: `Sex and age are compared with ${ABUSE_PROFILE_LABEL.replace('People', 'the people')}, not with all residents: about half of residents are men, but men are about three in ten of those who experience domestic abuse, so a comparison with all residents would call a service's reach of men poor when it is not. That profile is the Census 2021 residents aged 16 and over of the clients' local authorities, by sex and age band, each multiplied by the Crime Survey for England and Wales rate of domestic abuse in the last year for that sex and age (ONS): women ${pct(CSEW_PREVALENCE.female.overall)} and men ${pct(CSEW_PREVALENCE.male.overall)} (year ending March 2022); aged 16–19 women ${pct(CSEW_PREVALENCE.female.bands['16_19'])} and men ${pct(CSEW_PREVALENCE.male.bands['16_19'])}, aged 20–24 women ${pct(CSEW_PREVALENCE.female.bands['20_24'])} and men ${pct(CSEW_PREVALENCE.male.bands['20_24'])} (three years to March 2017). No rate by age is published for ages 25 and over in the figures used, so those ages take their sex's overall rate. The survey covers people in households and misses the most isolated victims. Beside it, sex and age show the national dataset's share (services like this one). Ethnicity, disability and sexual orientation are compared with the Census 2021 population of the clients' local authorities, since no prevalence by these groups is used here. Outcomes and referral routes are compared with the national dataset.`,
    },
    {
      heading: 'Under-representation test',
      text: `A group is flagged as under-represented when a one-sided exact binomial test finds fewer clients from it than its comparator share (people experiencing abuse locally for sex and age, the local population otherwise) would lead one to expect: the chance of seeing as few as observed, if each client came from the group with the population share’s probability, is below ${UNDER_REPRESENTATION_ALPHA}. The test is not run on hidden figures. With small numbers the test has little power: no flag does not mean a group is reached well.`,
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
      heading: 'Sustained safety after closure',
      text: 'Clients who agreed at exit to be contacted later are sent a short questionnaire at each of the service’s follow-up points (3 and 6 months after closure unless the service sets others). A client counts as safe at a follow-up when they answer that no one has hurt, frightened or tried to control them since they were last in touch, and rate their safety now 7 or more out of 10. Each follow-up figure counts the cases closed in the period whose client answered both questions at that follow-up; beside it, the same clients are counted as safe at exit when the practitioner’s exit record shows every type of abuse at "none" and the client feeling safer or much safer. Clients who did not answer are not counted, so these figures describe those who answered: see the follow-up response rate.',
    },
    {
      heading: 'Interim outcomes',
      text: `Cases still open at the end of the period that had been open for at least their service’s review interval (every ${DEFAULT_REVIEW_INTERVAL_MONTHS} months unless the service sets another; ${model.reviewIntervalMonths === undefined ? 'in a national report, each case by its own service’s interval' : `in this service’s report, ${monthsText(model.reviewIntervalMonths)}`}), compared at intake and at their latest submitted review: reviewed at least once; all abuse present at intake at "none" at the latest review (cases with a known level for each type present at intake); risk level lower than at intake (cases at high or medium risk at intake with a known level at the review); feeling safer (practitioner’s review); and the mean change in the client’s own safety rating, intake to their latest review questionnaire.`,
    },
    {
      heading: 'Cases closed as lost contact',
      text: 'Cases closed in the period with the closure reason "lost contact": the share reviewed before contact was lost, and, for those reviewed, the same change measures as the interim outcomes from intake to their last review. Cases without a review have no outcome and are counted only in the first figure.',
    },
    {
      heading: 'Response rates',
      text: `For each client questionnaire, the cases it was sent to (a one-time link was created, or the answers were entered on the client’s behalf) and the share of them that answered; a questionnaire sent more than once to one client (reviews, follow-ups) counts that case once, as answered if any was. Intake questionnaires count cases opened in the period, review questionnaires cases open at any time in it, exit and follow-up questionnaires cases closed in it. A figure built on a client questionnaire is flagged "rests on a low response rate" when fewer than ${LOW_RESPONSE_PERCENT}% of the clients sent it answered: those who answer may not be like those who do not.`,
    },
    {
      heading: 'Completeness',
      text: 'For each form, the share of its key fields answered across the submitted forms of the cases counted; an answer of "not known" counts as unanswered.',
    },
  ];
}

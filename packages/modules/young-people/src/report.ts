/**
 * The young people's sections of the report: the abuse they face, exploitation, education and
 * outcomes. Each is benchmarked against young people's services only (the national dataset's
 * services with this module active), and as counts of children its figures are disclosure-
 * controlled at the national threshold even in a service's own report.
 */
import type { AnswerCondition, ReportFigureSpec, ReportSectionSpec } from '@harbour/forms';
import { abuseContexts, OUT_OF_EDUCATION } from './codes';

const INTAKE = 'young-people.intake';
const EXIT = 'young-people.exit';
const KNOWN_YN: AnswerCondition = { field: 'x', in: ['yes', 'no'] };
const knownYn = (field: string): AnswerCondition => ({ ...KNOWN_YN, field });

const atIntake = (
  key: string,
  label: string,
  numerator: AnswerCondition[],
  where?: AnswerCondition[],
): ReportFigureSpec => ({
  kind: 'rate',
  key,
  label,
  form: INTAKE,
  population: 'opened',
  numerator,
  ...(where ? { where } : {}),
});

const atExit = (
  key: string,
  label: string,
  numerator: AnswerCondition[],
  where?: AnswerCondition[],
): ReportFigureSpec => ({
  kind: 'rate',
  key,
  label,
  form: EXIT,
  population: 'closed',
  numerator,
  ...(where ? { where } : {}),
});

const ownRelationship: AnswerCondition[] = [{ field: 'abuse_contexts', contains: 'own_relationship' }];

const shared = { childrenCounts: true, benchmark: 'module_services' } as const;

export const report: ReportSectionSpec[] = [
  {
    key: 'young_people_abuse',
    title: 'Young people: the abuse they face',
    ...shared,
    figures: [
      ...Object.entries(abuseContexts).map(([code, label]) =>
        atIntake(`yp_abuse_${code}`, label, [{ field: 'abuse_contexts', contains: code }]),
      ),
      atIntake(
        'yp_relationship_coercive_control',
        'Own relationship: coercive control',
        [{ field: 'relationship_abuse', contains: 'coercive_control' }],
        ownRelationship,
      ),
      atIntake(
        'yp_relationship_online',
        'Own relationship: online abuse',
        [{ field: 'relationship_abuse', contains: 'online' }],
        ownRelationship,
      ),
      atIntake(
        'yp_relationship_image_based',
        'Own relationship: image-based abuse',
        [{ field: 'relationship_abuse', contains: 'image_based' }],
        ownRelationship,
      ),
    ],
  },
  {
    key: 'young_people_exploitation',
    title: 'Young people: exploitation',
    ...shared,
    figures: [
      atIntake('yp_exploited', 'Sexually or criminally exploited', [
        { field: 'abuse_contexts', contains: 'sexual_exploitation' },
      ]),
      atIntake(
        'yp_gang_involvement',
        'Involved with a gang',
        [{ field: 'gang_involvement', equals: 'yes' }],
        [knownYn('gang_involvement')],
      ),
      atIntake(
        'yp_missing_episodes',
        'Gone missing in the 3 months before intake',
        [{ field: 'missing_episodes', equals: true }],
        [{ field: 'missing_episodes', present: true }],
      ),
      atIntake(
        'yp_safeguarding_referral_intake',
        'Safeguarding referral made at intake',
        [{ field: 'safeguarding_referral', equals: true }],
        [{ field: 'safeguarding_referral', present: true }],
      ),
    ],
  },
  {
    key: 'young_people_education',
    title: 'Young people: education',
    ...shared,
    figures: [
      atIntake(
        'yp_out_of_education_intake',
        'Excluded or not in education at intake',
        [{ field: 'education_status', in: OUT_OF_EDUCATION }],
        [{ field: 'education_status', in: ['attending', ...OUT_OF_EDUCATION] }],
      ),
      {
        kind: 'rate',
        key: 'yp_back_in_education',
        label: 'Back in education by exit (of those out of it at intake)',
        form: EXIT,
        population: 'closed',
        where: [{ field: 'education_status', in: ['attending', ...OUT_OF_EDUCATION] }],
        also: [{ form: INTAKE, where: [{ field: 'education_status', in: OUT_OF_EDUCATION }] }],
        numerator: [{ field: 'education_status', equals: 'attending' }],
      },
    ],
  },
  {
    key: 'young_people_outcomes',
    title: 'Young people: outcomes at exit',
    ...shared,
    figures: [
      atExit(
        'yp_abuse_stopped',
        'Abuse stopped',
        [{ field: 'abuse_stopped', equals: 'yes' }],
        [knownYn('abuse_stopped')],
      ),
      atExit(
        'yp_feels_safer',
        'Feels safer',
        [{ field: 'feels_safer', in: ['much_safer', 'safer'] }],
        [{ field: 'feels_safer', in: ['much_safer', 'safer', 'same', 'less_safe'] }],
      ),
      atExit(
        'yp_understands_healthy_relationships',
        'Understands healthy relationships',
        [{ field: 'understands_healthy_relationships', equals: 'yes' }],
        [knownYn('understands_healthy_relationships')],
      ),
      atExit(
        'yp_trusted_adult',
        'Trusted adult identified',
        [{ field: 'trusted_adult', equals: 'yes' }],
        [knownYn('trusted_adult')],
      ),
    ],
  },
];

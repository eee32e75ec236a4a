/** The README that goes with a research export: what is in it, the rules applied, and how to load it. */
import type { KAnonymityOutcome } from './export-rows';
import type { Period } from './national-cases';

export type ReadmeInput = {
  period: Period;
  generatedAt: Date;
  outcome: KAnonymityOutcome;
  columns: { cases: number; children: number; reviews: number; follow_ups: number };
  exportId?: string;
  expiresAt?: Date;
};

const share = (part: number, whole: number) => (whole > 0 ? ` (${((part / whole) * 100).toFixed(1)}%)` : '');

export function exportReadme(input: ReadmeInput): string {
  const { period, outcome } = input;
  const kept = outcome.cases - outcome.generalised - outcome.blanked;
  return `# Harbour national dataset: research export

Period: cases opened from ${period.from} to ${period.to} (inclusive).
Generated: ${input.generatedAt.toISOString()}.${input.exportId ? `\nExport: ${input.exportId} (its pseudonyms hold until ${input.expiresAt?.toISOString()}).` : ''}

## Who is in it

Cases of services that share with the national dataset, opened on or after the date the service
started sharing (when one is recorded), whose client consented to research
(\`core.intake.consent_research\`). Nothing else.

## Tables

- \`cases\`: one row per case (${input.columns.cases} columns): the answers of its submitted forms, named by
  data dictionary key (\`core.intake.referral_source\`, \`core.exit.support_provided\`, module fields
  where the service recorded them). Empty means not asked, not known or not recorded.
- \`children\`: one row per child recorded in a case (${input.columns.children} columns), joined to \`cases\` by
  \`case.pseudonym\`; \`child.number\` numbers the children within a case.
- \`reviews\`: one row per review of a case (${input.columns.reviews} columns), joined to \`cases\` by
  \`case.pseudonym\`; \`review.number\` numbers the reviews within a case (1, 2, …), and each review
  form's fields (\`core.review.risk_level\`, \`core.client_review.safety_now\`, …) are that review's answers.
- \`follow_ups\`: one row per follow-up questionnaire a client answered after the case closed
  (${input.columns.follow_ups} columns), joined the same way; \`follow_up.number\` is the follow-up point
  (1 = the service's first, 3 months after closure by default; 2 = the second, 6 months).
- The data dictionary (\`/api/v1/research/dictionary?format=csv\` or \`json\`): every column with its
  label, type, codes with labels, form, module and form version.

In CSV, a list of codes is written \`a|b\`; in JSON lines it is an array. Yes/no fields are
\`true\` / \`false\`.

## Rules applied

- Case and service identifiers are replaced by pseudonyms: a keyed hash (HMAC-SHA256) with a
  random key made for this export. The same case has the same pseudonym in the cases, children,
  reviews and follow_ups tables of this export, and a different one in any other export. Services that agreed to be
  named appear by name.
- Dates are months (\`YYYY-MM\`). Age is a band. The local authority is replaced by its region
  (England) or nation. Worker ids, case references, free text and fields marked sensitive are
  never exported, nor country of birth (available in crosstabs).
- k-anonymity, k = ${outcome.k}, over age band, gender, ethnicity, disability, region and month opened:
  - ${kept} of ${outcome.cases} cases${share(kept, outcome.cases)} are exported as recorded;
  - ${outcome.generalised} cases${share(outcome.generalised, outcome.cases)} were in a group of fewer than ${outcome.k} and were
    generalised: wider age band (13-24, 25-44, 45-64, 65+), the ethnicity's high-level group,
    the nation instead of the region, non-binary and other gender as \`other\`, and every date
    of the case as a quarter (\`YYYY-Qn\`);
  - ${outcome.blanked} cases${share(outcome.blanked, outcome.cases)} were still in a group of fewer than ${outcome.k} after that and have
    those fields, the disability types and every date of the case blanked.

## Loading it

R:

    cases <- read.csv("harbour-cases.csv", na.strings = "", check.names = FALSE)
    codebook <- read.csv("harbour-dictionary.csv", check.names = FALSE)

Python (pandas):

    import pandas as pd
    cases = pd.read_csv("harbour-cases.csv")
`;
}

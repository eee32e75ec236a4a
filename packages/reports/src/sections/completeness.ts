import { type FormDefinition, isRepeatedStage, latestVersions, type ModuleDefinition } from '@harbour/forms';
import type { FigureDef } from '../figure-def';
import { CLIENT_EXIT, CLIENT_INTAKE, EXIT, INTAKE } from './core-forms';
import type { SectionDef } from './section-def';

/** The fields a funder's figures rest on, per core form; module forms count every field they ask. */
export const CORE_KEY_FIELDS: Record<string, string[]> = {
  [INTAKE]: [
    'referral_date',
    'referral_source',
    'consent_research',
    'age',
    'gender',
    'ethnicity',
    'disability',
    'sexual_orientation',
    'local_authority',
    'perpetrator_relationship',
    'living_with_perpetrator',
    'dash_score',
    'risk_level',
    'marac_referral',
    'abuse_physical',
    'abuse_sexual',
    'abuse_harassment_stalking',
    'abuse_jealous_controlling',
    'abuse_economic',
    'children_in_household',
  ],
  [EXIT]: [
    'exit_date',
    'closure_reason',
    'contacts_count',
    'support_provided',
    'abuse_physical',
    'abuse_sexual',
    'abuse_harassment_stalking',
    'abuse_jealous_controlling',
    'abuse_economic',
    'risk_level',
    'feels_safer',
    'wellbeing_improved',
    'quality_of_life_improved',
  ],
  [CLIENT_INTAKE]: ['safety_now', 'who5_1', 'who5_2', 'who5_3', 'who5_4', 'who5_5'],
  [CLIENT_EXIT]: [
    'safety_now',
    'who5_1',
    'who5_2',
    'who5_3',
    'who5_4',
    'who5_5',
    'felt_listened_to',
    'would_recommend',
  ],
};

type FormFields = { key: string; title: string; stage: FormDefinition['stage']; fields: string[] };

function moduleFormFields(form: FormDefinition): FormFields {
  const properties = (form.schema as { properties?: Record<string, unknown> }).properties ?? {};
  const sensitive = new Set(form.sensitive ?? []);
  const fields = Object.keys(properties).filter((key) => !sensitive.has(key));
  return { key: form.key, title: form.title, stage: form.stage, fields };
}

export const completenessKey = (formKey: string) => `completeness_${formKey.replace(/[.-]/g, '_')}`;

/** One figure per form of the active modules: the share of its key fields answered. */
export function completeness(activeModules: readonly ModuleDefinition[]): SectionDef {
  const latest = activeModules.flatMap((m) => latestVersions(m.forms));
  const titleOf = (key: string) => latest.find((f) => f.key === key)?.title ?? key;
  const forms: FormFields[] = [
    ...Object.entries(CORE_KEY_FIELDS).map(([key, fields]) => ({
      key,
      title: titleOf(key),
      stage: key === EXIT || key === CLIENT_EXIT ? ('exit' as const) : ('intake' as const),
      fields,
    })),
    // Review and follow-up forms are answered on many occasions (or none) per case: their
    // completeness is not a share of the cases opened or closed, so it is left out here. A form
    // answered per child is mostly a child's response (child_responses), not the case's.
    ...latest
      .filter((f) => !(f.key in CORE_KEY_FIELDS) && !isRepeatedStage(f.stage) && !f.perChild)
      .map(moduleFormFields),
  ];
  return {
    key: 'completeness',
    title: 'Data completeness',
    population:
      'Submitted forms of cases opened in the period (intake forms) or closed in it (exit forms): the share of key fields answered, an answer of "not known" counting as unanswered.',
    figures: forms
      .filter((form) => form.fields.length > 0)
      .map(
        (form): FigureDef => ({
          key: completenessKey(form.key),
          label: form.title === form.key ? form.key : `${form.title} (${form.key})`,
          population: form.stage === 'exit' ? 'closed' : 'opened',
          query: { kind: 'answered', form: form.key, fields: form.fields },
        }),
      ),
  };
}

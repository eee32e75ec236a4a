/**
 * The two forms of the always-active core module that the case lifecycle itself depends on: the
 * intake carries the research consent copied to the case, and the submitted exit closes it.
 */
export const INTAKE_FORM = 'core.intake';
export const EXIT_FORM = 'core.exit';
export const CONSENT_FIELD = 'consent_research';
export const EXIT_DATE_FIELD = 'exit_date';

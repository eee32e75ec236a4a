/**
 * The shared option sets of the data dictionary (codes are the standard; labels are plain
 * English and a form may reword them, never recode them).
 */
export const yn = { yes: 'Yes', no: 'No', not_known: 'Not known' } as const;

export const ynp = { ...yn, prefer_not_to_say: 'Prefers not to say' } as const;

/** Severity of Abuse Grid level. */
export const severity = { none: 'None', standard: 'Standard', moderate: 'Moderate', high: 'High' } as const;

export const severityAtExit = { ...severity, not_known: 'Not known' } as const;

export const socialCare = {
  none: 'None',
  early_help: 'Early help',
  child_in_need: 'Child in need',
  child_protection: 'Child protection',
  looked_after: 'Looked after',
  not_known: 'Not known',
} as const;

export const safer = {
  much_safer: 'Much safer',
  safer: 'Safer',
  same: 'About the same',
  less_safe: 'Less safe',
  not_known: 'Not known',
} as const;

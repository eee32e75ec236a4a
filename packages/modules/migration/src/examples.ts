/** A complete, valid set of answers for each form of the module (synthetic). */
export const examples = {
  'migration.intake': {
    country_of_birth: 'PK',
    years_in_uk: 3,
    immigration_status: 'spouse_partner_visa',
    nrpf: 'yes',
    english_proficiency: 'some',
    status_used_as_abuse: true,
    documents_withheld: true,
    forced_marriage: false,
    honour_based_abuse: false,
    fgm_concern: false,
    trafficking_concern: false,
  },
  'migration.exit': {
    legal_advice_accessed: true,
    mvdac_application: 'granted',
    settlement_dv_application: 'applied',
    nrpf_resolved: 'yes',
    safe_accommodation_secured: true,
    interpreter_provided: true,
  },
} satisfies Record<string, Record<string, unknown>>;

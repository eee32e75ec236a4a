/** A complete, valid set of answers for each form of the module (synthetic). */
export const examples = {
  'young-people.intake': {
    abuse_contexts: ['own_relationship', 'sibling'],
    relationship_abuse: ['coercive_control', 'online', 'image_based'],
    gang_involvement: 'no',
    missing_episodes: false,
    lives_with: 'one_parent',
    education_status: 'excluded',
    agencies_involved: ['childrens_social_care', 'school', 'camhs'],
    social_care_status: 'child_in_need',
    safeguarding_referral: true,
    trusted_adult: 'no',
  },
  'young-people.exit': {
    abuse_stopped: 'yes',
    feels_safer: 'safer',
    understands_healthy_relationships: 'yes',
    education_status: 'attending',
    trusted_adult: 'yes',
    safeguarding_referral: false,
    support_received: ['one_to_one', 'healthy_relationships', 'online_safety', 'school_liaison'],
  },
} satisfies Record<string, Record<string, unknown>>;

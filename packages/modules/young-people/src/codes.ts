/** The option sets of the young-people module (docs/data-dictionary.md and docs/young-people.md). */

/** Who or what a young person is harmed by: their own relationships, family, exploitation, peers. */
export const abuseContexts = {
  own_relationship: 'In their own relationship (partner or ex-partner)',
  parent_carer: 'From a parent or carer',
  sibling: 'From a brother or sister',
  other_family: 'From another family member',
  sexual_exploitation: 'Child sexual exploitation',
  criminal_exploitation: 'Criminal exploitation or gangs',
  peer_harmful_sexual_behaviour: 'Harmful sexual behaviour by other young people',
};

/** The forms abuse in a young person's own relationship takes, online and offline. */
export const relationshipAbuse = {
  physical: 'Physical',
  sexual: 'Sexual',
  emotional: 'Emotional',
  coercive_control: 'Coercive control',
  online: 'Online abuse (messages, monitoring, threats)',
  image_based: 'Image-based abuse (sharing or threatening to share images)',
};

export const education = {
  attending: 'Attending school, college or training',
  excluded: 'Excluded (suspended or permanently)',
  not_in_education: 'Not in education, employment or training',
  not_known: 'Not known',
};

export const agencies = {
  childrens_social_care: "Children's social care",
  school: 'School or college',
  camhs: 'CAMHS',
  youth_justice: 'Youth justice',
  police: 'Police',
  other: 'Other',
};

export const livesWith = {
  parents: 'Both parents',
  one_parent: 'One parent',
  other_family: 'Other family (kinship care)',
  foster_care: 'Foster care',
  residential_care: "Children's home",
  independent: 'On their own or supported housing',
  other: 'Other',
};

export const supportTypes = {
  one_to_one: 'One-to-one support',
  group_work: 'Group work',
  healthy_relationships: 'Healthy relationships work',
  safety_planning: 'Safety planning',
  online_safety: 'Online safety',
  school_liaison: 'Liaison with school or college',
  advocacy: 'Advocacy with other agencies',
};

/** Education codes a young person is out of: back in education when attending at exit. */
export const OUT_OF_EDUCATION = ['excluded', 'not_in_education'];

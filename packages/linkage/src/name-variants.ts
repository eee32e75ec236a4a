/**
 * Common English given-name variants and diminutives, each group mapped to one canonical form so
 * that "Liz" and "Elizabeth", or "Kate" and "Catherine", encode alike. Spelling variants that
 * share most of their letters ("Katherine"/"Catherine", "Sara"/"Sarah") are left to the q-grams;
 * the groups here are the ones q-grams cannot bridge. Compiled from general knowledge of English
 * naming, not from any record.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['elizabeth', 'liz', 'lizzie', 'lizzy', 'beth', 'betty', 'bet', 'eliza', 'elisabeth', 'libby', 'bess', 'bethany'],
  ['catherine', 'kate', 'katie', 'kathy', 'cathy', 'kat', 'cath', 'katherine', 'kathryn', 'katharine', 'kitty'],
  ['margaret', 'maggie', 'meg', 'peggy', 'maisie', 'megan', 'marge'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['jennifer', 'jenny', 'jen', 'jenni'],
  ['victoria', 'vicky', 'vicki', 'tori', 'vikki'],
  ['samantha', 'sam', 'sammy'],
  ['alexandra', 'alex', 'lexi', 'sandra', 'ali'],
  ['deborah', 'debbie', 'debra', 'deb'],
  ['patricia', 'pat', 'trish', 'tricia', 'patsy'],
  ['susan', 'sue', 'susie', 'suzanne', 'suzie'],
  ['christine', 'chris', 'christina', 'tina', 'kirsty', 'kirstie', 'kristina'],
  ['jacqueline', 'jackie', 'jacqui'],
  ['nicola', 'nicky', 'nikki', 'nichola'],
  ['stephanie', 'steph', 'stef'],
  ['charlotte', 'charlie', 'lottie', 'lotte'],
  ['abigail', 'abbie', 'abby', 'abi'],
  ['amelia', 'millie', 'amy', 'emily'],
  ['jessica', 'jess', 'jessie'],
  ['danielle', 'dani', 'daniela'],
  ['gemma', 'jemma'],
  ['natalie', 'nat', 'natasha', 'tash', 'tasha'],
  ['kimberley', 'kim', 'kimberly'],
  ['louise', 'lou', 'louisa'],
  ['joanne', 'jo', 'joanna', 'jo-anne'],
  ['zoe', 'zoey'],
  ['hannah', 'hanna'],
  ['ellie', 'eleanor', 'ella', 'elle', 'nell', 'nellie'],
  ['olivia', 'liv', 'livvy'],
  ['michael', 'mike', 'mick', 'mickey', 'micky'],
  ['william', 'will', 'bill', 'billy', 'liam'],
  ['robert', 'rob', 'bob', 'bobby', 'robbie'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['thomas', 'tom', 'tommy'],
  ['daniel', 'dan', 'danny'],
  ['matthew', 'matt', 'matty'],
  ['christopher', 'kit'],
  ['anthony', 'tony', 'ant'],
  ['joseph', 'joe', 'joey'],
  ['richard', 'rich', 'rick', 'dick', 'ricky'],
  ['andrew', 'andy', 'drew'],
  ['benjamin', 'ben', 'benny'],
  ['jonathan', 'jon', 'jonny', 'johnny', 'john'],
  ['stephen', 'steven', 'steve', 'stevie'],
];

const CANONICAL = new Map<string, string>();
for (const group of GROUPS) {
  const canonical = group[0]!;
  for (const name of group) {
    const key = name.replace(/[^a-z]/g, '');
    // a name in two groups keeps its first: ambiguous diminutives stay with the commoner name
    if (!CANONICAL.has(key)) CANONICAL.set(key, canonical);
  }
}

/** The canonical form of a normalised given name ("liz" → "elizabeth"), or the name itself. */
export function canonicalGivenName(name: string): string {
  return CANONICAL.get(name) ?? name;
}

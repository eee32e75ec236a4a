/**
 * Synthetic people for linkage: names drawn from built-in lists of common English given names and
 * surnames (general knowledge of naming, never any record), dates of birth and made-up postcodes,
 * and their episodes with services — with the corruption real entries show between episodes:
 * typos, nicknames and spelling variants, day and month swapped, a moved postcode, a changed
 * surname, a postcode not given.
 */
import type { Random } from './random';

export type SynthIdentity = {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  postcode: string | null;
};

export type SynthPerson = { personId: number; identity: SynthIdentity };

export type SynthEpisode = {
  personId: number;
  /** 0-based index of the service in the region. */
  service: number;
  /** Days since the start of the period. */
  day: number;
  /** The identity as the practitioner entered it this time. */
  identity: SynthIdentity;
  corruptions: Corruption[];
};

export type Corruption =
  | 'first_name_typo'
  | 'last_name_typo'
  | 'nickname'
  | 'spelling_variant'
  | 'day_month_swapped'
  | 'postcode_moved'
  | 'postcode_missing'
  | 'surname_changed';

/** Female given names, commonest first (adults supported by domestic-abuse services are mostly women). */
const GIVEN_NAMES = [
  'Sarah',
  'Emma',
  'Laura',
  'Claire',
  'Lisa',
  'Rachel',
  'Nicola',
  'Gemma',
  'Rebecca',
  'Kelly',
  'Amy',
  'Jennifer',
  'Louise',
  'Victoria',
  'Michelle',
  'Samantha',
  'Hannah',
  'Jessica',
  'Charlotte',
  'Emily',
  'Sophie',
  'Lauren',
  'Stephanie',
  'Amanda',
  'Natalie',
  'Elizabeth',
  'Catherine',
  'Joanne',
  'Helen',
  'Karen',
  'Jade',
  'Danielle',
  'Leanne',
  'Kirsty',
  'Zoe',
  'Chloe',
  'Megan',
  'Lucy',
  'Katie',
  'Holly',
  'Stacey',
  'Donna',
  'Tracey',
  'Julie',
  'Susan',
  'Deborah',
  'Angela',
  'Jacqueline',
  'Alison',
  'Fiona',
  'Olivia',
  'Ellie',
  'Abigail',
  'Bethany',
  'Amber',
  'Georgia',
  'Jasmine',
  'Shannon',
  'Courtney',
  'Paige',
  'Natasha',
  'Kimberley',
  'Carly',
  'Hayley',
  'Vicky',
  'Kerry',
  'Anna',
  'Maria',
  'Aisha',
  'Fatima',
  'Amina',
  'Priya',
  'Sana',
  'Nadia',
  'Yasmin',
  'Agnieszka',
  'Joanna',
  'Ewa',
  'Ioana',
  'Grace',
  'Molly',
  'Ruby',
  'Leah',
  'Rosie',
  'Jodie',
  'Toni',
  'Marie',
  'Caroline',
  'Patricia',
  'Margaret',
  'Sharon',
  'Tina',
  'Wendy',
  'Dawn',
  'Mandy',
  'Andrea',
  'Kate',
  'Abbie',
  'Naomi',
  'Alice',
] as const;

const MALE_GIVEN_NAMES = [
  'James',
  'Daniel',
  'Michael',
  'Thomas',
  'David',
  'Christopher',
  'Matthew',
  'Andrew',
  'Robert',
  'Mark',
] as const;

const SURNAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Roberts',
  'Robinson',
  'Thompson',
  'Wright',
  'Walker',
  'White',
  'Edwards',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Harris',
  'Clarke',
  'Patel',
  'Jackson',
  'Wood',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Morris',
  'Moore',
  'Clark',
  'Lee',
  'King',
  'Baker',
  'Harrison',
  'Morgan',
  'Allen',
  'James',
  'Scott',
  'Phillips',
  'Watson',
  'Davis',
  'Parker',
  'Price',
  'Bennett',
  'Young',
  'Griffiths',
  'Mitchell',
  'Kelly',
  'Cook',
  'Carter',
  'Richardson',
  'Bailey',
  'Collins',
  'Bell',
  'Shaw',
  'Murphy',
  'Miller',
  'Cox',
  'Richards',
  'Khan',
  'Marshall',
  'Anderson',
  'Simpson',
  'Ellis',
  'Adams',
  'Singh',
  'Begum',
  'Wilkinson',
  'Foster',
  'Chapman',
  'Powell',
  'Webb',
  'Rogers',
  'Gray',
  'Mason',
  'Ali',
  'Hunt',
  'Hussain',
  'Campbell',
  'Matthews',
  'Owen',
  'Palmer',
  'Holmes',
  'Mills',
  'Barnes',
  'Knight',
  'Lloyd',
  'Butler',
  'Russell',
  'Barker',
  'Fisher',
  'Stevens',
  'Jenkins',
  'Murray',
  'Dixon',
  'Harvey',
  "O'Brien",
  'Kowalski',
  'Nowak',
  'Ahmed',
  'Rahman',
  'Okafor',
  'Mensah',
  'Da Silva',
  'Popescu',
  'McDonald',
  'Fletcher',
  'Gibson',
  'Pearson',
  'Reid',
  'Hamilton',
  'Graham',
  'Spencer',
  'Lawrence',
  'Stewart',
  'Fox',
] as const;

/** Nicknames and spelling variants a practitioner might be given or type instead of the usual form. */
const NICKNAMES: Record<string, readonly string[]> = {
  Elizabeth: ['Liz', 'Beth', 'Lizzie'],
  Catherine: ['Kate', 'Cathy', 'Katie'],
  Rebecca: ['Becky', 'Becca'],
  Jennifer: ['Jenny', 'Jen'],
  Victoria: ['Vicky', 'Tori'],
  Samantha: ['Sam', 'Sammy'],
  Deborah: ['Debbie', 'Deb'],
  Patricia: ['Trish', 'Pat'],
  Susan: ['Sue', 'Susie'],
  Jacqueline: ['Jackie', 'Jacqui'],
  Nicola: ['Nicky', 'Nikki'],
  Stephanie: ['Steph'],
  Charlotte: ['Charlie', 'Lottie'],
  Abigail: ['Abbie', 'Abby'],
  Jessica: ['Jess'],
  Natasha: ['Tasha', 'Tash'],
  Kimberley: ['Kim'],
  Margaret: ['Maggie', 'Peggy'],
  Joanne: ['Jo'],
  Louise: ['Lou'],
  Danielle: ['Dani'],
  Eleanor: ['Ellie', 'Nell'],
  Olivia: ['Liv'],
};

const SPELLINGS: Record<string, readonly string[]> = {
  Sarah: ['Sara'],
  Catherine: ['Katherine', 'Kathryn'],
  Leanne: ['Leann', 'Lianne'],
  Kirsty: ['Kirstie'],
  Zoe: ['Zoë', 'Zoey'],
  Hayley: ['Haley', 'Hailey'],
  Stacey: ['Stacy'],
  Tracey: ['Tracy'],
  Kelly: ['Kelli'],
  Aisha: ['Ayesha'],
  Yasmin: ['Yasmine', 'Jasmin'],
  Gemma: ['Jemma'],
  Sophie: ['Sophia'],
  Claire: ['Clare'],
  Jodie: ['Jody'],
  Carly: ['Carley'],
  Davies: ['Davis'],
  Clarke: ['Clark'],
  Thompson: ['Thomson'],
  Hussain: ['Husain', 'Hussein'],
  Ahmed: ['Ahmad'],
  Begum: ['Begam'],
  McDonald: ['MacDonald'],
  "O'Brien": ['OBrien', 'O Brien'],
  Mohammed: ['Muhammad'],
  Griffiths: ['Griffith'],
  Matthews: ['Mathews'],
};

/** Made-up outward codes and their sectors: shaped like UK postcodes, pointing at nobody. */
const AREAS = ['LS', 'M', 'B', 'S', 'NE', 'L', 'BS', 'CF', 'NG', 'LE', 'SR', 'HU', 'BD', 'WF', 'DN'] as const;

/** A draw weighted towards the front of a list (a Zipf-like 1/(rank+5) weight): common names are common. */
function zipf<T>(r: Random, items: readonly T[]): T {
  const weights = items.map((_, i) => 1 / (i + 5));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = r.next() * total;
  for (let i = 0; i < items.length; i++) {
    u -= weights[i]!;
    if (u <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

const LETTERS = 'ABCDEFGHJKLNPQRSTUWXYZ';

function postcodeIn(r: Random, district: string): string {
  return `${district} ${r.int(1, 9)}${r.pick([...LETTERS])}${r.pick([...LETTERS])}`;
}

function newDistrict(r: Random): string {
  return `${r.pick(AREAS)}${r.int(1, 29)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function generatePerson(r: Random, personId: number): SynthPerson {
  const year = r.int(1958, 2007);
  const month = r.int(1, 12);
  const day = r.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const firstName = r.chance(0.03) ? r.pick(MALE_GIVEN_NAMES) : zipf(r, GIVEN_NAMES);
  return {
    personId,
    identity: {
      firstName,
      lastName: zipf(r, SURNAMES),
      dateOfBirth: `${year}-${pad2(month)}-${pad2(day)}`,
      postcode: postcodeIn(r, newDistrict(r)),
    },
  };
}

/** One keyboard slip: a letter substituted, dropped, doubled or two letters transposed. */
export function typo(r: Random, value: string): string {
  if (value.length < 3) return value;
  const i = r.int(1, value.length - 2);
  switch (r.int(0, 3)) {
    case 0:
      return value.slice(0, i) + r.pick([...'aeiourstnlm']) + value.slice(i + 1);
    case 1:
      return value.slice(0, i) + value.slice(i + 1);
    case 2:
      return value.slice(0, i) + value[i] + value.slice(i);
    default:
      return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
  }
}

/** Corruption rates between two episodes of the same person, each drawn independently. */
export const CORRUPTION_RATES: Readonly<Record<Corruption, number>> = {
  first_name_typo: 0.06,
  last_name_typo: 0.06,
  nickname: 0.08,
  spelling_variant: 0.06,
  day_month_swapped: 0.03,
  postcode_moved: 0.2,
  postcode_missing: 0.1,
  surname_changed: 0.04,
};

/** The identity as entered at a later episode, from the person's true identity. */
export function corruptIdentity(
  r: Random,
  base: SynthIdentity,
): { identity: SynthIdentity; corruptions: Corruption[] } {
  const out = { ...base };
  const done: Corruption[] = [];
  const apply = (c: Corruption, fn: () => boolean) => {
    if (r.chance(CORRUPTION_RATES[c]) && fn()) done.push(c);
  };
  apply('surname_changed', () => {
    out.lastName = zipf(r, SURNAMES);
    return out.lastName !== base.lastName;
  });
  apply('nickname', () => {
    const options = NICKNAMES[base.firstName];
    if (!options) return false;
    out.firstName = r.pick(options);
    return true;
  });
  apply('spelling_variant', () => {
    const first = SPELLINGS[out.firstName];
    const last = SPELLINGS[out.lastName];
    if (first && (!last || r.chance(0.5))) out.firstName = r.pick(first);
    else if (last) out.lastName = r.pick(last);
    else return false;
    return true;
  });
  apply('first_name_typo', () => {
    out.firstName = typo(r, out.firstName);
    return out.firstName !== base.firstName;
  });
  apply('last_name_typo', () => {
    out.lastName = typo(r, out.lastName);
    return out.lastName !== base.lastName;
  });
  apply('day_month_swapped', () => {
    const [y, m, d] = base.dateOfBirth.split('-');
    if (Number(d) > 12 || d === m) return false;
    out.dateOfBirth = `${y}-${d}-${m}`;
    return true;
  });
  apply('postcode_moved', () => {
    const district = base.postcode ? base.postcode.split(' ')[0]! : newDistrict(r);
    out.postcode = postcodeIn(r, r.chance(0.5) ? district : newDistrict(r));
    return true;
  });
  apply('postcode_missing', () => {
    out.postcode = null;
    return true;
  });
  // casing and spacing as typed vary too; normalisation must absorb them
  if (r.chance(0.2)) out.firstName = out.firstName.toUpperCase();
  if (r.chance(0.1)) out.lastName = ` ${out.lastName.toLowerCase()}`;
  if (out.postcode && r.chance(0.3)) out.postcode = out.postcode.replace(' ', '').toLowerCase();
  return { identity: out, corruptions: done };
}

export type RegionEpisodesOptions = {
  people: number;
  services: number;
  /** Days the episodes spread over. */
  days: number;
  /** The share of people who come back at least once (SafeLives: about a quarter of Idva clients are repeats). */
  returnRate?: number;
};

/**
 * Episodes of a region's people, in time order: everyone has a first episode, some return (to the
 * same service or another of the region) once or more, months later, entered with corruption.
 */
export function generateRegionEpisodes(r: Random, options: RegionEpisodesOptions): SynthEpisode[] {
  const returnRate = options.returnRate ?? 0.25;
  const episodes: SynthEpisode[] = [];
  for (let personId = 0; personId < options.people; personId++) {
    const person = generatePerson(r, personId);
    let service = r.int(0, options.services - 1);
    let day = r.int(0, options.days - 1);
    episodes.push({ personId, service, day, identity: person.identity, corruptions: [] });
    let returns = r.chance(returnRate) ? 1 + (r.chance(0.3) ? 1 : 0) + (r.chance(0.1) ? 1 : 0) : 0;
    while (returns-- > 0) {
      day += r.int(30, 540);
      if (day >= options.days) break;
      if (r.chance(0.5)) service = r.int(0, options.services - 1);
      const { identity, corruptions } = corruptIdentity(r, person.identity);
      episodes.push({ personId, service, day, identity, corruptions });
    }
  }
  return episodes.sort((a, b) => a.day - b.day);
}

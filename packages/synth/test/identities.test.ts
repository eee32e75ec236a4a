import { corruptIdentity, createRandom, generatePerson, generateRegionEpisodes, typo } from '../src';

test('synthetic people are reproducible and well formed', () => {
  const a = generatePerson(createRandom('p'), 1);
  const b = generatePerson(createRandom('p'), 1);
  expect(a).toEqual(b);
  expect(a.identity.dateOfBirth).toMatch(/^(19[5-9]\d|200\d)-\d{2}-\d{2}$/);
  expect(a.identity.postcode).toMatch(/^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/);
});

test('a typo changes one place of the name', () => {
  const r = createRandom('t');
  for (let i = 0; i < 50; i++) {
    const changed = typo(r, 'Kowalczyk');
    expect(Math.abs(changed.length - 'Kowalczyk'.length)).toBeLessThanOrEqual(1);
    expect(changed[0]).toBe('K');
  }
});

test('returning episodes carry each kind of corruption at roughly its rate', () => {
  const r = createRandom('c');
  const base = { firstName: 'Elizabeth', lastName: 'Davies', dateOfBirth: '1990-03-07', postcode: 'LS6 2QT' };
  const counts = new Map<string, number>();
  for (let i = 0; i < 4000; i++) {
    for (const c of corruptIdentity(r, base).corruptions) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  for (const kind of ['nickname', 'postcode_moved', 'surname_changed', 'day_month_swapped', 'first_name_typo']) {
    expect(counts.get(kind) ?? 0).toBeGreaterThan(40);
  }
  expect(counts.get('postcode_moved')! / 4000).toBeCloseTo(0.2, 1);
});

test('a region has first episodes for everyone and returns, in time order', () => {
  const episodes = generateRegionEpisodes(createRandom('r'), { people: 2000, services: 4, days: 1460 });
  const people = new Set(episodes.map((e) => e.personId));
  expect(people.size).toBe(2000);
  const returns = episodes.length - 2000;
  expect(returns / 2000).toBeGreaterThan(0.15);
  expect(returns / 2000).toBeLessThan(0.5);
  for (let i = 1; i < episodes.length; i++) expect(episodes[i]!.day).toBeGreaterThanOrEqual(episodes[i - 1]!.day);
  expect(new Set(episodes.map((e) => e.service))).toEqual(new Set([0, 1, 2, 3]));
});

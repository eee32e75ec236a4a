import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGLISH_LA_REGIONS, regionOf } from '../src/research/regions';

const censusCodes = (file: string) =>
  readFileSync(path.join(__dirname, '../../../data/census', file), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0]!);

test('every local authority of the census tables has a region (England) or a nation', () => {
  const codes = [
    ...censusCodes('ts009_sex_by_age_ltla.csv'),
    ...censusCodes('scotland2022_sex_by_age_council_area.csv'),
    ...censusCodes('ni2021_sex_by_broad_age_lgd.csv'),
  ];
  expect(codes.length).toBeGreaterThan(360);
  expect(codes.filter((code) => regionOf(code) === null)).toEqual([]);
});

test('known districts fall in their regions; successors share their predecessors’ region', () => {
  expect(regionOf('E09000033')).toBe('E12000007'); // Westminster
  expect(regionOf('E06000001')).toBe('E12000001'); // Hartlepool
  expect(regionOf('E07000008')).toBe('E12000006'); // Cambridge
  expect(regionOf('E07000026')).toBe(regionOf('E06000063')); // Allerdale → Cumberland
  expect(regionOf('E07000187')).toBe(regionOf('E06000066')); // Mendip → Somerset
  expect(regionOf('W06000015')).toBe('W92000004');
  expect(regionOf('S12000036')).toBe('S92000003');
  expect(regionOf('E99999999')).toBeNull();
  expect(Object.keys(ENGLISH_LA_REGIONS).length).toBeGreaterThan(330);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { examples as childExamples } from '@harbour/module-children';
import { examples as coreExamples } from '@harbour/module-core';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { buildTestApp, login, seedUser, type TestApp } from '../../../test/helpers/app';
import { insertCase, insertService } from './research/fixtures';

const PERIOD = 'from=2025-01-01&to=2025-12-31';
const CSV_FILE = 'harbour-cases-2025-01-01-2025-12-31.csv';

type Column = { key: string; type: string; table: string; codes: { code: string; label: string }[] };

let t: TestApp;
let researcher: string;
let columns: Column[];
const dir = mkdtempSync(join(tmpdir(), 'harbour-formats-'));

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: researcher } });

beforeAll(async () => {
  t = await buildTestApp();
  const service = await insertService(t.owner, 'Riverside Idva Service', { shares: true });
  const worker = await seedUser(t.owner, { email: 'a@x.org', serviceId: service, role: 'practitioner' });
  await seedUser(t.owner, { email: 'researcher@x.org', platformRole: 'researcher' });
  researcher = await login(t.app, 'researcher@x.org');
  const forms = {
    'core.intake': coreExamples['core.intake'],
    'core.exit': coreExamples['core.exit'],
    'core.client_exit': coreExamples['core.client_exit'],
    'children.intake': childExamples['children.intake'],
    'children.exit': childExamples['children.exit'],
  } as Record<string, Record<string, unknown>>;
  // an export needs a minimum number of cases in its period; this file's small dataset meets a lower one
  await sql`update research_settings set minimum_export_cases = 10`.execute(t.owner);
  for (let i = 0; i < 12; i++) {
    await insertCase(t.owner, t.registry, {
      serviceId: service,
      workerId: worker,
      openedAt: '2025-03-10',
      reference: `REF-${i}`,
      forms: i < 3 ? forms : { 'core.intake': coreExamples['core.intake'] },
      ...(i < 3 ? { closedAt: '2025-09-22' } : {}),
    });
  }
  columns = ((await get('/api/v1/research/dictionary')).json().columns as Column[]).filter((c) => c.table === 'cases');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

/** The CSV text of a value as the CSV export writes it, from what DuckDB reads out of the Parquet. */
function asCsvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('|');
  return String(value);
}

describe('Parquet export', () => {
  test('read back with DuckDB: the same rows and values as the CSV, in typed columns', async () => {
    const csv = await get(`/api/v1/research/export?${PERIOD}&format=csv`);
    expect(csv.statusCode).toBe(200);
    const exportId = csv.headers['x-harbour-export'] as string;
    const csvRows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(csvRows).toHaveLength(12);

    const parquet = await get(`/api/v1/research/export?${PERIOD}&format=parquet&export=${exportId}`);
    expect(parquet.statusCode).toBe(200);
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(parquet.headers['content-disposition']).toContain('harbour-cases-2025-01-01-2025-12-31.parquet');
    expect(parquet.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
    const file = join(dir, 'cases.parquet');
    writeFileSync(file, parquet.rawPayload);

    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duck.runAndReadAll(`select * from read_parquet('${file}')`)).getRowObjectsJS();
    expect(rows).toHaveLength(csvRows.length);
    expect(Object.keys(rows[0]!)).toEqual(Object.keys(csvRows[0]!));
    const byPseudonym = new Map(csvRows.map((row) => [row['case.pseudonym'], row]));
    for (const row of rows) {
      const expected = byPseudonym.get(row['case.pseudonym'] as string)!;
      expect(expected).toBeDefined();
      expect(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, asCsvText(value)]))).toEqual(expected);
    }

    const types = new Map(
      (await duck.runAndReadAll(`describe select * from read_parquet('${file}')`))
        .getRowObjectsJS()
        .map((row) => [row.column_name as string, row.column_type as string]),
    );
    expect(types.get('core.intake.dash_score')).toBe('INTEGER');
    expect(types.get('core.intake.consent_research')).toBe('BOOLEAN');
    expect(types.get('core.exit.support_provided')).toBe('VARCHAR[]');
    expect(types.get('core.client_exit.who5_percent')).toBe('DOUBLE');
    expect(types.get('core.intake.referral_source')).toBe('VARCHAR');
    duck.closeSync();
  });

  test('the children table as Parquet has one row per child', async () => {
    const parquet = await get(`/api/v1/research/export?${PERIOD}&format=parquet&table=children`);
    expect(parquet.statusCode).toBe(200);
    const file = join(dir, 'children.parquet');
    writeFileSync(file, parquet.rawPayload);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duck.runAndReadAll(`select * from read_parquet('${file}')`)).getRowObjectsJS();
    expect(rows).toHaveLength(3 * (childExamples['children.intake'].children as unknown[]).length);
    duck.closeSync();
  });
});

/** Coded columns: those with codes (one code a value) or true/false; a list of codes is checked apart. */
const coded = () =>
  columns.filter((c) => c.type !== 'codes' && (c.codes.length > 0 || c.type === 'boolean' || c.type === 'caseness'));
const valueCodes = (c: Column) => (c.codes.length > 0 ? c.codes.map((code) => code.code) : ['true', 'false']);

async function syntax(pkg: string) {
  const response = await get(`/api/v1/research/export/syntax?${PERIOD}&package=${pkg}`);
  expect(response.statusCode).toBe(200);
  expect(response.body).toContain(CSV_FILE);
  return response.body;
}

describe('syntax files for statistics packages', () => {
  test('SPSS: every column read in order, labelled, and every coded column has its value labels', async () => {
    const text = await syntax('spss');
    const block = text.slice(text.indexOf('/VARIABLES=') + 11, text.indexOf('\n.\n'));
    const names = block
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0]!);
    expect(names).toHaveLength(columns.length);
    const labels = text.slice(text.indexOf('VARIABLE LABELS'), text.indexOf('VALUE LABELS'));
    for (const name of names) expect(labels).toMatch(new RegExp(`\\n  ${name} '`));
    const valueLabels = text.slice(
      text.indexOf('VALUE LABELS') + 12,
      text.indexOf('.\n', text.indexOf('VALUE LABELS')),
    );
    const blocks = new Map(
      valueLabels.split('\n  /\n').map((b) => {
        const [head, ...rest] = b.trim().split('\n');
        return [head!.trim(), rest.map((line) => /^\s*'((?:[^']|'')*)'/.exec(line)![1]!)] as const;
      }),
    );
    for (const column of coded()) {
      expect(blocks.get(names[columns.indexOf(column)]!)).toEqual(valueCodes(column));
    }
    for (const column of columns.filter((c) => c.type === 'codes')) {
      expect(text).toContain(`VARIABLE ATTRIBUTE VARIABLES=${names[columns.indexOf(column)]} ATTRIBUTE=Codes(`);
    }
  });

  test('Stata: positional renames, and each coded column is encoded with its value labels', async () => {
    const text = await syntax('stata');
    const names = [...text.matchAll(/^rename v(\d+) (\S+)$/gm)].map((m) => {
      expect(Number(m[1])).toBeGreaterThan(0);
      return m[2]!;
    });
    expect(names).toHaveLength(columns.length);
    for (const column of coded()) {
      const name = names[columns.indexOf(column)]!;
      const labelName = new RegExp(`^label values ${name} (\\S+)$`, 'm').exec(text)?.[1];
      expect(labelName).toBeDefined();
      const defined = new RegExp(`^label define ${labelName} (.*), replace$`, 'm').exec(text)![1]!;
      expect([...defined.matchAll(/(\d+) "/g)]).toHaveLength(valueCodes(column).length);
      const recoded = [...text.matchAll(new RegExp(`^replace ${labelName}_n = \\d+ if ${name} == "([^"]*)"$`, 'gm'))];
      expect(recoded.map((m) => m[1])).toEqual(valueCodes(column));
    }
  });

  test('R: column classes and names in order, factors with every code labelled', async () => {
    const text = await syntax('r');
    const names = JSON.parse(`[${/^names\(harbour\) <- c\((.*)\)$/m.exec(text)![1]}]`) as string[];
    const classes = JSON.parse(`[${/colClasses = c\((.*)\)\)$/m.exec(text)![1]}]`) as string[];
    expect(names).toHaveLength(columns.length);
    expect(classes).toHaveLength(columns.length);
    expect(classes[columns.findIndex((c) => c.key === 'core.intake.dash_score')]).toBe('integer');
    for (const column of coded()) {
      const name = names[columns.indexOf(column)]!;
      if (column.codes.length === 0) {
        expect(text).toContain(`harbour$${name} <- harbour$${name} == "true"`);
        continue;
      }
      const factor = new RegExp(
        `^harbour\\$${name} <- factor\\(harbour\\$${name}, levels = c\\((.*)\\),\\n  labels = c\\((.*)\\)\\)$`,
        'm',
      ).exec(text);
      expect(factor).not.toBeNull();
      expect(JSON.parse(`[${factor![1]}]`)).toEqual(column.codes.map((c) => c.code));
      expect(JSON.parse(`[${factor![2]}]`)).toEqual(column.codes.map((c) => c.label));
    }
    for (const name of names) expect(text).toContain(`attr(harbour$${name}, "label") <- "`);
  });

  test('SAS: an input statement in column order and a format with every code of each coded column', async () => {
    const text = await syntax('sas');
    const input = /^ {2}input ([\s\S]*?);$/m.exec(text)![1]!;
    const names = input.split('\n').map((line) => line.trim().split(' ')[0]!);
    expect(names).toHaveLength(columns.length);
    const formats = /^ {2}format ([\s\S]*?);$/m.exec(text)![1]!;
    for (const column of coded()) {
      const name = names[columns.indexOf(column)]!;
      const format = new RegExp(`(?:^|\\n\\s*)${name} (\\$?\\w+)\\.`).exec(formats)?.[1];
      expect(format).toBeDefined();
      const value = new RegExp(`^ {2}value \\${format} (.*);$`, 'm').exec(text)![1]!;
      expect([...value.matchAll(/"([^"]*)"="/g)].map((m) => m[1])).toEqual(valueCodes(column));
    }
  });

  test('an unknown package is a 400 naming the field', async () => {
    const response = await get(`/api/v1/research/export/syntax?${PERIOD}&package=excel`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('package');
  });
});

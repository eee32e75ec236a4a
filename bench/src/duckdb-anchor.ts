/**
 * Benchmark 4: an analytical anchor. The same aggregations over the same data in DuckDB,
 * reading Parquet exported from the benchmark database: a near-best case for one machine, to
 * say how far Harbour's PostgreSQL reports are from what the hardware can do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  differences,
  duckFigures,
  exportParquet,
  type Figures,
  type Period,
  pgFigures,
  type Scope,
} from './aggregations';
import { formatSummary, repeat, type Summary, summarise, timeIt } from './stats';

export type AnchorScope = { label: string; scope: Scope; period: Period };
export type AnchorResult = {
  label: string;
  postgres: Summary;
  duckdb: Summary;
  figures: Figures;
  mismatches: string[];
};

async function copyToFile(client: pg.ClientBase, sql: string, file: string): Promise<void> {
  await pipeline(client.query(copyTo(sql)), fs.createWriteStream(file));
}

export async function runAnchor(options: {
  ownerUrl: string;
  workDir: string;
  scopes: AnchorScope[];
  runs: number;
  /** Runs of PostgreSQL over JSONB: minutes each past a million cases. */
  scanRuns: number;
  log: (line: string) => void;
}): Promise<{ results: AnchorResult[]; lines: string[] }> {
  const { ownerUrl, workDir, scopes, runs, scanRuns, log } = options;
  const dir = path.join(workDir, 'parquet');
  fs.mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'harbour-bench-anchor' });
  await client.connect();
  const lines: string[] = [];
  try {
    const exported = await timeIt(() => exportParquet(client, duck, dir, copyToFile));
    const parquetBytes = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.parquet'))
      .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
    lines.push(
      `export to Parquet: ${(exported.ms / 1000).toFixed(1)} s, ${(parquetBytes / 2 ** 20).toFixed(0)} MB (intake, exit and client answers as columns)`,
    );
    const results: AnchorResult[] = [];
    for (const { label, scope, period } of scopes) {
      log(`  anchor: ${label}`);
      // the Parquet export has just read every row, so PostgreSQL's first run is not a cold one
      const samples: number[] = [];
      let figures: Figures = {};
      for (let run = 0; run < Math.max(1, scanRuns); run++) {
        const timed = await timeIt(() => pgFigures(client, scope, period));
        samples.push(timed.ms);
        figures = timed.value;
      }
      const postgres = summarise(samples);
      const duckResult = await duckFigures(duck, dir, scope, period);
      const mismatches = differences(figures, duckResult);
      const duckdb = await repeat(runs, () => duckFigures(duck, dir, scope, period));
      results.push({ label, postgres, duckdb, figures, mismatches });
      lines.push(
        `${label}: ${figures.opened?.toLocaleString('en-GB')} opened, ${figures.matched?.toLocaleString('en-GB')} matched closed`,
        `  PostgreSQL, same aggregations in SQL over JSONB: ${formatSummary(postgres, 'ms')}`,
        `  DuckDB over Parquet: ${formatSummary(duckdb, 'ms')}; PostgreSQL/DuckDB ${(postgres.median / duckdb.median).toFixed(1)}×`,
        mismatches.length === 0
          ? '  the two engines give the same figures'
          : `  FIGURES DIFFER between the engines: ${mismatches.join(', ')}`,
      );
    }
    return { results, lines };
  } finally {
    await client.end();
    duck.closeSync();
    instance.closeSync();
  }
}

/**
 * Benchmark 0: the synthetic data itself. How fast cases are generated and validated, and how
 * fast the COPY path writes them; this also fills the database the other benchmarks read.
 */
import { contactSealer, parseMasterKey } from '@harbour/api';
import type { ModuleDefinition, Registry } from '@harbour/forms';
import { copyCases, type DatasetPlan, datasetCases, insertServices, planDataset, prepareCase } from '@harbour/synth';
import pg from 'pg';
import { masterKey } from './api-server';
import { timeIt } from './stats';

export type LoadResult = {
  plan: DatasetPlan;
  cases: number;
  responses: number;
  generateOnlyPerSecond: number;
  generateAndValidatePerSecond: number;
  copySeconds: number;
  copyCasesPerSecond: number;
  databaseSize: string;
  lines: string[];
};

function sample(plan: DatasetPlan, count: number) {
  const iterator = datasetCases(plan);
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < count; i++) {
        const next = iterator.next();
        if (next.done) return;
        yield next.value;
      }
    },
  };
}

export async function loadData(options: {
  ownerUrl: string;
  registry: Registry;
  cases: number;
  years: number;
  seed: string;
  /** The work folder, whose master key the API runs with: the follow-up contacts are sealed with it. */
  workDir: string;
  /**
   * The database was kept from an earlier run: its data is reused when it was made from the same
   * seed, cases and years, and otherwise emptied (`reset`) and loaded afresh.
   */
  kept?: { reset(): Promise<void> };
  log: (line: string) => void;
}): Promise<LoadResult> {
  const { ownerUrl, registry, cases, years, seed, log } = options;
  if (options.kept) {
    const reused = await keptDataset(ownerUrl, { seed, cases, years }, registry.modules());
    if (reused) return reused;
    log('the kept database holds another dataset (seed, cases or years): it is emptied and loaded afresh');
    await options.kept.reset();
  }
  const plan = planDataset({ seed, cases, years, modules: registry.modules() });
  const byId = new Map(plan.services.map((s) => [s.id, s]));
  const probe = Math.min(cases, 20_000);

  const generated = await timeIt(async () => {
    let n = 0;
    for (const _ of sample(plan, probe)) n++;
    return n;
  });
  const validated = await timeIt(async () => {
    let n = 0;
    for (const c of sample(plan, probe)) {
      prepareCase(registry, byId.get(c.serviceId) as DatasetPlan['services'][number], c);
      n++;
    }
    return n;
  });

  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'harbour-bench-load' });
  await client.connect();
  try {
    let lastLog = Date.now();
    const copied = await timeIt(async () => {
      await insertServices(client, plan.services);
      return copyCases(client, {
        registry,
        services: plan.services,
        cases: datasetCases(plan),
        sealer: contactSealer(parseMasterKey(masterKey(options.workDir))),
        batchSize: 5000,
        onBatch: (p) => {
          if (Date.now() - lastLog > 10_000) {
            lastLog = Date.now();
            log(`  … ${p.cases.toLocaleString('en-GB')} cases, ${p.responses.toLocaleString('en-GB')} responses`);
          }
        },
      });
    });
    const analysed = await timeIt(() => client.query('vacuum analyze cases, responses, case_facts'));
    const size = await client.query<{ size: string }>(
      'select pg_size_pretty(pg_database_size(current_database())) as size',
    );
    const result: LoadResult = {
      plan,
      cases: copied.value.cases,
      responses: copied.value.responses,
      generateOnlyPerSecond: (generated.value / generated.ms) * 1000,
      generateAndValidatePerSecond: (validated.value / validated.ms) * 1000,
      copySeconds: copied.ms / 1000,
      copyCasesPerSecond: (copied.value.cases / copied.ms) * 1000,
      databaseSize: size.rows[0]?.size ?? '?',
      lines: [],
    };
    await client.query(`create table if not exists bench_dataset (seed text, cases int, years float8, today date,
      loaded_cases int, loaded_responses int, loaded_at timestamptz default now())`);
    await client.query('truncate bench_dataset');
    await client.query('insert into bench_dataset values ($1, $2, $3, $4, $5, $6)', [
      seed,
      cases,
      years,
      plan.today,
      result.cases,
      result.responses,
    ]);
    result.lines = [
      `data: ${result.cases.toLocaleString('en-GB')} cases, ${result.responses.toLocaleString('en-GB')} responses, ${plan.services.length} services, ${plan.period.from} to ${plan.period.to}; database ${result.databaseSize}`,
      `generate: ${Math.round(result.generateOnlyPerSecond).toLocaleString('en-GB')} cases/s; generate + prepare (defaults, validation, scores, flags): ${Math.round(result.generateAndValidatePerSecond).toLocaleString('en-GB')} cases/s (${probe.toLocaleString('en-GB')} cases)`,
      `COPY load (generate, validate, COPY): ${result.copySeconds.toFixed(1)} s, ${Math.round(result.copyCasesPerSecond).toLocaleString('en-GB')} cases/s; vacuum analyze ${(analysed.ms / 1000).toFixed(1)} s`,
    ];
    return result;
  } finally {
    await client.end();
  }
}

/** The data an earlier `--keep` run loaded, when it was made from the same seed, cases and years. */
async function keptDataset(
  ownerUrl: string,
  wanted: { seed: string; cases: number; years: number },
  modules: readonly ModuleDefinition[],
): Promise<LoadResult | null> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = await client.query("select to_regclass('bench_dataset') is not null as yes");
    if (!exists.rows[0]?.yes) return null;
    const { rows } = await client.query<{ today: string; loaded_cases: number; loaded_responses: number }>(
      `select to_char(today, 'YYYY-MM-DD') as today, loaded_cases, loaded_responses from bench_dataset
       where seed = $1 and cases = $2 and years = $3
         -- data loaded before the generator wrote follow-ups is loaded afresh
         and exists (select 1 from follow_up_contacts)`,
      [wanted.seed, wanted.cases, wanted.years],
    );
    const row = rows[0];
    if (!row) return null;
    const plan = planDataset({ ...wanted, today: row.today, modules });
    const size = await client.query<{ size: string }>(
      'select pg_size_pretty(pg_database_size(current_database())) as size',
    );
    return {
      plan,
      cases: row.loaded_cases,
      responses: row.loaded_responses,
      generateOnlyPerSecond: Number.NaN,
      generateAndValidatePerSecond: Number.NaN,
      copySeconds: 0,
      copyCasesPerSecond: Number.NaN,
      databaseSize: size.rows[0]?.size ?? '?',
      lines: [
        `data: ${row.loaded_cases.toLocaleString('en-GB')} cases, ${row.loaded_responses.toLocaleString('en-GB')} responses, ${plan.services.length} services, ${plan.period.from} to ${plan.period.to}; database ${size.rows[0]?.size ?? '?'}`,
        `reused from an earlier --keep run (seed ${wanted.seed}, loaded as of ${row.today})`,
      ],
    };
  } finally {
    await client.end();
  }
}

/**
 * Removes what the recording and import benchmarks wrote into a kept database (cases created
 * after the load, with their responses and facts), so that the next run measures the data as
 * loaded. Their audit rows stay: the audit log is append-only.
 */
export async function forgetBenchWrites(ownerUrl: string, serviceId: string): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `delete from cases where service_id = $1
         and created_at > (select coalesce(max(loaded_at), 'infinity') from bench_dataset)`,
      [serviceId],
    );
    if (rowCount) await client.query('vacuum analyze cases, responses, case_facts');
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}

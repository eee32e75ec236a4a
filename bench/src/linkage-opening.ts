/**
 * What linkage adds to opening a case, in the database: normalising and encoding the identifiers,
 * keeping the encoding and running linkage_match_case (the SECURITY DEFINER door) against a region
 * holding `regionSize` encodings of another service. Everything it writes is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Encoder, MATCH_THRESHOLD, normaliseIdentifiers, toBitString } from '@harbour/linkage';
import { corruptIdentity, createRandom, generatePerson, type SynthIdentity } from '@harbour/synth';
import pg from 'pg';
import { formatSummary, summarise } from './stats';

export type OpeningOptions = { ownerUrl: string; regionSize: number; runs: number; seed: string; today: string };

export async function benchLinkageOpening(options: OpeningOptions): Promise<string[]> {
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  const random = createRandom(`${options.seed}:linkage-opening`);
  const encoder = new Encoder({ id: crypto.randomUUID(), key: randomBytes(32) });
  const one = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows[0] as T;
  const region = await one<{ id: string }>('insert into linkage_regions (name) values ($1) returning id', [
    `Bench linkage ${randomBytes(4).toString('hex')}`,
  ]);
  const services: string[] = [];
  try {
    for (const name of ['Bench linkage A', 'Bench linkage B']) {
      const s = await one<{ id: string }>(`insert into services (name, kind) values ($1, 'idva') returning id`, [name]);
      services.push(s.id);
      await client.query(
        'insert into linkage_region_services (service_id, region_id, opted_in_at) values ($1, $2, now())',
        [s.id, region.id],
      );
    }
    const [serviceA, serviceB] = services as [string, string];
    const worker = await one<{ id: string }>(
      `insert into users (email, name) values ($1, 'bench linkage') returning id`,
      [`linkage-${randomBytes(4).toString('hex')}@bench.invalid`],
    );
    await client.query(
      `insert into linkage_keys (region_id, id, wrapped_key, master_key_id) values ($1, $2, 'hb1.bench.not-a-key', 'bench')`,
      [region.id, encoder.key.id],
    );
    // the region's earlier cases, all in service B, opened in the last year
    const people: SynthIdentity[] = [];
    const loadStart = Date.now();
    for (let done = 0; done < options.regionSize; ) {
      const batch = Math.min(1000, options.regionSize - done);
      const rows: unknown[][] = [];
      for (let i = 0; i < batch; i++) {
        const person = generatePerson(random, done + i).identity;
        people.push(person);
        const e = encoder.encode(normaliseIdentifiers(person, options.today).identity!);
        rows.push([e.block, toBitString(e.bits)]);
      }
      await client.query(
        `with c as (
           insert into cases (service_id, worker_id, opened_at)
           select $1, $2, current_date - (random() * 300)::int from generate_series(1, $3) returning id, service_id)
         insert into case_linkage (service_id, case_id, region_id, key_id, block, bloom, consent)
         select c.service_id, c.id, $4, $5, r.block, r.bloom::bit(1024), true
         from (select row_number() over () n, id, service_id from c) c
         join (select row_number() over () n, block, bloom
               from jsonb_to_recordset($6::jsonb) as x(block int, bloom text)) r on r.n = c.n`,
        [
          serviceB,
          worker.id,
          batch,
          region.id,
          encoder.key.id,
          JSON.stringify(rows.map(([block, bloom]) => ({ block, bloom }))),
        ],
      );
      done += batch;
    }
    await client.query('analyze case_linkage');
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const samples: number[] = [];
    const encodeSamples: number[] = [];
    const matchSamples: number[] = [];
    let matched = 0;
    for (let run = 0; run < options.runs; run++) {
      // half the new cases are people the region has seen, entered with corruption
      const identity =
        run % 2 === 0
          ? corruptIdentity(random, people[random.int(0, people.length - 1)]!).identity
          : generatePerson(random, options.regionSize + run).identity;
      const kase = await one<{ id: string }>(
        'insert into cases (service_id, worker_id, opened_at) values ($1, $2, current_date) returning id',
        [serviceA, worker.id],
      );
      // the transaction that opens the case is there anyway: what linkage adds is timed inside it,
      // the same statements encodeCase runs (participation, the region's key, keep, match)
      await client.query('begin');
      await client.query(`select set_config('app.service_id', $1, true), set_config('app.user_id', $2, true)`, [
        serviceA,
        worker.id,
      ]);
      const start = process.hrtime.bigint();
      await client.query(
        `select m.region_id, m.opted_in_at from linkage_region_services m join linkage_regions r on r.id = m.region_id
         where m.service_id = $1`,
        [serviceA],
      );
      await client.query('select id, wrapped_key from linkage_keys where region_id = $1 and retired_at is null', [
        region.id,
      ]);
      const encodeStart = process.hrtime.bigint();
      const normalised = normaliseIdentifiers(identity, options.today);
      const e = encoder.encode(normalised.identity!);
      encodeSamples.push(Number(process.hrtime.bigint() - encodeStart) / 1e6);
      await client.query(
        `insert into case_linkage (service_id, case_id, region_id, key_id, block, bloom, consent)
         values ($1, $2, $3, $4, $5, $6::bit(1024), true)`,
        [serviceA, kase.id, region.id, encoder.key.id, e.block, toBitString(e.bits)],
      );
      const matchStart = process.hrtime.bigint();
      const found = await client.query(`select * from linkage_match_case($1, $2, current_date - 365, '127.0.0.1')`, [
        kase.id,
        MATCH_THRESHOLD,
      ]);
      const end = process.hrtime.bigint();
      matchSamples.push(Number(end - matchStart) / 1e6);
      samples.push(Number(end - start) / 1e6);
      await client.query('commit');
      if (found.rowCount) matched++;
    }
    const summary = summarise(samples);
    const sorted = [...samples].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    return [
      `region of ${options.regionSize.toLocaleString('en-GB')} encodings (loaded in ${loadSeconds.toFixed(1)} s), ${options.runs} case openings, ${matched} with a match shown`,
      `added to opening a case (participation, key, encode, keep, match): ${formatSummary(summary, 'ms')}, p95 ${p95.toFixed(1)} ms (target ≤ 20 ms: ${summary.median <= 20 ? 'met' : 'MISSED'})`,
      `  of which normalise + encode: ${formatSummary(summarise(encodeSamples), 'ms')}; linkage_match_case: ${formatSummary(summarise(matchSamples), 'ms')}`,
    ];
  } finally {
    if (services.length) {
      await client.query('delete from linkage_disclosures where service_id = any($1)', [services]);
      await client.query('delete from linkage_matches where service_id = any($1)', [services]);
      await client.query('delete from case_linkage where service_id = any($1)', [services]);
      await client.query('delete from audit_log where service_id = any($1)', [services]);
      await client.query('delete from linkage_region_services where service_id = any($1)', [services]);
      await client.query('delete from cases where service_id = any($1)', [services]);
      await client.query('delete from services where id = any($1)', [services]);
    }
    await client.query(`delete from users where email like 'linkage-%@bench.invalid'`);
    await client.query('delete from linkage_keys where region_id = $1', [region.id]);
    await client.query('delete from linkage_regions where id = $1', [region.id]);
    await client.end();
  }
}

/**
 * The demo: one service with a year and a half of cases ending today, three practitioners and a
 * manager who can log in, modules switched on for part of the period, and a handful of other
 * services so that the national benchmarks have data. The demo service sits in Leicester and
 * reaches Asian clients far less than its population would predict, on purpose, so that the
 * report's reach comparison has something to find.
 */
import { randomBytes } from 'node:crypto';
import type { ModuleDefinition, Registry } from '@harbour/forms';
import { Algorithm, hash } from '@node-rs/argon2';
import pg from 'pg';
import { generateCases } from './cases';
import { type Census, catchmentOf, loadCensus } from './census';
import { type ContactSealer, copyCases, insertServices } from './copy-load';
import { addDays, addMonths, isoDate } from './dates';
import { createRandom } from './random';
import { casesPerYearOf, DEFAULT_SETTINGS, generateServices, generateWorkers } from './services';
import type { Period, SynthService } from './types';

export const DEMO_SERVICE_NAME = 'Harbour demo Idva service (synthetic)';
export const DEMO_YOUNG_PEOPLE_SERVICE_NAME = "Harbour demo young people's service (synthetic)";
const DEMO_YOUNG_PEOPLE_EMAIL_DOMAIN = 'young.demo.harbour.invalid';
/** Youth Idvas carry smaller caseloads than adult Idvas (assumed 60 new young people a year a post). */
const YOUNG_PEOPLE_CASES_PER_FTE_YEAR = 60;
export const DEMO_LOCAL_AUTHORITY = 'E06000016'; // Leicester: 43% Asian at the 2021 Census
const DEMO_EMAIL_DOMAIN = 'demo.harbour.invalid';

// OWASP's argon2id minimum, as the API hashes passwords.
const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export type DemoLogin = { email: string; password: string; role: 'practitioner' | 'manager'; name: string };

export type DemoResult = {
  serviceId: string;
  serviceName: string;
  /** The demo young people's service (Youth Idvas): its young people's own cases and questionnaires. */
  youngPeopleServiceId: string;
  /** False when the demo was already loaded: the logins then get fresh passwords. */
  created: boolean;
  logins: DemoLogin[];
  period: Period;
  services: number;
  cases: number;
  responses: number;
};

export type LoadDemoOptions = {
  /** Owner (superuser or BYPASSRLS) URL of a migrated database. */
  ownerUrl: string;
  registry: Registry;
  /** Seals the contact details of clients who agreed to be followed up, with the API's keys. */
  sealer: ContactSealer;
  seed?: string | number;
  /** The last day of the demo period; today by default. */
  today?: string;
  /** Other services for the national benchmarks. */
  otherServices?: number;
  census?: Census;
  log?: (line: string) => void;
};

export function demoService(
  random: ReturnType<typeof createRandom>,
  census: Census,
  period: Period,
  modules: readonly ModuleDefinition[],
): SynthService {
  const r = random.fork('demo-service');
  const workers = generateWorkers(r, 'idva', { practitioners: 3, emailDomain: DEMO_EMAIL_DOMAIN, label: 'Demo' });
  for (const worker of workers) if (worker.role === 'practitioner') worker.fte = 1;
  return {
    id: r.uuid(),
    name: DEMO_SERVICE_NAME,
    kind: 'idva',
    localAuthority: DEMO_LOCAL_AUTHORITY,
    sharesNationalDataset: true,
    sharesNationalDatasetFrom: period.from,
    settings: { ...DEFAULT_SETTINGS },
    // Every installed module with synthetic answers that adult services adopt (not the young
    // people's, which only young people's services switch on), switched on when its hook says.
    modules: modules.flatMap((m) =>
      m.alwaysActive || !m.synthetic || m.synthetic.adoption === 0
        ? []
        : [
            {
              moduleKey: m.key,
              activeFrom: m.synthetic.demoMonths ? addMonths(period.to, -m.synthetic.demoMonths) : period.from,
              activeTo: null,
            },
          ],
    ),
    workers,
    catchment: catchmentOf(census, DEMO_LOCAL_AUTHORITY),
    reach: { asian: 0.3 },
    casesPerYear: casesPerYearOf(workers),
  };
}

/**
 * A young people's service (Youth Idvas working with 11–18-year-olds as clients in their own
 * right), with the young-people and children modules for the whole period: the demo's, with
 * logins, and others without, so that its benchmarks among young people's services have data.
 */
export function youngPeopleService(
  random: ReturnType<typeof createRandom>,
  census: Census,
  period: Period,
  which: { name: string; emailDomain: string; label: string; localAuthority: string },
): SynthService {
  const r = random.fork(`young-people-${which.emailDomain}`);
  const workers = generateWorkers(r, 'young_people', {
    practitioners: 2,
    emailDomain: which.emailDomain,
    label: which.label,
  });
  const fte = workers.filter((w) => w.role === 'practitioner').reduce((sum, w) => sum + w.fte, 0);
  return {
    id: r.uuid(),
    name: which.name,
    kind: 'young_people',
    localAuthority: which.localAuthority,
    sharesNationalDataset: true,
    sharesNationalDatasetFrom: period.from,
    settings: { ...DEFAULT_SETTINGS },
    modules: [
      { moduleKey: 'young-people', activeFrom: period.from, activeTo: null },
      { moduleKey: 'children', activeFrom: period.from, activeTo: null },
    ],
    workers,
    catchment: catchmentOf(census, which.localAuthority),
    reach: {},
    casesPerYear: Math.round(fte * YOUNG_PEOPLE_CASES_PER_FTE_YEAR),
  };
}

const OTHER_YOUNG_PEOPLE_SERVICES = [
  { localAuthority: 'E08000025', place: 'Birmingham' },
  { localAuthority: 'E06000023', place: 'Bristol' },
];

/** A password of 20 URL-safe characters: long, random, and easy to paste. */
function newPassword(): string {
  return randomBytes(15).toString('base64url');
}

async function demoLogins(service: SynthService): Promise<{ logins: DemoLogin[]; hashes: Map<string, string> }> {
  const logins = service.workers.map((w) => ({
    email: w.email,
    password: newPassword(),
    role: w.role,
    name: w.name,
  }));
  const hashes = new Map(
    await Promise.all(logins.map(async (l) => [l.email, await hash(l.password, ARGON2_OPTIONS)] as const)),
  );
  return { logins, hashes };
}

export async function loadDemo({
  ownerUrl,
  registry,
  sealer,
  seed = 'harbour-demo',
  today = isoDate(new Date()),
  otherServices = 8,
  census = loadCensus(),
  log,
}: LoadDemoOptions): Promise<DemoResult> {
  const random = createRandom(seed);
  const period = { from: addDays(addMonths(today, -18), 1), to: today };
  const modules = registry.modules();
  const demo = demoService(random, census, period, modules);
  const youngDemo = youngPeopleService(random, census, period, {
    name: DEMO_YOUNG_PEOPLE_SERVICE_NAME,
    emailDomain: DEMO_YOUNG_PEOPLE_EMAIL_DOMAIN,
    label: 'Demo young people',
    localAuthority: DEMO_LOCAL_AUTHORITY,
  });
  const adult = await demoLogins(demo);
  const young = await demoLogins(youngDemo);
  const logins = [...adult.logins, ...young.logins];
  // both demo services' passwords are renewed on a second run
  const hashes = new Map([...adult.hashes, ...young.hashes]);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'harbour-demo' });
  await client.connect();
  try {
    const existing = await client.query<{ id: string }>('select id from services where name = $1', [DEMO_SERVICE_NAME]);
    const existingId = existing.rows[0]?.id;
    if (existingId) {
      for (const [email, passwordHash] of hashes) {
        await client.query('update users set password_hash = $2, failed_logins = 0 where email = $1', [
          email,
          passwordHash,
        ]);
      }
      log?.('the demo was already loaded: its logins have new passwords');
      const youngExisting = await client.query<{ id: string }>('select id from services where name = $1', [
        DEMO_YOUNG_PEOPLE_SERVICE_NAME,
      ]);
      return {
        serviceId: existingId,
        serviceName: DEMO_SERVICE_NAME,
        youngPeopleServiceId: youngExisting.rows[0]?.id ?? '',
        created: false,
        logins,
        period,
        services: 0,
        cases: 0,
        responses: 0,
      };
    }
    const others = generateServices({
      random: random.fork('other-services'),
      census,
      count: otherServices,
      period,
      practitioners: [3, 8],
      firstNumber: 1,
      modules,
    });
    const otherYoung = OTHER_YOUNG_PEOPLE_SERVICES.map((other, i) =>
      youngPeopleService(random, census, period, {
        name: `Young people's service ${i + 1} — ${other.place} (synthetic)`,
        emailDomain: `young${i + 1}.synthetic.invalid`,
        label: `Young people's service ${i + 1}`,
        localAuthority: other.localAuthority,
      }),
    );
    const services = [demo, youngDemo, ...others, ...otherYoung];
    await client.query('begin');
    await insertServices(client, services, hashes);
    const cases = (function* () {
      for (const service of services) {
        yield* generateCases({ census, service, period, today, random: random.fork(`cases-${service.id}`), modules });
      }
    })();
    const written = await copyCases(client, {
      registry,
      services,
      cases,
      sealer,
      onBatch: (p) => log?.(`demo: ${p.cases} cases, ${p.responses} responses, ${p.followUps} follow-ups sent`),
    });
    await client.query('commit');
    await client.query(
      'analyze cases, responses, child_responses, questionnaire_links, follow_up_contacts, follow_ups',
    );
    return {
      serviceId: demo.id,
      serviceName: demo.name,
      youngPeopleServiceId: youngDemo.id,
      created: true,
      logins,
      period,
      services: services.length,
      cases: written.cases,
      responses: written.responses,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

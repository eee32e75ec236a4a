import {
  addDays,
  createRandom,
  generateCases,
  generateServices,
  injectTransport,
  isoDate,
  loadCensus,
  loadThroughApi,
  login,
} from '@harbour/synth';
import { buildTestApp, seedService, seedUser, TEST_PASSWORD, type TestApp } from '../../../test/helpers/app';

describe('loading generated cases through the API', () => {
  let harbour: TestApp;
  beforeAll(async () => {
    harbour = await buildTestApp();
  });
  afterAll(async () => harbour.close());

  it('opens, records and closes each case, and the API accepts every response', async () => {
    const serviceId = await seedService(harbour.owner);
    await seedUser(harbour.owner, { email: 'worker@example.org', serviceId, role: 'practitioner' });
    const census = loadCensus();
    const today = isoDate(new Date());
    const period = { from: addDays(today, -200), to: today };
    const [service] = generateServices({
      random: createRandom('api'),
      census,
      count: 1,
      period,
      practitioners: [1, 1],
      modules: [],
    });
    if (!service) throw new Error('no service generated');
    service.modules = []; // the seeded service has no optional module switched on
    service.casesPerYear = 40;
    const cases = [
      ...generateCases({
        census,
        service,
        period,
        today,
        random: createRandom('api-cases'),
        modules: harbour.registry.modules(),
      }),
    ];
    expect(cases.length).toBeGreaterThan(5);

    const session = await login(injectTransport(harbour.app), { email: 'worker@example.org', password: TEST_PASSWORD });
    const loaded = await loadThroughApi({ session, cases, assignWorker: false, concurrency: 2 });
    expect(loaded.cases).toBe(cases.length);

    const stored = await harbour.owner
      .selectFrom('cases')
      .select(({ fn }) => [fn.countAll<number>().as('n')])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(cases.length);
    const closed = await harbour.owner
      .selectFrom('cases')
      .select(({ fn }) => [fn.countAll<number>().as('n')])
      .where('service_id', '=', serviceId)
      .where('status', '=', 'closed')
      .executeTakeFirstOrThrow();
    expect(Number(closed.n)).toBe(cases.filter((c) => c.closedAt !== null).length);
    const responses = await harbour.owner
      .selectFrom('responses')
      .select(({ fn }) => [fn.countAll<number>().as('n')])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    // follow-ups are the client's answers through a link after closure, not a practitioner's:
    // the load path leaves them out (api-load.ts), and every other response is stored
    const byStaff = cases.flatMap((c) => c.responses).filter((r) => r.formKey !== 'core.client_follow_up');
    expect(Number(responses.n)).toBe(byStaff.length);
    // the follow-up choice of every closed case, recorded at exit through the API, sealed by it
    const contacts = await harbour.owner
      .withTables<{ follow_up_contacts: { service_id: string; consent: boolean; address_sealed: string | null } }>()
      .selectFrom('follow_up_contacts')
      .select(['consent', 'address_sealed'])
      .where('service_id', '=', serviceId)
      .execute();
    expect(contacts.length).toBe(cases.filter((c) => c.closedAt !== null).length);
    expect(contacts.filter((c) => c.consent).length).toBe(cases.filter((c) => c.followUp?.choice.consent).length);
    for (const contact of contacts) expect(contact.address_sealed?.startsWith('hb1.') ?? !contact.consent).toBe(true);
  });
});

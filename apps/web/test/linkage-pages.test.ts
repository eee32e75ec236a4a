/**
 * The linkage pages through the real app: the platform admin creates a region and puts a service
 * in it, the service's manager opts in with a safeguarding contact and sees which of its cases
 * were shown to another service.
 */
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let serviceId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner, 'Riverside Idva Service');
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'ada@example.org', platformRole: 'admin' });
  cookies.mo = await login(t.app, 'mo@example.org');
  cookies.ada = await login(t.app, 'ada@example.org');
});
afterAll(async () => t.close());

const page = (who: string, url: string, form?: Record<string, string>) =>
  t.app.inject({
    method: form ? 'POST' : 'GET',
    url,
    headers: {
      cookie: cookies[who]!,
      'sec-fetch-site': 'same-origin',
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
  });

test('the admin creates a region and adds a service; the manager opts in and sees what was shown', async () => {
  const before = await page('mo', '/service/linkage');
  expect(before.statusCode).toBe(200);
  expect(before.body).toContain('has not put your service in a linkage region');

  const created = await page('ada', '/admin/linkage', { name: 'Northshire Marac' });
  expect(created.statusCode).toBe(201);
  expect(created.body).toContain('Region created.');
  const regionId = (await sql<{ id: string }>`select id from linkage_regions`.execute(t.owner)).rows[0]!.id;
  const added = await page('ada', `/admin/linkage/${regionId}/services`, { serviceId });
  expect(added.statusCode).toBe(200);
  expect(added.body).toMatch(/Riverside Idva Service <span class="tag">Not opted in/);

  const opted = await page('mo', '/service/linkage', {
    optedIn: 'yes',
    safeguardingContact: 'Duty desk, 01632 960333',
  });
  expect(opted.statusCode).toBe(200);
  expect(opted.body).toContain('Saved.');
  expect(opted.body).toContain('value="Duty desk, 01632 960333"');
  const row = await sql<{ opted_in_at: Date | null }>`select opted_in_at from linkage_region_services`.execute(t.owner);
  expect(row.rows[0]!.opted_in_at).not.toBeNull();
  expect((await page('ada', '/admin/linkage')).body).toMatch(
    /Riverside Idva Service <span class="tag tag--ok">Taking part/,
  );

  const rotated = await page('ada', `/admin/linkage/${regionId}/key-rotation`, {});
  expect(rotated.body).toContain('Key rotated');
  expect((await page('mo', '/service/linkage')).body).toContain('None of your cases has been shown');
  // only managers and the admin reach these pages
  expect((await page('mo', '/admin/linkage')).statusCode).toBe(404);
});

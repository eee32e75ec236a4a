/**
 * "Known elsewhere" in real headless Chromium: a practitioner opens a case with the client's
 * identifiers through the new-case form, sees on the case that another service of the region
 * possibly supported the client (with its safeguarding contact), and rejects the match.
 */
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { buildTestApp, listenOnFreePort, login, seedService, seedUser, type TestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';
import { axeViolations, buildBrowserScript, signInThroughPages } from '../helpers/pages';

let t: TestApp;
let browser: Browser;
let base: string;

jest.setTimeout(240_000);

beforeAll(async () => {
  buildBrowserScript();
  t = await buildTestApp();
  const riverside = await seedService(t.owner, 'Riverside Idva Service');
  const northgate = await seedService(t.owner, 'Northgate Idva Service');
  await seedUser(t.owner, { email: 'pat@example.org', serviceId: riverside, role: 'practitioner' });
  await seedUser(t.owner, { email: 'nia@example.org', serviceId: northgate, role: 'practitioner' });
  // the region as the platform admin and the managers would set it up (their routes have API tests)
  const region = await sql<{
    id: string;
  }>`insert into linkage_regions (name) values ('Northshire Marac') returning id`.execute(t.owner);
  await sql`insert into linkage_region_services (service_id, region_id, opted_in_at)
    values (${riverside}, ${region.rows[0]!.id}, now()), (${northgate}, ${region.rows[0]!.id}, now())`.execute(t.owner);
  await sql`update services set settings = '{"safeguardingContact": "Northgate duty desk, 01632 960222"}'
    where id = ${northgate}`.execute(t.owner);
  // Northgate supported the client from March to June
  const opened = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie: await login(t.app, 'nia@example.org') },
    payload: {
      openedAt: '2026-03-04',
      identifiers: { firstName: 'Rhiannon', lastName: 'Featherstone', dateOfBirth: '1991-08-14', consent: true },
    },
  });
  expect(opened.statusCode).toBe(201);
  await sql`update cases set status = 'closed', closed_at = '2026-06-20' where id = ${opened.json().id}`.execute(
    t.owner,
  );
  base = await listenOnFreePort(t);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('a practitioner opens a case with identifiers, sees the possible match and rejects it', async () => {
  // CSP bypassed only so that axe-core can be injected
  const context = await browser.newContext({ bypassCSP: true });
  const page = await signInThroughPages(t, base, context, 'pat@example.org');
  await page.goto(`${base}/cases`);
  await page.getByText('Open a new case').click();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Date opened').fill('2026-09-01');
  await page.getByLabel('First name').fill('Rhiannon');
  await page.getByLabel('Last name').fill('FEATHERSTON');
  await page.getByLabel('Date of birth').fill('1991-08-14');
  await page.getByRole('button', { name: 'Open case' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  const panel = page.locator('section[aria-labelledby="linkage-title"]');
  await expect(panel.textContent()).resolves.toMatch(
    /Possibly supported by Northgate Idva Service \(Idva service\)\s+between March and June 2026\./,
  );
  await expect(panel.textContent()).resolves.toContain('Safeguarding contact: Northgate duty desk, 01632 960222');
  expect(await axeViolations(page)).toEqual([]);
  // the page never shows the identifiers back
  expect(await page.content()).not.toMatch(/Rhiannon|Featherston|1991-08-14/i);
  await page.getByRole('button', { name: 'Not the same person' }).click();
  await page.getByText('Noted: not the same person').waitFor();
  await page.goto(caseUrl);
  await expect(panel.textContent()).resolves.toContain('No other support found in the region');
  await context.close();
});
